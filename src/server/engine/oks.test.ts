import { describe, expect, it } from 'vitest';
import { iou, boxNms } from './box-nms';
import { keypointBoxArea, oks, type PosePoint } from '@/pose/oks';
import { oksNms } from './oks';

function pose(dx: number, dy: number, score = 0.9): PosePoint[] {
  // A 17-point stick figure about 100 x 300 px.
  return Array.from({ length: 17 }, (_, i) => ({ x: 100 + (i % 3) * 50 + dx, y: 100 + i * 18 + dy, score }));
}

describe('oks', () => {
  it('is 1 for identical poses and decreases with distance', () => {
    const gt = pose(0, 0, 2);
    expect(oks(gt, gt, 10_000)).toBeCloseTo(1);
    const near = oks(pose(3, 0), gt, 10_000);
    const far = oks(pose(30, 0), gt, 10_000);
    expect(near).toBeLessThan(1);
    expect(far).toBeLessThan(near);
  });

  it('matches the COCO formula for a single keypoint', () => {
    // sigma(nose) = 0.026, k = 0.052; d = 5 px, area = 1000 px^2.
    const gt = [{ x: 0, y: 0, score: 2 }];
    const dt = [{ x: 3, y: 4, score: 1 }];
    const expected = Math.exp(-25 / (0.052 * 0.052) / 1000 / 2);
    expect(oks(dt, gt, 1000)).toBeCloseTo(expected, 10);
  });

  it('ignores unlabelled reference keypoints and is 0 with none labelled', () => {
    const gt = pose(0, 0, 2).map((p, i) => (i === 0 ? p : { ...p, score: 0 }));
    const dt = pose(0, 0).map((p, i) => (i === 0 ? p : { ...p, x: p.x + 500 }));
    expect(oks(dt, gt, 10_000)).toBeCloseTo(1);
    expect(oks(dt, pose(0, 0, 0), 10_000)).toBe(0);
  });

  it('is larger for the same pixel error on a bigger person', () => {
    const gt = pose(0, 0, 2);
    expect(oks(pose(10, 0), gt, 40_000)).toBeGreaterThan(oks(pose(10, 0), gt, 10_000));
  });
});

describe('keypointBoxArea', () => {
  it('spans only keypoints above the score threshold', () => {
    const pts = [
      { x: 0, y: 0, score: 0.9 },
      { x: 10, y: 20, score: 0.9 },
      { x: 1000, y: 1000, score: 0.05 },
    ];
    expect(keypointBoxArea(pts, 0.2)).toBe(200);
    expect(keypointBoxArea([], 0.2)).toBe(0);
  });
});

describe('oksNms', () => {
  it('drops a lower-scored duplicate of the same person and keeps distinct people', () => {
    const a = { score: 0.8, keypoints: pose(0, 0) };
    const dup = { score: 0.5, keypoints: pose(2, 1) };
    const other = { score: 0.6, keypoints: pose(400, 0) };
    const kept = oksNms([dup, a, other], 0.5, 0.2);
    expect(kept).toEqual([a, other]);
  });

  it('keeps two people standing close but clearly apart', () => {
    const a = { score: 0.8, keypoints: pose(0, 0) };
    const b = { score: 0.7, keypoints: pose(60, 0) };
    expect(oksNms([a, b], 0.5, 0.2)).toHaveLength(2);
  });
});

describe('boxNms', () => {
  it('computes IoU and suppresses overlapping lower-scored boxes', () => {
    const a = { x: 0, y: 0, width: 10, height: 10, score: 0.9 };
    const b = { x: 5, y: 0, width: 10, height: 10, score: 0.8 };
    const c = { x: 1, y: 1, width: 10, height: 10, score: 0.7 };
    expect(iou(a, b)).toBeCloseTo(50 / 150);
    expect(boxNms([c, b, a], 0.5)).toEqual([a, b]);
  });
});
