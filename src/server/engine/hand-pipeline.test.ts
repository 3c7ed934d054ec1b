import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartGroup } from '@/contract/pose-envelope';
import { LEFT_HAND_NAMES, RIGHT_HAND_NAMES } from '@/pose/keypoint-catalogue';
import { handCrop, refineHandCrop } from './hand-pipeline';
import { fromRotated } from './rotated-crop';
import { createPoseEngine, type LocalPoseEngine } from './pose-engine';
import { gt, readTestImage as read } from './test-images';

describe('hand crops', () => {
  it('lies beyond the wrist along the forearm, fingers up', () => {
    // Forearm pointing right: elbow (0, 0), wrist (50, 0).
    const crop = handCrop({ x: 50, y: 0 }, { x: 0, y: 0 }, undefined)!;
    expect(crop.cx).toBeCloseTo(50 + 0.4 * 50, 6);
    expect(crop.cy).toBeCloseTo(0, 6);
    expect(crop.size).toBeCloseTo(1.6 * 50, 6);
    // The top middle of the crop (where the fingers go) is further along the forearm.
    const top = fromRotated(crop, 224, 112, 0);
    expect(top.x).toBeCloseTo(crop.cx + crop.size / 2, 6);
    expect(top.y).toBeCloseTo(0, 6);
    // A foreshortened forearm takes its size from the upper arm.
    expect(handCrop({ x: 5, y: 0 }, { x: 0, y: 0 }, { x: 0, y: -100 })!.size).toBeCloseTo(1.6 * 80, 6);
    expect(handCrop({ x: 1, y: 1 }, { x: 0, y: 0 }, undefined)).toBeUndefined();
  });

  it('refines on the palm, turned by the wrist -> middle finger line', () => {
    // An upright hand: wrist at (100, 200), the palm points spread 20 px wide and 40 px up.
    const points = Array.from({ length: 21 }, (_, i) => ({ x: 90 + (i % 5) * 5, y: 200 - i * 2 }));
    points[0] = { x: 100, y: 200 };
    points[9] = { x: 100, y: 160 };
    const crop = refineHandCrop(points);
    expect(crop.angle).toBeCloseTo(0, 6);
    expect(crop.size).toBeGreaterThan(2 * 35);
    // Centred above the palm's middle (shifted towards the fingers).
    expect(crop.cy).toBeLessThan(180);
  });
});

describe('hands from the engine (parts=hand)', () => {
  let engine: LocalPoseEngine;
  beforeAll(async () => {
    engine = createPoseEngine({ workers: 1 });
    await engine.ready();
  });
  afterAll(() => engine.close());

  it('finds both hands of messi5.jpg, each at its own wrist (default quality: handlandmark-lite)', async () => {
    const { result, meta } = await engine.estimate(read('messi5.jpg'), { parts: ['body', 'hand'] });
    expect(meta.model).toBe(
      'centernet+movenet-multipose@256+movenet-lightning+movenet-thunder+handlandmark-lite',
    );
    // Messi first; a spectator in the stands may be found too.
    expect(result.numberOfPerson).toBeGreaterThanOrEqual(1);
    const keypoints = result.keyPointList[0]!.inferKeypointList;
    for (const [side, names] of [
      ['left', LEFT_HAND_NAMES],
      ['right', RIGHT_HAND_NAMES],
    ] as const) {
      const hand = keypoints.filter((k) => k.part === 'hand' && k.name.startsWith(`${side}_`));
      expect(hand.map((k) => k.name)).toEqual([...names]);
      const wrist = keypoints.find((k) => k.name === `${side}_wrist`)!;
      const elbow = keypoints.find((k) => k.name === `${side}_elbow`)!;
      const forearm = Math.hypot(wrist.x - elbow.x, wrist.y - elbow.y);
      // The hand root is the wrist; the fingers reach at most ~a forearm beyond it.
      expect(Math.hypot(hand[0]!.x - wrist.x, hand[0]!.y - wrist.y), side).toBeLessThan(0.25 * forearm);
      for (const k of hand) {
        expect(Math.hypot(k.x - wrist.x, k.y - wrist.y), k.name).toBeLessThan(forearm);
        expect(k.score).toBeGreaterThan(0.3);
      }
    }
  });

  it('puts all 21 points of a labelled hand inside its region (accurate: handlandmark-full)', async () => {
    const { result, meta } = await engine.estimate(read('000000197388.jpg'), {
      parts: ['body', 'hand'],
      quality: 'accurate',
    });
    expect(meta.model).toMatch(/\+handlandmark-full$/);
    // The person at the right edge, whose right hand (16 x 18 px) is labelled.
    const truth = gt.images
      .find((i) => i.file === '000000197388.jpg')!
      .persons[2]!.keypoints.filter((k) => k.name.startsWith('right_') && k.part === 'hand');
    const xs = truth.map((k) => k.x);
    const ys = truth.map((k) => k.y);
    const person = result.keyPointList.find((p) =>
      p.inferKeypointList.some(
        (k) => k.name === 'right_hand_root' && Math.hypot(k.x - truth[0]!.x, k.y - truth[0]!.y) < 10,
      ),
    );
    expect(person).toBeDefined();
    const hand = person!.inferKeypointList.filter((k) => k.name.startsWith('right_') && k.part === 'hand');
    expect(hand).toHaveLength(21);
    // The labelled hand's box, with a margin of 6 px (a third of its size).
    for (const k of hand) {
      expect(k.x, k.name).toBeGreaterThan(Math.min(...xs) - 6);
      expect(k.x, k.name).toBeLessThan(Math.max(...xs) + 6);
      expect(k.y, k.name).toBeGreaterThan(Math.min(...ys) - 6);
      expect(k.y, k.name).toBeLessThan(Math.max(...ys) + 6);
    }
  });

  it('reports no hands for a person whose hands are out of the frame', async () => {
    // messi5.jpg from x = 100 to 350: both hands (x 75-105 and 345-378) are cut off at the
    // edges while the wrists stay in the frame, confidently found: the crops beyond them are run
    // and it is the hand presence score that must say "no hand".
    const cut = await sharp(read('messi5.jpg'))
      .extract({ left: 100, top: 0, width: 250, height: 342 })
      .jpeg()
      .toBuffer();
    for (const quality of ['fast', 'accurate'] as const) {
      const { result } = await engine.estimate(new Uint8Array(cut), { parts: ['body', 'hand'], quality });
      expect(result.numberOfPerson).toBe(1);
      const keypoints = result.keyPointList[0]!.inferKeypointList;
      for (const name of ['left_wrist', 'right_wrist', 'left_elbow', 'right_elbow'])
        expect(keypoints.find((k) => k.name === name)!.score, name).toBeGreaterThan(0.3);
      expect(
        keypoints.filter((k) => k.part === 'hand'),
        quality,
      ).toEqual([]);
    }
  });

  it('keeps the number of tensors flat across whole-body requests', async () => {
    const all: { parts: PartGroup[] } = { parts: ['body', 'foot', 'face', 'hand'] };
    const photo = read('messi5.jpg');
    // Load every whole-body model first (their weights are tensors too), then take the baseline.
    await engine.estimate(photo, { ...all, quality: 'fast' });
    await engine.estimate(photo, { ...all, quality: 'accurate' });
    const [before] = await engine.workerMemory();
    for (let i = 0; i < 3; i++)
      await engine.estimate(photo, { parts: [...all.parts], quality: i % 2 ? 'fast' : 'accurate' });
    await engine.estimate(read('000000197388.jpg'), { parts: [...all.parts], mode: 'multipose' });
    await engine.estimate(read('000000040083.jpg'), { parts: ['body', 'face'] });
    const [after] = await engine.workerMemory();
    expect(before!.numTensors).toBeGreaterThan(0);
    expect(after!.numTensors).toBe(before!.numTensors);
    // Seven whole-body requests: more than the default 30 s on a busy machine (no speed check).
  }, 120_000);
});
