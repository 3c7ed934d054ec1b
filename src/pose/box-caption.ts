// Where a person box's caption ("Person 2 · 0.514") sits: one rule for the screen, the PNG
// export and the label layout, so keypoint labels can keep off it everywhere.

/** Caption text size and padding, screen px. */
export const CAPTION_FONT_PX = 12;
export const CAPTION_PAD_PX = 3;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The caption's box in image px: on the box's top edge, outside it, or just inside when outside
 * would leave the image (a person at the top edge). `textWidthPx` is the measured text width in
 * screen px; `k` = image px per screen px.
 */
export function boxCaptionRect(box: Rect, textWidthPx: number, k: number): Rect {
  const height = (CAPTION_FONT_PX + 2 * CAPTION_PAD_PX) * k;
  const width = (Math.max(0, textWidthPx) + 2 * CAPTION_PAD_PX) * k;
  const above = box.y - height;
  return { x: box.x, y: above >= 0 ? above : box.y, width, height };
}
