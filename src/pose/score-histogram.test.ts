import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { hiddenCounts, scoreHistogram } from './score-histogram';

const RESULT: PoseResult = {
  fileType: 'jpg',
  numberOfPerson: 2,
  keyPointList: [
    {
      personId: 'a',
      inferKeypointList: [
        { name: 'nose', part: 'body', x: 10, y: 10, score: 0.95 },
        { name: 'left_eye', part: 'body', x: 12, y: 8, score: 1 },
        { name: 'face-3', part: 'face', x: 11, y: 12, score: 0.42 },
        { name: 'left_heel', part: 'foot', x: 30, y: 90, score: 0.05 },
        { name: 'left_ankle', part: 'body', x: 0, y: 0, score: 0 }, // placeholder: never counted
      ],
    },
    {
      personId: 'b',
      inferKeypointList: [
        { name: 'right_thumb2', part: 'hand', x: 50, y: 50, score: 0.3 },
        { name: 'tail', part: 'other', x: 60, y: 70, score: 0.5 },
      ],
    },
  ],
};

describe('scoreHistogram', () => {
  it('bins scores per part, with 1.0 in the last bin', () => {
    const h = scoreHistogram(RESULT, { bins: 10 });
    expect(h.edges).toHaveLength(11);
    expect(h.edges[3]).toBeCloseTo(0.3, 12);
    expect(h.byPart.body).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(h.byPart.face).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(h.byPart.foot).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(h.byPart.hand).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(h.byPart.other).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(h.total).toEqual([1, 0, 0, 1, 1, 1, 0, 0, 0, 2]);
    expect(h.maxCount).toBe(2);
  });

  it('can restrict to some persons', () => {
    const h = scoreHistogram(RESULT, { bins: 2, personIds: ['b'] });
    expect(h.total).toEqual([1, 1]);
  });
});

describe('hiddenCounts', () => {
  it('counts what a threshold hides per part and person', () => {
    const c = hiddenCounts(RESULT, 0.45);
    expect(c.total).toBe(3);
    expect(c.byPart).toEqual({ body: 0, foot: 1, face: 1, hand: 1, other: 0 });
    expect(c.byPerson.a).toEqual({ total: 2, byPart: { body: 0, foot: 1, face: 1, hand: 0, other: 0 } });
    expect(c.byPerson.b).toEqual({ total: 1, byPart: { body: 0, foot: 0, face: 0, hand: 1, other: 0 } });
  });

  it('hides nothing at threshold 0', () => {
    expect(hiddenCounts(RESULT, 0).total).toBe(0);
  });
});
