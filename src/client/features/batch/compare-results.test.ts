import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { compareResults } from './compare-results';

const person = (
  id: string,
  dx: number,
  extra: { name: string; x: number; y: number; score: number }[] = [],
) => ({
  personId: id,
  inferKeypointList: [
    { name: 'nose', part: 'body' as const, x: 100 + dx, y: 50, score: 0.9 },
    { name: 'left_wrist', part: 'body' as const, x: 80 + dx, y: 120, score: 0.8 },
    ...extra.map((e) => ({ ...e, part: 'body' as const })),
  ],
});

const result = (persons: ReturnType<typeof person>[]): PoseResult => ({
  fileType: 'png',
  numberOfPerson: persons.length,
  keyPointList: persons,
});

describe('compareResults', () => {
  it('pairs people by proximity (whatever their ids and order) and measures each shared keypoint', () => {
    const a = result([person('0', 0), person('1', 300)]);
    // B lists them the other way round and moved the first person's wrist by (3, 4).
    const movedWrist = person('x', 303);
    movedWrist.inferKeypointList[1] = { ...movedWrist.inferKeypointList[1]!, x: 380 + 3, y: 124 };
    const b = result([movedWrist, person('y', 0)]);
    const c = compareResults(a, b, 640, 480);
    expect(c.pairs.map((p) => [p.personA, p.personB])).toEqual([
      ['0', 'y'],
      ['1', 'x'],
    ]);
    const second = c.pairs[1]!;
    expect(second.deltas.map((d) => [d.name, d.distance])).toEqual([
      ['nose', 3],
      ['left_wrist', 5],
    ]);
    expect(second.meanDistance).toBe(4);
    expect(c.unmatchedA).toEqual([]);
  });

  it('leaves extra people unmatched and ignores "not detected" placeholders', () => {
    const a = result([person('0', 0, [{ name: 'right_ear', x: 0, y: 0, score: 0 }])]);
    const b = result([person('0', 0, [{ name: 'right_ear', x: 90, y: 40, score: 0.7 }]), person('1', 200)]);
    const c = compareResults(a, b, 640, 480);
    expect(c.pairs).toHaveLength(1);
    expect(c.pairs[0]!.deltas.map((d) => d.name)).toEqual(['nose', 'left_wrist']);
    expect(c.unmatchedB).toEqual(['1']);
  });
});
