import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PoseResult } from '@/contract/pose-envelope';
import { compareResults, SAME_PERSON_MIN_OKS } from './compare-results';

// Real geometry: the labelled people of COCO photo 000000197388 (five people, two of them
// overlapping: a tall one at x 139-361 and a smaller one at x 287-362), from test-data.

const Gt = z.object({
  images: z.array(
    z.object({
      file: z.string(),
      width: z.number(),
      height: z.number(),
      persons: z.array(
        z.object({
          keypoints: z.array(
            z.object({ name: z.string(), part: z.string(), x: z.number(), y: z.number(), v: z.number() }),
          ),
        }),
      ),
    }),
  ),
});
const gt = Gt.parse(
  JSON.parse(readFileSync(new URL('../../../../test-data/images/gt.json', import.meta.url), 'utf8')),
);
const photo = gt.images.find((i) => i.file === '000000197388.jpg')!;
const W = photo.width;
const H = photo.height;

type Person = PoseResult['keyPointList'][number];

/** Labelled person `index` of the photo as an answer's person; `move` shifts each keypoint. */
function person(index: number, id: string, move: (i: number) => [number, number] = () => [0, 0]): Person {
  const labelled = photo.persons[index]!.keypoints.filter((k) => k.part === 'body' && k.v > 0);
  return {
    personId: id,
    inferKeypointList: labelled.map((k, i) => {
      const [dx, dy] = move(i);
      return { name: k.name, part: 'body' as const, x: k.x + dx, y: k.y + dy, score: 0.9 };
    }),
  };
}

const result = (people: Person[]): PoseResult => ({
  fileType: 'jpg',
  numberOfPerson: people.length,
  keyPointList: people,
});

/** A small, deterministic disagreement of two models: up to 3 px per axis. */
const jitter = (i: number): [number, number] => [((i * 7) % 7) - 3, ((i * 5) % 7) - 3];

describe('compareResults', () => {
  it('pairs each person with itself (whatever the ids and order) and measures each shared keypoint', () => {
    const a = result([person(0, 'a0'), person(1, 'a1'), person(2, 'a2')]);
    const b = result([person(2, 'b2', jitter), person(1, 'b1', jitter), person(0, 'b0', jitter)]);
    const c = compareResults(a, b, W, H);
    expect(c.pairs.map((p) => [p.personA, p.personB]).sort()).toEqual([
      ['a0', 'b0'],
      ['a1', 'b1'],
      ['a2', 'b2'],
    ]);
    for (const p of c.pairs) expect(p.oks).toBeGreaterThan(0.9);
    expect(c.unmatchedA).toEqual([]);
    expect(c.unmatchedB).toEqual([]);
    // Person 0's first labelled keypoint moved by jitter(0) = (-3, -3): 4.243 px.
    const p0 = c.pairs.find((p) => p.personA === 'a0')!;
    expect(p0.deltas[0]!.distance).toBeCloseTo(Math.hypot(3, 3), 6);
  });

  it('never pairs two different people, even overlapping ones: both are listed as unpaired', () => {
    // A found only the tall person, B only the smaller one standing across its right half.
    const c = compareResults(result([person(0, 'tall')]), result([person(1, 'small')]), W, H);
    expect(c.pairs).toEqual([]);
    expect(c.unmatchedA).toEqual(['tall']);
    expect(c.unmatchedB).toEqual(['small']);
  });

  it('a pose far off for the same spot (every keypoint 45 px away, a fifth of the person) falls below the floor', () => {
    const far = person(0, 'far', () => [27, 36]);
    const c = compareResults(result([person(0, 'p')]), result([far]), W, H);
    expect(c.pairs).toEqual([]);
    expect(SAME_PERSON_MIN_OKS).toBe(0.5);
  });

  it('greedy by best OKS: the closer of two candidates gets the person, the other stays unpaired', () => {
    const near = person(0, 'near', jitter);
    const off = person(0, 'off', (i) => [8 + (i % 3), 6]);
    const c = compareResults(result([person(0, 'p')]), result([off, near]), W, H);
    expect(c.pairs.map((p) => [p.personA, p.personB])).toEqual([['p', 'near']]);
    expect(c.unmatchedB).toEqual(['off']);
  });

  it('ignores "not detected" placeholders (0, 0, score 0)', () => {
    const withPlaceholder = person(0, 'a');
    withPlaceholder.inferKeypointList.push({ name: 'left_big_toe', part: 'foot', x: 0, y: 0, score: 0 });
    const c = compareResults(result([withPlaceholder]), result([person(0, 'b')]), W, H);
    expect(c.pairs).toHaveLength(1);
    expect(c.pairs[0]!.deltas.map((d) => d.name)).not.toContain('left_big_toe');
    expect(c.pairs[0]!.oks).toBeCloseTo(1, 10);
  });
});
