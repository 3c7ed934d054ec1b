// Greedy IoU non-maximum suppression for detector boxes (image pixels).

export interface DetectionBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

export function iou(a: DetectionBox, b: DetectionBox): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union <= 0 ? 0 : inter / union;
}

/** Keeps boxes in descending score order, dropping any overlapping a kept one by more than `threshold` IoU. */
export function boxNms<T extends DetectionBox>(boxes: readonly T[], threshold: number): T[] {
  const kept: T[] = [];
  for (const b of [...boxes].sort((p, q) => q.score - p.score)) {
    if (b.width <= 0 || b.height <= 0) continue;
    if (!kept.some((k) => iou(k, b) > threshold)) kept.push(b);
  }
  return kept;
}
