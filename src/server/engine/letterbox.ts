// Rectangular regions of an image and the maths that maps them to and from a model's input.
// A region may stick out of the image (letterbox padding, or a person crop at the border): the
// part outside is filled with black (0) when sampled.

/** A region of the image in image pixels (continuous coordinates: pixel i spans [i, i+1)). */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The region that letterboxes the whole image into an inputWidth x inputHeight model input:
 * the image scaled to fit, centred, the rest padding.
 */
export function letterboxRegion(
  width: number,
  height: number,
  inputWidth: number,
  inputHeight: number,
): Region {
  const scale = Math.min(inputWidth / width, inputHeight / height);
  const rw = inputWidth / scale;
  const rh = inputHeight / scale;
  return { x: (width - rw) / 2, y: (height - rh) / 2, width: rw, height: rh };
}

/**
 * MoveNet MultiPose takes any input whose sides are multiples of 32: the longer side is `size`,
 * the shorter one keeps the image's aspect ratio, rounded up to a multiple of 32 (less padding,
 * less compute than a square for landscape or portrait photos).
 */
export function multiposeInputShape(
  width: number,
  height: number,
  size: number,
): { width: number; height: number } {
  const short = (Math.min(width, height) / Math.max(width, height)) * size;
  const padded = Math.min(size, Math.max(32, Math.ceil(short / 32) * 32));
  return width >= height ? { width: size, height: padded } : { width: padded, height: size };
}

/** A square centred on a box, enlarged by `scale` (1.25 = 25% context around a person). */
export function squareAround(box: Region, scale: number): Region {
  const size = Math.max(box.width, box.height) * scale;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return { x: cx - size / 2, y: cy - size / 2, width: size, height: size };
}

/**
 * The normalised box [y1, x1, y2, x2] for tf.image.cropAndResize so that output pixel i of an
 * outWidth x outHeight crop samples the image at the centre of the i-th of the equal cells of the
 * region. cropAndResize maps output row i to image row y1*(h-1) + i*(y2-y1)*(h-1)/(outHeight-1),
 * in pixel-centre coordinates (pixel j's centre is at j).
 */
export function cropAndResizeBox(
  region: Region,
  imageWidth: number,
  imageHeight: number,
  outWidth: number,
  outHeight: number,
): [number, number, number, number] {
  const cellX = region.width / outWidth;
  const cellY = region.height / outHeight;
  // Centre of the first output cell, in pixel-centre coordinates (continuous - 0.5).
  const firstY = region.y + cellY / 2 - 0.5;
  const firstX = region.x + cellX / 2 - 0.5;
  const hm1 = Math.max(imageHeight - 1, 1);
  const wm1 = Math.max(imageWidth - 1, 1);
  return [
    firstY / hm1,
    firstX / wm1,
    (firstY + cellY * (outHeight - 1)) / hm1,
    (firstX + cellX * (outWidth - 1)) / wm1,
  ];
}

/** A model's normalised output coordinate (0..1 across its input) back to image pixels. */
export function fromRegion(region: Region, nx: number, ny: number): { x: number; y: number } {
  return { x: region.x + nx * region.width, y: region.y + ny * region.height };
}

/** Image pixels to the model's normalised coordinate: the inverse of fromRegion. */
export function toRegion(region: Region, x: number, y: number): { nx: number; ny: number } {
  return { nx: (x - region.x) / region.width, ny: (y - region.y) / region.height };
}
