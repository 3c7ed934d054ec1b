import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { PoseError } from '@/contract/pose-errors';
import { PoseResult } from '@/contract/pose-envelope';
import { COCO_BODY_NAMES } from './coco-body';
import { createPoseEngine, type LocalPoseEngine } from './pose-engine';
import { pngHeaderOnly } from './test-images';
import { gt, readTestImage as read } from './test-images';

async function errorOf(p: Promise<unknown>): Promise<PoseError | string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof PoseError ? e : String(e);
  }
}

let engine: LocalPoseEngine;

beforeAll(async () => {
  engine = createPoseEngine({ workers: 1 });
  await engine.ready();
});
afterAll(() => engine.close());

describe('pose engine on real photos', () => {
  it('finds the one person of 000000000785.jpg with joints near the ground truth', async () => {
    const { result, meta } = await engine.estimate(read('000000000785.jpg'), {});
    expect(PoseResult.parse(result)).toEqual(result);
    expect(result.fileType).toBe('jpg');
    expect(result.numberOfPerson).toBe(1);
    const person = result.keyPointList[0]!;
    expect(person.personId).toBe('0');
    expect(person.inferKeypointList.map((k) => k.name)).toEqual([...COCO_BODY_NAMES]);
    expect(person.inferKeypointList.every((k) => k.part === 'body')).toBe(true);
    const truth = gt.images.find((i) => i.file === '000000000785.jpg')!.persons[0]!.keypoints;
    // 25 px is 7% of this person's 347 px height.
    for (const name of [
      'nose',
      'left_shoulder',
      'right_shoulder',
      'left_hip',
      'right_hip',
      'left_knee',
      'right_knee',
    ]) {
      const t = truth.find((k) => k.name === name)!;
      const d = person.inferKeypointList.find((k) => k.name === name)!;
      expect(Math.hypot(d.x - t.x, d.y - t.y), name).toBeLessThan(25);
      expect(d.score, name).toBeGreaterThan(0.3);
    }
    expect(meta).toMatchObject({ provider: 'local', imageWidth: 640, imageHeight: 425 });
    expect(meta.model).toBe('centernet+movenet-multipose@256+movenet-lightning+movenet-thunder');
    expect(Object.keys(meta.timings ?? {}).sort()).toEqual([
      'decode',
      'inference',
      'postprocess',
      'preprocess',
      'queue',
    ]);
  });

  it('counts the people of multi-person photos, ordered by score', async () => {
    const a = await engine.estimate(read('000000197388.jpg'), { mode: 'multipose', inputSize: 384 });
    expect(a.result.numberOfPerson).toBe(5);
    expect(a.result.keyPointList.map((p) => p.personId)).toEqual(['0', '1', '2', '3', '4']);
    expect([...a.personScores].sort((x, y) => y - x)).toEqual(a.personScores);
    const b = await engine.estimate(read('basketball1.png'), { mode: 'multipose', inputSize: 256 });
    expect(b.result.fileType).toBe('png');
    expect(b.result.numberOfPerson).toBe(2);
    expect(b.meta.model).toBe('movenet-multipose@256');
  });

  it('top-down mode (the default) finds the annotated people of a group photo', async () => {
    const { result, meta } = await engine.estimate(read('000000196141.jpg'), {});
    expect(meta.model).toBe('centernet+movenet-multipose@256+movenet-lightning+movenet-thunder');
    // 4 people have keypoints in the ground truth; the 5th, far in the background, is annotated
    // without any (too small to label) and is found too.
    expect(result.numberOfPerson).toBe(5);
    const b = await engine.estimate(read('basketball1.png'), { mode: 'topdown', inputSize: 384 });
    expect(b.meta.model).toBe('centernet+movenet-multipose@384+movenet-lightning+movenet-thunder');
    expect(b.result.numberOfPerson).toBe(2);
  });

  it('answers in the EXIF-oriented frame, the one browsers display', async () => {
    const upright = read('000000000785.jpg');
    const tagged = await sharp(upright).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const { result, meta } = await engine.estimate(new Uint8Array(tagged), {});
    expect([meta.imageWidth, meta.imageHeight]).toEqual([425, 640]);
    const nose = result.keyPointList[0]!.inferKeypointList[0]!;
    // Orientation 6 turns the stored image 90 degrees clockwise: (x, y) -> (h - 1 - y, x).
    const truth = gt.images.find((i) => i.file === '000000000785.jpg')!.persons[0]!.keypoints[0]!;
    expect(Math.hypot(nose.x - (425 - truth.y), nose.y - truth.x)).toBeLessThan(25);
  });

  it('rejects a corrupt file with UNDECODABLE_IMAGE and a pixel bomb before decoding', async () => {
    const corrupt = read('000000000785.jpg').slice(0, 3000);
    const e1 = await errorOf(engine.estimate(corrupt, {}));
    expect(e1 instanceof PoseError && e1.code).toBe('UNDECODABLE_IMAGE');
    const e2 = await errorOf(engine.estimate(new TextEncoder().encode('hello'), {}));
    expect(e2 instanceof PoseError && e2.code).toBe('UNDECODABLE_IMAGE');
    const e3 = await errorOf(engine.estimate(pngHeaderOnly(30_000, 30_000), {}));
    expect(e3 instanceof PoseError && e3.code).toBe('IMAGE_TOO_MANY_PIXELS');
    // The size came from the header: decoding 30000x30000 would need 2.7 GB; nothing reached a worker.
    expect(e3 instanceof PoseError && e3.message).toMatch(/30000x30000/);
    expect(engine.stats().busy).toBe(0);
    // Still serving afterwards: Messi first (a spectator in the stands may follow him).
    const after = await engine.estimate(read('messi5.jpg'), {});
    expect(after.result.numberOfPerson).toBeGreaterThanOrEqual(1);
    expect(after.personScores[0]).toBeGreaterThan(0.6);
  });

  it('keeps the number of tensors flat across many requests', async () => {
    const bytes = read('basketball2.png');
    await engine.estimate(bytes, {});
    await engine.estimate(bytes, { mode: 'multipose' });
    // The first foot request loads BlazePose (its weights are tensors too): before the baseline.
    await engine.estimate(bytes, { parts: ['body', 'foot'] });
    const [before] = await engine.workerMemory();
    for (let i = 0; i < 6; i++) await engine.estimate(bytes, { mode: i % 2 ? 'multipose' : 'topdown' });
    await engine.estimate(read('000000197388.jpg'), {});
    await engine.estimate(read('000000197388.jpg'), { parts: ['body', 'foot'] });
    await engine.estimate(read('000000000785.jpg'), { mode: 'multipose', parts: ['body', 'foot'] });
    const [after] = await engine.workerMemory();
    expect(before!.numTensors).toBeGreaterThan(0);
    expect(after!.numTensors).toBe(before!.numTensors);
  });
});

describe('pose engine queue', () => {
  let small: LocalPoseEngine;
  beforeAll(async () => {
    small = createPoseEngine({ workers: 1, maxQueue: 1, topdown: false, defaultMode: 'multipose' });
    await small.ready();
  });
  afterAll(() => small.close());

  it('answers BUSY with Retry-After once the queue is full, and serves the admitted requests', async () => {
    const bytes = read('000000000785.jpg');
    // A 6000 px photo keeps the worker busy decoding while the others arrive.
    const big = new Uint8Array(await sharp(bytes).resize({ width: 6000 }).jpeg().toBuffer());
    const first = small.estimate(big, {}); // running
    await expect.poll(() => small.stats().busy, { interval: 5 }).toBe(1);
    const second = small.estimate(bytes, {}); // queued
    await expect.poll(() => small.stats().queued, { interval: 5 }).toBe(1);
    const third = await errorOf(small.estimate(bytes, {}));
    expect(third instanceof PoseError && third.code).toBe('BUSY');
    expect(third instanceof PoseError && third.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect((await first).result.numberOfPerson).toBe(1);
    expect((await second).result.numberOfPerson).toBe(1);
  });

  it('drops a queued request when its AbortSignal fires', async () => {
    const bytes = read('000000000785.jpg');
    // A 6000 px photo keeps the worker busy decoding long enough for the second to wait.
    const big = new Uint8Array(await sharp(bytes).resize({ width: 6000 }).jpeg().toBuffer());
    const first = small.estimate(big, {});
    await expect.poll(() => small.stats().busy, { interval: 5 }).toBe(1);
    const controller = new AbortController();
    const queued = small.estimate(bytes, { signal: controller.signal });
    await expect.poll(() => small.stats().queued, { interval: 5 }).toBe(1);
    controller.abort();
    await expect(queued).rejects.toThrow(/abort/i);
    expect(small.stats().queued).toBe(0);
    await first;
  });
});

describe('pose engine without a queue (maxQueue 0)', () => {
  it('serves as many requests as idle workers and refuses the next with BUSY', async () => {
    const none = createPoseEngine({ workers: 1, maxQueue: 0, topdown: false, defaultMode: 'multipose' });
    try {
      await none.ready();
      const bytes = read('000000000785.jpg');
      const big = new Uint8Array(await sharp(bytes).resize({ width: 6000 }).jpeg().toBuffer());
      const first = none.estimate(big, {});
      await expect.poll(() => none.stats().busy, { interval: 5 }).toBe(1);
      const second = await errorOf(none.estimate(bytes, {}));
      expect(second instanceof PoseError && second.code).toBe('BUSY');
      expect((await first).result.numberOfPerson).toBe(1);
      // Idle again: admitted.
      expect((await none.estimate(bytes, {})).result.numberOfPerson).toBe(1);
    } finally {
      await none.close();
    }
  });
});

describe('pose engine with a failure inside every run', () => {
  it('frees every tensor of a failed run: numTensors and bytes flat after 100 failures', async () => {
    const faulty = createPoseEngine({ workers: 1, fault: 'model-output' });
    try {
      await faulty.ready();
      const bytes = read('basketball1.png');
      const [before] = await faulty.workerMemory();
      for (let i = 0; i < 100; i++) {
        const e = await errorOf(faulty.estimate(bytes, { quality: i % 2 ? 'fast' : 'balanced' }));
        expect(e instanceof PoseError && e.code).toBe('INTERNAL');
      }
      const [after] = await faulty.workerMemory();
      expect(before!.numTensors).toBeGreaterThan(0);
      expect(after).toEqual(before);
    } finally {
      await faulty.close();
    }
    // 100 real model runs: a busy machine needs more than the default 30 s (this is no speed check).
  }, 180_000);
});

describe('pose engine deadline', () => {
  it('fails a request past its deadline with ENGINE_TIMEOUT, replaces the worker, and recovers', async () => {
    const slow = createPoseEngine({ workers: 1, topdown: false, deadlineMs: 5, defaultMode: 'multipose' });
    try {
      await slow.ready();
      const e = await errorOf(slow.estimate(read('000000000785.jpg'), {}));
      expect(e instanceof PoseError && e.code).toBe('ENGINE_TIMEOUT');
      // The worker still busy past the deadline was terminated; a fresh one replaces it.
      await expect.poll(() => slow.stats().restarts, { timeout: 5_000, interval: 20 }).toBe(1);
      await expect.poll(() => slow.stats().ready, { timeout: 15_000, interval: 100 }).toBe(true);
      expect(slow.stats().workers).toBe(1);
    } finally {
      await slow.close();
    }
  });
});

describe('pose engine without its models', () => {
  it('gives up after repeated start failures: ready() and estimate() fail with ENGINE_UNAVAILABLE', async () => {
    const broken = createPoseEngine({ workers: 1, modelsDir: '/nonexistent/models' });
    try {
      const queued = errorOf(broken.estimate(read('messi5.jpg'), {}));
      const e = await errorOf(broken.ready());
      expect(e instanceof PoseError && e.code).toBe('ENGINE_UNAVAILABLE');
      expect(e instanceof PoseError && e.message).toMatch(/could not start.*nonexistent/);
      const q = await queued;
      expect(q instanceof PoseError && q.code).toBe('ENGINE_UNAVAILABLE');
      const later = await errorOf(broken.estimate(read('messi5.jpg'), {}));
      expect(later instanceof PoseError && later.code).toBe('ENGINE_UNAVAILABLE');
    } finally {
      await broken.close();
    }
  });
});

describe('pose engine feet (parts=foot)', () => {
  let engine: LocalPoseEngine;
  beforeAll(async () => {
    engine = createPoseEngine({ workers: 1 });
    await engine.ready();
  });
  afterAll(() => engine.close());

  const truth = () => gt.images.find((i) => i.file === '000000000785.jpg')!.persons[0]!.keypoints;

  it('adds heels and big toes near the labelled feet, never a small toe', async () => {
    const { result, meta } = await engine.estimate(read('000000000785.jpg'), { parts: ['body', 'foot'] });
    expect(meta.model).toBe(
      'centernet+movenet-multipose@256+movenet-lightning+movenet-thunder+blazepose-full',
    );
    const feet = result.keyPointList[0]!.inferKeypointList.filter((k) => k.part === 'foot');
    expect(feet.map((k) => k.name).sort()).toEqual([
      'left_big_toe',
      'left_heel',
      'right_big_toe',
      'right_heel',
    ]);
    // Torso (left shoulder to right hip) is ~230 px here; PCK@0.2 would allow 46 px, we ask 30.
    for (const k of feet) {
      const t = truth().find((q) => q.name === k.name)!;
      expect(Math.hypot(k.x - t.x, k.y - t.y), k.name).toBeLessThan(30);
      expect(k.score).toBeGreaterThan(0.3);
    }
    // Body keypoints are unchanged by asking for feet.
    const bodyOnly = await engine.estimate(read('000000000785.jpg'), {});
    expect(result.keyPointList[0]!.inferKeypointList.filter((k) => k.part === 'body')).toEqual(
      bodyOnly.result.keyPointList[0]!.inferKeypointList,
    );
  });

  it('reports no feet for a person whose ankles are out of the frame', async () => {
    // The top 60% of the photo: the person is cut at the thighs.
    const upper = await sharp(read('000000000785.jpg'))
      .extract({ left: 0, top: 0, width: 640, height: 255 })
      .jpeg()
      .toBuffer();
    const { result } = await engine.estimate(new Uint8Array(upper), { parts: ['body', 'foot'] });
    expect(result.numberOfPerson).toBeGreaterThanOrEqual(1);
    for (const p of result.keyPointList)
      expect(p.inferKeypointList.filter((k) => k.part === 'foot')).toEqual([]);
  });
});
