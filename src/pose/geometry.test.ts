import { describe, expect, it } from 'vitest';
import {
  bitmapDownscale,
  fitImage,
  imageToStage,
  markSize,
  panBy,
  pinchTransform,
  stageToImage,
  visibleImageRect,
  wheelStepFactor,
  wheelZoomFactor,
  zoomAt,
  zoomLimitsFor,
  zoomToActualSize,
} from './geometry';

const LIMITS = { min: 0.05, max: 32 };

describe('fitImage', () => {
  it('fits a landscape image into a wider view, centred horizontally', () => {
    // 4000x3000 into 1000x500: height limits, scale 500/3000.
    const t = fitImage(4000, 3000, 1000, 500);
    expect(t.scale).toBeCloseTo(1 / 6, 12);
    expect(t.x).toBeCloseTo((1000 - 4000 / 6) / 2, 9);
    expect(t.y).toBeCloseTo(0, 12);
  });

  it('fits a portrait image into a landscape view', () => {
    const t = fitImage(3000, 4000, 800, 600);
    expect(t.scale).toBeCloseTo(0.15, 12);
    expect(t).toMatchObject({ x: 175, y: 0 });
  });

  it('respects padding on each side', () => {
    const t = fitImage(100, 100, 120, 200, 10);
    expect(t.scale).toBe(1);
    expect(t).toMatchObject({ x: 10, y: 50 });
  });

  it('maps the image corners onto the fitted rectangle', () => {
    const t = fitImage(640, 425, 1280, 720);
    const tl = imageToStage(t, { x: 0, y: 0 });
    const br = imageToStage(t, { x: 640, y: 425 });
    expect(Math.min(tl.x, tl.y)).toBeGreaterThanOrEqual(-1e-9);
    expect(br.x).toBeLessThanOrEqual(1280 + 1e-9);
    expect(br.y).toBeLessThanOrEqual(720 + 1e-9);
    // One of the two axes is filled exactly.
    expect(Math.max((br.x - tl.x) / 1280, (br.y - tl.y) / 720)).toBeCloseTo(1, 12);
  });

  it('returns the identity for degenerate sizes instead of NaN', () => {
    expect(fitImage(0, 100, 100, 100)).toEqual({ scale: 1, x: 0, y: 0 });
    expect(fitImage(100, 100, 0, 0)).toEqual({ scale: 1, x: 0, y: 0 });
  });
});

describe('image <-> stage', () => {
  it('round-trips', () => {
    const t = { scale: 0.37, x: -12.5, y: 40 };
    const p = { x: 367.151489, y: 79.552887 };
    const s = imageToStage(t, p);
    expect(s.x).toBeCloseTo(367.151489 * 0.37 - 12.5, 9);
    expect(s.y).toBeCloseTo(79.552887 * 0.37 + 40, 9);
    const back = stageToImage(t, s);
    expect(back.x).toBeCloseTo(p.x, 9);
    expect(back.y).toBeCloseTo(p.y, 9);
  });
});

describe('zoom and pan', () => {
  it('keeps the image point under the pointer fixed', () => {
    const t = fitImage(4000, 3000, 1000, 750);
    const pointer = { x: 312, y: 207 };
    const before = stageToImage(t, pointer);
    const z = zoomAt(t, pointer, 2.5, LIMITS);
    expect(z.scale).toBeCloseTo(t.scale * 2.5, 12);
    const after = stageToImage(z, pointer);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it('clamps the scale to the limits (and still anchors at the pointer)', () => {
    const t = { scale: 20, x: 0, y: 0 };
    const z = zoomAt(t, { x: 100, y: 100 }, 10, LIMITS);
    expect(z.scale).toBe(32);
    expect(stageToImage(z, { x: 100, y: 100 }).x).toBeCloseTo(5, 12);
    expect(zoomAt(t, { x: 0, y: 0 }, 1e-9, LIMITS).scale).toBe(0.05);
    expect(zoomAt(t, { x: 0, y: 0 }, Number.NaN, LIMITS).scale).toBe(20);
  });

  it('pans in stage pixels', () => {
    expect(panBy({ scale: 2, x: 10, y: 20 }, -5, 7)).toEqual({ scale: 2, x: 5, y: 27 });
  });

  it('100 % keeps the view centre on the same image pixel', () => {
    const t = fitImage(4000, 3000, 1000, 750);
    const centreBefore = stageToImage(t, { x: 500, y: 375 });
    const a = zoomToActualSize(t, 1000, 750);
    expect(a.scale).toBe(1);
    const centreAfter = stageToImage(a, { x: 500, y: 375 });
    expect(centreAfter.x).toBeCloseTo(centreBefore.x, 9);
    expect(centreAfter.y).toBeCloseTo(centreBefore.y, 9);
    expect(centreAfter.x).toBeCloseTo(2000, 9);
  });

  it('wheel zoom is symmetric', () => {
    expect(wheelZoomFactor(-100) * wheelZoomFactor(100)).toBeCloseTo(1, 12);
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(0)).toBe(1);
  });

  it('zooms 10 % per mouse notch whatever its delta, and smoothly for small trackpad deltas', () => {
    expect(wheelStepFactor(-240, 0)).toBeCloseTo(1.1, 12);
    expect(wheelStepFactor(-100, 0)).toBeCloseTo(1.1, 12);
    expect(wheelStepFactor(240, 0)).toBeCloseTo(1 / 1.1, 12);
    expect(wheelStepFactor(-3, 1)).toBeCloseTo(1.1, 12);
    // Five notches from 163 %: 262.5 %, not 987 %.
    expect(1.63 * wheelStepFactor(-240, 0) ** 5).toBeCloseTo(2.6251, 4);
    // Pinch / trackpad: exp(-deltaY / 100).
    expect(wheelStepFactor(-5, 0)).toBeCloseTo(1.0513, 4);
    expect(wheelStepFactor(5, 0)).toBeCloseTo(0.9512, 4);
    expect(wheelStepFactor(0, 0)).toBe(1);
  });

  it('gives zoom limits around the fit scale', () => {
    expect(zoomLimitsFor(0.1)).toEqual({ min: 0.025, max: 32 });
    expect(zoomLimitsFor(20)).toEqual({ min: 0.05, max: 80 });
  });
});

describe('marks and canvas limits', () => {
  it('keeps a constant screen size', () => {
    expect(markSize(6, 0.5)).toBe(12);
    expect(markSize(6, 3)).toBe(2);
    for (const scale of [0.1, 1, 7.3]) expect(markSize(4, scale) * scale).toBeCloseTo(4, 12);
  });

  it('tells which image rectangle is visible', () => {
    const r = visibleImageRect({ scale: 2, x: -100, y: -50 }, 800, 600);
    expect(r).toEqual({ x: 50, y: 25, width: 400, height: 300 });
  });

  it('downscales only the bitmap of photos above canvas limits', () => {
    expect(bitmapDownscale(4000, 3000)).toBe(1);
    const f = bitmapDownscale(5712, 4284); // 24.5 Mpx phone photo
    expect(f).toBeLessThan(1);
    expect(5712 * f * 4284 * f).toBeLessThanOrEqual(16_777_216 + 1);
    expect(bitmapDownscale(20000, 100)).toBeCloseTo(16384 / 20000, 12);
  });
});

describe('pinchTransform', () => {
  it('zooms by the finger distance ratio and keeps the image point under the fingers', () => {
    const t = { scale: 1, x: 0, y: 0 };
    const before = [
      { x: 100, y: 100 },
      { x: 200, y: 100 },
    ] as const;
    const after = [
      { x: 60, y: 120 },
      { x: 260, y: 120 },
    ] as const; // twice as far apart, midpoint moved from (150,100) to (160,120)
    const z = pinchTransform(t, before, after, { min: 0.1, max: 10 });
    expect(z.scale).toBeCloseTo(2, 12);
    const underFingers = stageToImage(z, { x: 160, y: 120 });
    expect(underFingers.x).toBeCloseTo(150, 9);
    expect(underFingers.y).toBeCloseTo(100, 9);
  });

  it('only pans when the fingers start at the same point', () => {
    const same = [
      { x: 5, y: 5 },
      { x: 5, y: 5 },
    ] as const;
    const moved = [
      { x: 15, y: 5 },
      { x: 15, y: 5 },
    ] as const;
    expect(pinchTransform({ scale: 2, x: 0, y: 0 }, same, moved, { min: 0.1, max: 10 })).toEqual({
      scale: 2,
      x: 10,
      y: 0,
    });
  });
});
