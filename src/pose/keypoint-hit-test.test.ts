import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import {
  buildKeypointIndex,
  buildViewIndex,
  drawnLimbs,
  nearestKeypoint,
  nearestLimb,
  pointSegmentDistance,
} from './keypoint-hit-test';
import { WHOLEBODY_NAMES, keypointInfo } from './keypoint-catalogue';
import { ALL_PARTS_ON, buildPoseViewModel } from './pose-view-model';

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function crowd(seed: number, persons = 30, w = 4000, h = 3000): PoseResult {
  const r = rng(seed);
  return {
    fileType: 'jpg',
    numberOfPerson: persons,
    keyPointList: Array.from({ length: persons }, (_, i) => ({
      personId: String(i),
      inferKeypointList: WHOLEBODY_NAMES.map((name) => ({
        name,
        part: keypointInfo(name)!.part,
        x: r() * w,
        y: r() * h,
        score: r(),
      })),
    })),
  };
}

describe('nearestKeypoint', () => {
  it('finds the nearest point within the radius', () => {
    const idx = buildKeypointIndex([
      { x: 10, y: 10, id: 'a' },
      { x: 14, y: 10, id: 'b' },
      { x: 100, y: 100, id: 'c' },
    ]);
    expect(nearestKeypoint(idx, 13, 10, 5)).toEqual({ item: { x: 14, y: 10, id: 'b' }, distance: 1 });
    expect(nearestKeypoint(idx, 11, 10, 5)?.item.id).toBe('a');
    expect(nearestKeypoint(idx, 50, 50, 5)).toBeUndefined();
    expect(nearestKeypoint(idx, 103, 104, 5)).toEqual({ item: { x: 100, y: 100, id: 'c' }, distance: 5 });
  });

  it('prefers the later (top-most) point on a tie, and copes with empty or bad input', () => {
    const idx = buildKeypointIndex([
      { x: 0, y: 0, id: 'under' },
      { x: 0, y: 0, id: 'over' },
      { x: Number.NaN, y: 0, id: 'bad' },
    ]);
    expect(idx.items).toHaveLength(2);
    expect(nearestKeypoint(idx, 0, 0, 1)?.item.id).toBe('over');
    expect(nearestKeypoint(buildKeypointIndex([]), 0, 0, 10)).toBeUndefined();
    expect(nearestKeypoint(idx, 0, 0, Number.NaN)).toBeUndefined();
  });

  it('agrees with brute force on 30 x 133 random whole-body points', () => {
    const vm = buildPoseViewModel(crowd(42), {
      threshold: 0.2,
      parts: { ...ALL_PARTS_ON, face: false },
      mapping: 'linear',
      imageWidth: 4000,
      imageHeight: 3000,
    });
    const index = buildViewIndex(vm);
    const visible = vm.drawOrder.flatMap((p) => p.points.filter((q) => q.visible));
    expect(index.items).toHaveLength(visible.length);
    expect(visible.length).toBeGreaterThan(1500);
    expect(index.items.some((p) => p.part === 'face')).toBe(false); // hidden parts are not hit-tested
    const r = rng(7);
    let hits = 0;
    for (let q = 0; q < 2000; q++) {
      const x = r() * 4000;
      const y = r() * 3000;
      const radius = 5 + r() * 60;
      let best: { d: number } | undefined;
      for (const p of visible) {
        const d = Math.hypot(p.x - x, p.y - y);
        if (d <= radius && (!best || d < best.d)) best = { d };
      }
      const got = nearestKeypoint(index, x, y, radius);
      if (!best) expect(got).toBeUndefined();
      else {
        hits++;
        expect(got?.distance).toBeCloseTo(best.d, 9);
      }
    }
    expect(hits).toBeGreaterThan(200);
  });
});

describe('nearestLimb', () => {
  it('measures point-segment distance, clamping to the ends', () => {
    expect(pointSegmentDistance(5, 3, 0, 0, 10, 0)).toEqual({ distance: 3, t: 0.5 });
    expect(pointSegmentDistance(-3, 4, 0, 0, 10, 0)).toEqual({ distance: 5, t: 0 });
    expect(pointSegmentDistance(13, 4, 0, 0, 10, 0)).toEqual({ distance: 5, t: 1 });
    expect(pointSegmentDistance(3, 4, 0, 0, 0, 0)).toEqual({ distance: 5, t: 0 });
  });

  it('returns the nearest limb within the radius', () => {
    const limbs = [
      { id: 'h', x1: 0, y1: 0, x2: 100, y2: 0 },
      { id: 'v', x1: 50, y1: 10, x2: 50, y2: 100 },
    ];
    expect(nearestLimb(limbs, 30, 4, 5)).toMatchObject({ item: { id: 'h' }, distance: 4 });
    expect(nearestLimb(limbs, 52, 40, 5)).toMatchObject({ item: { id: 'v' }, distance: 2 });
    expect(nearestLimb(limbs, 52, 40, 5)?.t).toBeCloseTo(30 / 90, 12);
    expect(nearestLimb(limbs, 30, 40, 5)).toBeUndefined();
  });

  it('agrees with brute force on a random crowd', () => {
    const vm = buildPoseViewModel(crowd(9), {
      threshold: 0,
      parts: { ...ALL_PARTS_ON },
      mapping: 'linear',
      imageWidth: 4000,
      imageHeight: 3000,
    });
    const limbs = drawnLimbs(vm);
    expect(limbs.length).toBeGreaterThan(3000);
    const r = rng(11);
    for (let q = 0; q < 300; q++) {
      const x = r() * 4000;
      const y = r() * 3000;
      let best = Infinity;
      for (const l of limbs)
        best = Math.min(best, pointSegmentDistance(x, y, l.x1, l.y1, l.x2, l.y2).distance);
      const got = nearestLimb(limbs, x, y, 15);
      if (best <= 15) expect(got?.distance).toBeCloseTo(best, 9);
      else expect(got).toBeUndefined();
    }
  });
});
