import { describe, expect, it } from 'vitest';
import { personBbox } from './person-bbox';

const KPS = [
  { x: 120, y: 40, score: 0.9 },
  { x: 80, y: 200, score: 0.7 },
  { x: 160, y: 310, score: 0.6 },
  { x: 500, y: 500, score: 0.1 }, // below threshold
  { x: 0, y: 0, score: 0 }, // placeholder
];

describe('personBbox', () => {
  it('spans the keypoints above the threshold', () => {
    expect(personBbox(KPS, { threshold: 0.5 })).toEqual({ x: 80, y: 40, width: 80, height: 270 });
  });

  it('includes weak points when the threshold allows, but never placeholders', () => {
    expect(personBbox(KPS, { threshold: 0 })).toEqual({ x: 80, y: 40, width: 420, height: 460 });
  });

  it('pads by a fraction of the larger side and clips to the image', () => {
    // larger side 270, 10 % = 27 on every edge; y would start at 13, x at 53.
    expect(personBbox(KPS, { threshold: 0.5, padding: 0.1 })).toEqual({
      x: 53,
      y: 13,
      width: 134,
      height: 324,
    });
    expect(personBbox(KPS, { threshold: 0.5, padding: 0.2, imageWidth: 200, imageHeight: 340 })).toEqual({
      x: 26,
      y: 0,
      width: 174,
      height: 340,
    });
  });

  it('is undefined when nothing qualifies', () => {
    expect(personBbox(KPS, { threshold: 0.95 })).toBeUndefined();
    expect(personBbox([], { threshold: 0 })).toBeUndefined();
  });
});
