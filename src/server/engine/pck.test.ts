import { describe, expect, it } from 'vitest';
import type { GtPerson } from './coco-eval';
import { pck, type NamedPoint } from './pck';

function body(dx: number): GtPerson {
  const keypoints = Array.from({ length: 17 }, (_, i) => ({
    x: 100 + dx + (i % 3) * 30,
    y: 50 + i * 15,
    score: 2,
  }));
  return { bbox: [100 + dx, 50, 90, 255], area: 15_000, keypoints };
}
// Torso: left shoulder (100, 50) to right hip (100, 150): 100 px, so the PCK@0.2 radius is 20 px.
const torso: NamedPoint[] = [
  { name: 'left_shoulder', x: 100, y: 50 },
  { name: 'right_hip', x: 100, y: 150 },
];

describe('pck', () => {
  it('counts predictions within alpha x torso as correct, others and missing ones as wrong', () => {
    const gt = {
      body: body(0),
      named: [
        ...torso,
        { name: 'left_heel', x: 10, y: 10 },
        { name: 'right_heel', x: 50, y: 10 },
        { name: 'left_big_toe', x: 0, y: 0 },
      ],
    };
    const dt = {
      body: { score: 0.9, keypoints: body(0).keypoints },
      named: [
        { name: 'left_heel', x: 25, y: 10 }, // 15 px: correct
        { name: 'right_heel', x: 75, y: 10 }, // 25 px: wrong
      ],
    };
    expect(pck([{ gts: [gt], dts: [dt] }], ['left_heel', 'right_heel', 'left_big_toe'])).toEqual({
      total: 3,
      correct: 1,
      predicted: 2,
    });
  });

  it('pairs each person with the detection of highest body OKS, not with whoever is first', () => {
    const gt = { body: body(0), named: [...torso, { name: 'left_heel', x: 10, y: 10 }] };
    const other = {
      body: { score: 0.9, keypoints: body(400).keypoints },
      named: [{ name: 'left_heel', x: 10, y: 10 }],
    };
    const same = {
      body: { score: 0.5, keypoints: body(0).keypoints },
      named: [{ name: 'left_heel', x: 100, y: 100 }],
    };
    expect(pck([{ gts: [gt], dts: [other, same] }], ['left_heel']).correct).toBe(0);
    expect(pck([{ gts: [gt], dts: [other] }], ['left_heel'])).toEqual({ total: 1, correct: 0, predicted: 0 });
  });
});
