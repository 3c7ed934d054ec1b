// How a keypoint name label looks, shared by the screen (pose-stage.tsx) and the full-resolution
// PNG export (render-png.ts), so the export matches what the Labels toggle shows on screen.
// Sizes are screen px; `k` = image px per screen px (1 / the stage scale, or 1 / markScale).

/**
 * Font family of every text drawn on the canvas (labels, captions, person numbers), with the
 * Korean fonts of styles.css, so Korean keypoint names draw as Hangul, not boxes.
 */
export const CANVAS_FONT_FAMILY =
  "system-ui, 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans CJK KR', 'Noto Sans KR', sans-serif";

/** Font size of labels on screen, px (overlay.ts measures with the same size). */
export const LABEL_FONT_PX = 11;

/** Konva Text attributes of one label whose text box's top-left is (x, y) in image pixels. */
export function keypointLabelAttrs(label: { x: number; y: number; text: string }, k: number) {
  return {
    x: label.x,
    y: label.y,
    text: label.text,
    fontSize: LABEL_FONT_PX * k,
    // The font overlay.ts measures with: the layout's boxes are the drawn text's boxes.
    fontFamily: CANVAS_FONT_FAMILY,
    fill: '#ffffff',
    // A dark outline keeps white text legible on light and dark photos alike.
    stroke: '#000000',
    strokeWidth: 2.5 * k,
    fillAfterStrokeEnabled: true,
  };
}
