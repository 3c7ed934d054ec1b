import { describe, expect, it } from 'vitest';
import {
  cropAndResizeBox,
  fromRegion,
  letterboxRegion,
  multiposeInputShape,
  squareAround,
  toRegion,
} from './letterbox';

describe('letterboxRegion', () => {
  it('pads the short side of a landscape image equally above and below', () => {
    const r = letterboxRegion(640, 480, 384, 384);
    expect(r).toEqual({ x: 0, y: -80, width: 640, height: 640 });
  });

  it('pads left and right for a portrait image in a square input', () => {
    const r = letterboxRegion(300, 600, 256, 256);
    expect(r).toEqual({ x: -150, y: 0, width: 600, height: 600 });
  });

  it('maps the input corners to the padded region and the image centre to the centre', () => {
    const r = letterboxRegion(640, 427, 384, 288);
    expect(fromRegion(r, 0.5, 0.5)).toEqual({ x: 320, y: 213.5 });
    const tl = fromRegion(r, 0, 0);
    expect(tl.x).toBeCloseTo(0);
    expect(tl.y).toBeCloseTo((427 - 480) / 2);
  });

  it('round-trips image pixels through normalised model coordinates', () => {
    const r = letterboxRegion(500, 333, 512, 352);
    for (const [x, y] of [
      [0, 0],
      [499.5, 332.5],
      [123.4, 56.7],
    ] as const) {
      const n = toRegion(r, x, y);
      const back = fromRegion(r, n.nx, n.ny);
      expect(back.x).toBeCloseTo(x, 9);
      expect(back.y).toBeCloseTo(y, 9);
    }
  });
});

describe('multiposeInputShape', () => {
  it('keeps the aspect ratio, rounding the short side up to a multiple of 32', () => {
    expect(multiposeInputShape(640, 480, 384)).toEqual({ width: 384, height: 288 });
    expect(multiposeInputShape(640, 427, 256)).toEqual({ width: 256, height: 192 });
    expect(multiposeInputShape(480, 640, 512)).toEqual({ width: 384, height: 512 });
    expect(multiposeInputShape(500, 500, 384)).toEqual({ width: 384, height: 384 });
  });

  it('never goes below 32 pixels for a very wide panorama', () => {
    expect(multiposeInputShape(10000, 100, 256)).toEqual({ width: 256, height: 32 });
  });
});

describe('cropAndResizeBox', () => {
  it('samples pixel centres exactly when the region is the image at scale 1', () => {
    // 100x50 image, region = image, output 100x50: output pixel i samples image pixel i.
    const [y1, x1, y2, x2] = cropAndResizeBox({ x: 0, y: 0, width: 100, height: 50 }, 100, 50, 100, 50);
    expect(y1).toBeCloseTo(0);
    expect(x1).toBeCloseTo(0);
    expect(y2).toBeCloseTo(1);
    expect(x2).toBeCloseTo(1);
  });

  it('extends beyond [0, 1] where the letterbox pads', () => {
    const r = letterboxRegion(640, 480, 384, 384);
    const [y1, x1, y2, x2] = cropAndResizeBox(r, 640, 480, 384, 384);
    expect(y1).toBeLessThan(0);
    expect(y2).toBeGreaterThan(1);
    // Output cell centres at 640/384*(i+0.5) - 0.5 in pixel-centre coordinates.
    expect(x1 * 639).toBeCloseTo(640 / 384 / 2 - 0.5);
    expect(x2 * 639).toBeCloseTo((640 / 384) * 383.5 - 0.5);
  });
});

describe('squareAround', () => {
  it('centres an enlarged square on the box', () => {
    const s = squareAround({ x: 100, y: 50, width: 40, height: 100 }, 1.25);
    expect(s).toEqual({ x: 57.5, y: 37.5, width: 125, height: 125 });
  });
});
