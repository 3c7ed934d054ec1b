// The one place for image <-> stage maths. Keypoints stay in image pixels everywhere else;
// the stage (Konva) shows the image at `scale` stage-px per image-px, offset by (x, y) stage-px:
//   stage = image * scale + (x, y)        image = (stage - (x, y)) / scale

export interface Point {
  x: number;
  y: number;
}

export interface ViewTransform {
  /** Stage pixels per image pixel (1 = 100 %). */
  scale: number;
  /** Stage position (px) of the image's top-left corner. */
  x: number;
  y: number;
}

export interface ZoomLimits {
  min: number;
  max: number;
}

export const IDENTITY_TRANSFORM: ViewTransform = { scale: 1, x: 0, y: 0 };

/** Smallest scale we ever produce: keeps the inverse finite for degenerate views. */
const MIN_SCALE = 1e-6;

/**
 * Contain-fit: the whole image visible, centred, aspect kept, `padding` stage-px on each side.
 * Degenerate sizes (0 or negative) give the identity transform rather than NaN.
 */
export function fitImage(
  imageW: number,
  imageH: number,
  viewW: number,
  viewH: number,
  padding = 0,
): ViewTransform {
  if (!(imageW > 0 && imageH > 0 && viewW > 0 && viewH > 0)) return { ...IDENTITY_TRANSFORM };
  const availW = Math.max(1, viewW - 2 * padding);
  const availH = Math.max(1, viewH - 2 * padding);
  const scale = Math.max(MIN_SCALE, Math.min(availW / imageW, availH / imageH));
  return { scale, x: (viewW - imageW * scale) / 2, y: (viewH - imageH * scale) / 2 };
}

export function imageToStage(t: ViewTransform, p: Point): Point {
  return { x: p.x * t.scale + t.x, y: p.y * t.scale + t.y };
}

export function stageToImage(t: ViewTransform, p: Point): Point {
  return { x: (p.x - t.x) / t.scale, y: (p.y - t.y) / t.scale };
}

export function clampScale(scale: number, limits: ZoomLimits): number {
  return Math.min(limits.max, Math.max(limits.min, scale));
}

/**
 * Zoom by `factor` keeping the image pixel under `pointerStage` fixed on screen (wheel, pinch,
 * double-click). The resulting scale is clamped to `limits`.
 */
export function zoomAt(
  t: ViewTransform,
  pointerStage: Point,
  factor: number,
  limits: ZoomLimits,
): ViewTransform {
  const scale = clampScale(t.scale * (Number.isFinite(factor) && factor > 0 ? factor : 1), limits);
  const anchor = stageToImage(t, pointerStage);
  return { scale, x: pointerStage.x - anchor.x * scale, y: pointerStage.y - anchor.y * scale };
}

/** Move the image by (dx, dy) stage pixels. */
export function panBy(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { scale: t.scale, x: t.x + dx, y: t.y + dy };
}

/** 100 %: one image pixel per stage pixel, keeping the image point at the view's centre fixed. */
export function zoomToActualSize(t: ViewTransform, viewW: number, viewH: number): ViewTransform {
  const centre = { x: viewW / 2, y: viewH / 2 };
  const anchor = stageToImage(t, centre);
  return { scale: 1, x: centre.x - anchor.x, y: centre.y - anchor.y };
}

/**
 * Size in image pixels of a mark that must look `basePx` stage pixels big at any zoom
 * (dots, line widths, hit radii): divide by the scale.
 */
export function markSize(basePx: number, scale: number): number {
  return basePx / Math.max(MIN_SCALE, scale);
}

/**
 * Zoom range for an image: down to a quarter of the fit (or 5 % of 100 %, whichever is smaller)
 * and up to 32x (pixel peeping) or 4x the fit for tiny images.
 */
export function zoomLimitsFor(fitScale: number): ZoomLimits {
  return { min: Math.min(fitScale / 4, 0.05), max: Math.max(32, fitScale * 4) };
}

/**
 * Wheel delta (pixels, deltaMode 0) -> zoom factor. Exponential so that scrolling up and back
 * down by the same amount returns to the same scale; 100 px of wheel = x1.16.
 */
export function wheelZoomFactor(deltaY: number, pixelsPerLine = 1): number {
  return Math.exp((-deltaY * pixelsPerLine) / 667);
}

/** Zoom per mouse-wheel notch: 10 %, so five notches are x1.61, not x6. */
export const WHEEL_NOTCH_FACTOR = 1.1;

/**
 * One wheel event -> zoom factor. A mouse notch (line or page mode, or a pixel delta of 50+,
 * Chromium reports 100-240 px per notch) is one 10 % step whatever its size; small pixel deltas
 * (trackpad scrolling, and pinch, which browsers send as ctrl + wheel) zoom continuously,
 * 100 px = x2.7, capped at one notch per event so a fast flick cannot jump.
 */
export function wheelStepFactor(deltaY: number, deltaMode: number): number {
  if (!Number.isFinite(deltaY) || deltaY === 0) return 1;
  const notch = deltaMode !== 0 || Math.abs(deltaY) >= 50;
  const f = notch ? WHEEL_NOTCH_FACTOR ** -Math.sign(deltaY) : Math.exp(-deltaY / 100);
  return Math.min(WHEEL_NOTCH_FACTOR, Math.max(1 / WHEEL_NOTCH_FACTOR, f));
}

/** The image rectangle (image pixels) that the view currently shows. */
export function visibleImageRect(
  t: ViewTransform,
  viewW: number,
  viewH: number,
): { x: number; y: number; width: number; height: number } {
  const a = stageToImage(t, { x: 0, y: 0 });
  const b = stageToImage(t, { x: viewW, y: viewH });
  return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y };
}

/** Browser canvas limits (Safari/iOS are the tightest: 16.7 Mpx area; Chrome: 16384 px side). */
export const CANVAS_LIMITS = { maxSide: 16384, maxArea: 16_777_216 } as const;

/**
 * Factor (<= 1) by which a decoded bitmap must be shrunk to fit a canvas. Only the displayed
 * bitmap is shrunk: it is then drawn at the image's full width/height in image coordinates,
 * so keypoints keep their image-pixel coordinates.
 */
export function bitmapDownscale(
  imageW: number,
  imageH: number,
  limits: { maxSide: number; maxArea: number } = CANVAS_LIMITS,
): number {
  if (!(imageW > 0 && imageH > 0)) return 1;
  const bySide = limits.maxSide / Math.max(imageW, imageH);
  const byArea = Math.sqrt(limits.maxArea / (imageW * imageH));
  return Math.min(1, bySide, byArea);
}

/**
 * Two-finger pinch: scale by the change in finger distance around the previous midpoint, then
 * follow the midpoint's movement (pan while pinching). Points in stage pixels.
 */
export function pinchTransform(
  t: ViewTransform,
  before: readonly [Point, Point],
  after: readonly [Point, Point],
  limits: ZoomLimits,
): ViewTransform {
  const dist = (p: readonly [Point, Point]) => Math.hypot(p[1].x - p[0].x, p[1].y - p[0].y);
  const mid = (p: readonly [Point, Point]) => ({ x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 });
  const d0 = dist(before);
  const factor = d0 > 0 ? dist(after) / d0 : 1;
  const m0 = mid(before);
  const m1 = mid(after);
  return panBy(zoomAt(t, m0, factor, limits), m1.x - m0.x, m1.y - m0.y);
}
