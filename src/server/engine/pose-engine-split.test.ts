// Requests split across two workers: same answer as one worker, really split, no leaks. Whole-body
// requests lend persons' part crops; top-down body requests lend Lightning and Thunder crops.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import type { AnalyseOptions } from '@/server/providers/pose-provider';
import { createPoseEngine, type LocalPoseEngine } from './pose-engine';
import { readTestImage as read } from './test-images';

const WHOLE: AnalyseOptions = { parts: ['body', 'foot', 'face', 'hand'], quality: 'fast' };
const PHOTOS = ['000000040083.jpg', '000000197388.jpg'];

/** Per person: keypoint count per part, for comparing two answers. */
function partCounts(result: PoseResult): Record<string, number>[] {
  return result.keyPointList.map((p) => {
    const counts: Record<string, number> = {};
    for (const k of p.inferKeypointList) counts[k.part] = (counts[k.part] ?? 0) + 1;
    return counts;
  });
}

/** Answers of a one-worker engine: the reference the split answers must match. */
const single = new Map<string, PoseResult>();
/** The same, body only at the default (top-down) setting. */
const singleBody = new Map<string, PoseResult>();
/** Whole body on one MultiPose pass (a request that lends no body work), for PHOTOS[1]. */
const ONE_PASS: AnalyseOptions = { ...WHOLE, mode: 'multipose' };
let singleOnePass: PoseResult;
let two: LocalPoseEngine;

beforeAll(async () => {
  const one = createPoseEngine({ workers: 1 });
  try {
    await one.ready();
    for (const file of PHOTOS) {
      single.set(file, (await one.estimate(read(file), WHOLE)).result);
      singleBody.set(file, (await one.estimate(read(file), {})).result);
    }
    singleOnePass = (await one.estimate(read(PHOTOS[1]!), ONE_PASS)).result;
    expect(one.stats()).toMatchObject({ partsJobs: 0, lendJobs: 0 });
  } finally {
    await one.close();
  }
  two = createPoseEngine({ workers: 2 });
  await two.ready();
}, 60_000);
afterAll(() => two?.close());

/** Asserts two answers hold the same people with the same keypoints (< 0.5 px, scores < 0.01). */
function expectSameAnswer(result: PoseResult, ref: PoseResult, label: string): void {
  expect(result.numberOfPerson, label).toBe(ref.numberOfPerson);
  for (const [i, person] of result.keyPointList.entries()) {
    const refPerson = ref.keyPointList[i]!;
    for (const [j, k] of person.inferKeypointList.entries()) {
      const r = refPerson.inferKeypointList[j]!;
      expect(k.name).toBe(r.name);
      // Same bytes decoded the same way by both workers: positions agree to well under 1 px.
      expect(Math.abs(k.x - r.x), `${label} ${i} ${k.name}`).toBeLessThan(0.5);
      expect(Math.abs(k.y - r.y), `${label} ${i} ${k.name}`).toBeLessThan(0.5);
      expect(Math.abs(k.score - r.score), `${label} ${i} ${k.name}`).toBeLessThan(0.01);
    }
  }
}

describe('top-down body requests on two workers', () => {
  it('lend their crops to the idle worker and answer the same people as one worker', async () => {
    for (const file of PHOTOS) {
      const before = two.stats();
      const { result } = await two.estimate(read(file), {});
      // Both photos have 2+ people posed by Thunder on 2+ crops: at least that stage was shared.
      expect(two.stats().lendJobs, file).toBeGreaterThan(before.lendJobs);
      expect(two.stats().partsJobs, file).toBe(before.partsJobs);
      expectSameAnswer(result, singleBody.get(file)!, file);
    }
  }, 60_000);

  it('do not lend crops for one MultiPose pass', async () => {
    const before = two.stats().lendJobs;
    await two.estimate(read(PHOTOS[1]!), { quality: 'fast' });
    expect(two.stats().lendJobs).toBe(before);
  }, 60_000);
});

describe('whole body on two workers', () => {
  it('splits a 2+ person request and answers the same people and parts as one worker', async () => {
    for (const file of PHOTOS) {
      const before = two.stats().partsJobs;
      const { result, meta } = await two.estimate(read(file), WHOLE);
      const ref = single.get(file)!;
      expect(ref.numberOfPerson, file).toBeGreaterThanOrEqual(2);
      // The split happened: one parts job, and the helper's wall time is in the timings.
      expect(two.stats().partsJobs, file).toBe(before + 1);
      expect(meta.timings?.helper, file).toBeGreaterThan(0);
      expect(partCounts(result), file).toEqual(partCounts(ref));
      expect(
        partCounts(result).some((c) => (c.face ?? 0) > 0 || (c.hand ?? 0) > 0),
        file,
      ).toBe(true);
      expectSameAnswer(result, ref, file);
    }
  }, 60_000);

  it('does not split when no worker is idle, and both requests still answer in full', async () => {
    // The same photo twice at once: both workers reach their split offer together, each while the
    // other is busy. (Different photos could legitimately split: the quicker request may be done
    // by the time the slower one offers.) One MultiPose pass: a top-down body pass could lend its
    // MultiPose run to the second worker before the second request reaches it, and so put the
    // first request ahead.
    const before = two.stats();
    const answers = await Promise.all([0, 1].map(() => two.estimate(read(PHOTOS[1]!), ONE_PASS)));
    expect(two.stats()).toMatchObject({ partsJobs: before.partsJobs, lendJobs: before.lendJobs });
    for (const { result, meta } of answers) {
      expect(meta.timings?.helper).toBeUndefined();
      expect(result.numberOfPerson).toBeGreaterThanOrEqual(2);
      expectSameAnswer(result, singleOnePass, 'one pass');
      expect(partCounts(result)).toEqual(partCounts(singleOnePass));
    }
  }, 60_000);

  it('keeps the number of tensors flat in both workers across split requests', async () => {
    // Both workers have loaded every whole-body model in the tests above.
    const before = await two.workerMemory();
    const jobs = two.stats().partsJobs;
    for (let i = 0; i < 4; i++) await two.estimate(read(PHOTOS[i % 2]!), WHOLE);
    expect(two.stats().partsJobs).toBe(jobs + 4);
    const after = await two.workerMemory();
    expect(before).toHaveLength(2);
    expect(before.every((m) => m.numTensors > 0)).toBe(true);
    expect(after.map((m) => m.numTensors)).toEqual(before.map((m) => m.numTensors));
  }, 60_000);

  it('keeps numTensors stable in both workers across 100 split whole-body requests', async () => {
    // Cheap requests (< 20 s for 100 here): the 2-person photo shrunk to 320 px wide, MultiPose
    // (no Thunder runs), feet (BlazePose, the costliest crop) in every 4th request only.
    const small = new Uint8Array(await sharp(read(PHOTOS[0]!)).resize(320).jpeg().toBuffer());
    const options: AnalyseOptions = { ...WHOLE, mode: 'multipose' };
    const noFeet: AnalyseOptions = { ...options, parts: ['body', 'face', 'hand'] };
    const first = await two.estimate(small, options);
    expect(first.result.numberOfPerson).toBeGreaterThanOrEqual(2);
    const before = await two.workerMemory();
    const jobs = two.stats().partsJobs;
    for (let i = 0; i < 100; i++) await two.estimate(small, i % 4 === 0 ? options : noFeet);
    expect(two.stats().partsJobs).toBe(jobs + 100);
    const after = await two.workerMemory();
    expect(after.map((m) => m.numTensors)).toEqual(before.map((m) => m.numTensors));
  }, 60_000);
});

describe('whole body on two workers past the deadline', () => {
  it('fails with ENGINE_TIMEOUT, replaces the stuck workers, and serves the next request', async () => {
    // 600 ms: enough for the body pass of the 4-person photo here (~300-500 ms), so the split
    // usually happens, never enough for its crops (~1 s on one worker, ~0.6 s+ split).
    const slow = createPoseEngine({ workers: 2, deadlineMs: 600 });
    try {
      await slow.ready();
      const error = await slow.estimate(read(PHOTOS[1]!), WHOLE).then(
        () => 'resolved',
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'ENGINE_TIMEOUT' });
      // Workers still busy past the deadline (the request's own and, when it lent work, the
      // helper) are terminated and replaced; then a cheap body-only request is answered. Busy 0:
      // a helper stopped at the deadline counts as busy until its exit is seen, and a replacement
      // still warming up would share the cores with the request under test.
      await expect.poll(() => slow.stats().restarts, { timeout: 5_000, interval: 20 }).toBeGreaterThan(0);
      await expect
        .poll(() => slow.stats().ready && slow.stats().busy === 0, { timeout: 20_000, interval: 100 })
        .toBe(true);
      const next = await slow.estimate(read('000000000785.jpg'), { mode: 'multipose' });
      expect(next.result.numberOfPerson).toBe(1);
      expect(slow.stats().workers).toBe(2);
    } finally {
      await slow.close();
    }
  }, 60_000);
});
