import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PoseError } from '@/contract/pose-errors';
import { createPoseEngine, type LocalPoseEngine } from './pose-engine';
import { readTestImage as read } from './test-images';
import type { KillSwitch } from './worker-kill-switch';

// A helper worker that dies during a split whole-body request's parts job: the request fails with
// ENGINE_UNAVAILABLE (as when its own worker dies), the helper is replaced, the engine serves on.
// One that dies during a top-down request's crops job costs nothing but time: the offering worker
// poses those crops itself.
// Same technique as pose-engine-restart.test.ts: Node's Worker is wrapped (it only records and
// can stop the worker right after a message was handed to it), so the real death path runs.

const workers = vi.hoisted((): KillSwitch => ({ killOnNext: undefined, killed: 0 }));

vi.mock('node:worker_threads', async (importOriginal) => {
  const { workerThreadsWithKillSwitch } = await import('./worker-kill-switch');
  return workerThreadsWithKillSwitch(await importOriginal(), workers);
});

const WHOLE = { parts: ['body', 'foot', 'face', 'hand'], quality: 'fast' } as const;
let engine: LocalPoseEngine;

beforeAll(async () => {
  engine = createPoseEngine({ workers: 2 });
  await engine.ready();
}, 120_000);
afterAll(() => engine.close());

describe('a helper worker that dies during a split request', () => {
  it('fails the request with ENGINE_UNAVAILABLE, then splits again on a replacement', async () => {
    const photo = read('000000197388.jpg');
    workers.killOnNext = 'parts';
    const error = await engine.estimate(photo, { ...WHOLE, parts: [...WHOLE.parts] }).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    expect(workers.killed).toBe(1);
    expect(engine.stats().partsJobs).toBe(1);
    expect(error).toBeInstanceOf(PoseError);
    expect((error as PoseError).code).toBe('ENGINE_UNAVAILABLE');
    expect(engine.stats().restarts).toBe(1);

    await expect.poll(() => engine.stats().ready, { timeout: 20_000, interval: 100 }).toBe(true);
    const { result, meta } = await engine.estimate(photo, { ...WHOLE, parts: [...WHOLE.parts] });
    // All five labelled skiers (the middle one, half hidden, was missed before issue 10).
    expect(result.numberOfPerson).toBe(5);
    expect(engine.stats().partsJobs).toBe(2);
    expect(meta.timings?.helper).toBeGreaterThan(0);
    expect(engine.stats()).toMatchObject({ workers: 2, restarts: 1 });
  }, 120_000);

  it('answers in full when the helper of a top-down request dies during its lent work', async () => {
    const photo = read('000000197388.jpg');
    await expect.poll(() => engine.stats().ready, { timeout: 20_000, interval: 100 }).toBe(true);
    const { restarts, lendJobs } = engine.stats();
    workers.killOnNext = 'lend';
    const { result } = await engine.estimate(photo, {});
    expect(workers.killed).toBe(2);
    expect(engine.stats().lendJobs).toBeGreaterThan(lendJobs);
    expect(engine.stats().restarts).toBe(restarts + 1);
    // The offering worker posed the dead helper's crops itself: the same five skiers, the same
    // keypoints as a request whose helper lived.
    await expect.poll(() => engine.stats().ready, { timeout: 20_000, interval: 100 }).toBe(true);
    const again = (await engine.estimate(photo, {})).result;
    expect(result.numberOfPerson).toBe(5);
    expect(again.numberOfPerson).toBe(5);
    for (const [i, person] of result.keyPointList.entries())
      for (const [j, k] of person.inferKeypointList.entries()) {
        const r = again.keyPointList[i]!.inferKeypointList[j]!;
        expect(Math.abs(k.x - r.x), `${i} ${k.name}`).toBeLessThan(0.5);
        expect(Math.abs(k.y - r.y), `${i} ${k.name}`).toBeLessThan(0.5);
      }
  }, 120_000);
});
