import { describe, expect, it } from 'vitest';
import { boxCaptionRect } from './box-caption';

describe('boxCaptionRect', () => {
  it('sits on the box top edge, 18 screen px tall, text width + 6 px wide', () => {
    expect(boxCaptionRect({ x: 40, y: 100, width: 200, height: 300 }, 70, 1)).toEqual({
      x: 40,
      y: 82,
      width: 76,
      height: 18,
    });
    // Zoomed in 2x: half the image px.
    expect(boxCaptionRect({ x: 40, y: 100, width: 200, height: 300 }, 70, 0.5)).toEqual({
      x: 40,
      y: 91,
      width: 38,
      height: 9,
    });
  });

  it('moves inside the box when above it would leave the image', () => {
    expect(boxCaptionRect({ x: 0, y: 10, width: 50, height: 50 }, 20, 1)).toEqual({
      x: 0,
      y: 10,
      width: 26,
      height: 18,
    });
  });
});
