import type { Keypoint } from '@/contract/pose-envelope';
import { isNotDetected } from './pose-view-model';

export interface BBox {
  /** Image pixels: top-left corner and size. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PersonBBoxOptions {
  /** Keypoints below this score do not count. */
  threshold: number;
  /** Image size, to ignore "not detected" placeholders and clip the box (0 = unknown). */
  imageWidth?: number;
  imageHeight?: number;
  /** Grow the box by this fraction of its larger side on every edge (keypoints sit on the body's edge). */
  padding?: number;
}

/**
 * Extent of the keypoints that pass the threshold (placeholders excluded), optionally padded
 * and clipped to the image. Undefined when no keypoint qualifies.
 */
export function personBbox(
  keypoints: readonly Pick<Keypoint, 'x' | 'y' | 'score'>[],
  options: PersonBBoxOptions,
): BBox | undefined {
  const w = options.imageWidth ?? 0;
  const h = options.imageHeight ?? 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const kp of keypoints) {
    if (kp.score < options.threshold || isNotDetected(kp, w, h)) continue;
    if (!Number.isFinite(kp.x) || !Number.isFinite(kp.y)) continue;
    minX = Math.min(minX, kp.x);
    minY = Math.min(minY, kp.y);
    maxX = Math.max(maxX, kp.x);
    maxY = Math.max(maxY, kp.y);
  }
  if (minX === Infinity) return undefined;
  const pad = (options.padding ?? 0) * Math.max(maxX - minX, maxY - minY);
  minX -= pad;
  minY -= pad;
  maxX += pad;
  maxY += pad;
  if (w > 0) [minX, maxX] = [Math.max(0, minX), Math.min(w, maxX)];
  if (h > 0) [minY, maxY] = [Math.max(0, minY), Math.min(h, maxY)];
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}
