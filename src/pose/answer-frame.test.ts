import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { answerFrame, mapResultToFrame } from './answer-frame';

const result = (points: [number, number][]): PoseResult => ({
  fileType: 'png',
  numberOfPerson: 1,
  keyPointList: [
    {
      personId: '0',
      inferKeypointList: points.map(([x, y], i) => ({ name: `k${i}`, part: 'body', x, y, score: 0.9 })),
    },
  ],
});

const xy = (r: PoseResult) => r.keyPointList[0]!.inferKeypointList.map((k) => [k.x, k.y]);

describe('answerFrame', () => {
  it('is "same" for equal sizes, odd ones included, and when either size is unknown', () => {
    expect(answerFrame({ width: 641, height: 479 }, { width: 641, height: 479 })).toMatchObject({
      kind: 'same',
      scaleX: 1,
      scaleY: 1,
    });
    expect(answerFrame(undefined, { width: 641, height: 479 }).kind).toBe('same');
    expect(answerFrame({ width: 641, height: 479 }, undefined).kind).toBe('same');
    expect(answerFrame({ width: 0, height: 479 }, { width: 641, height: 479 }).kind).toBe('same');
  });

  it('scales each axis on its own: 641 x 479 answered, 320 x 240 drawn', () => {
    const f = answerFrame({ width: 641, height: 479 }, { width: 320, height: 240 });
    expect(f.kind).toBe('scaled');
    expect(f.scaleX).toBeCloseTo(0.49922, 5);
    expect(f.scaleY).toBeCloseTo(0.50104, 5);
  });

  it('calls a 90° turn "turned": the server applied an orientation the browser did not (or back)', () => {
    const f = answerFrame({ width: 479, height: 641 }, { width: 641, height: 479 });
    expect(f.kind).toBe('turned');
    expect(f.scaleX).toBeCloseTo(641 / 479, 10);
    expect(f.scaleY).toBeCloseTo(479 / 641, 10);
  });
});

describe('mapResultToFrame', () => {
  it('maps every keypoint per axis; corners stay corners; placeholders at (0, 0) stay', () => {
    const r = result([
      [0, 0],
      [641, 479],
      [320.5, 239.5],
    ]);
    const mapped = mapResultToFrame(
      r,
      answerFrame({ width: 641, height: 479 }, { width: 1282, height: 479 }),
    );
    expect(xy(mapped)).toEqual([
      [0, 0],
      [1282, 479],
      [641, 239.5],
    ]);
    // The input is not changed.
    expect(xy(r)[1]).toEqual([641, 479]);
  });

  it('returns the same object when the frames agree', () => {
    const r = result([[10, 20]]);
    expect(mapResultToFrame(r, answerFrame({ width: 641, height: 479 }, { width: 641, height: 479 }))).toBe(
      r,
    );
  });
});
