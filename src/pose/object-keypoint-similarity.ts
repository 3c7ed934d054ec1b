// Object Keypoint Similarity (COCO): how alike two poses of one person are, 0..1, scale-aware.
// OKS_p = mean over labelled keypoints i of exp(-d_i^2 / (2 * s^2 * k_i^2)), with s^2 the
// object's area in pixels^2 and k_i = 2 * sigma_i (pycocotools' computeOks). One implementation,
// shared by the engine (evaluation, duplicate removal) and the client (pairing people to compare).

/**
 * Per-keypoint OKS sigmas of the COCO evaluation for the 17 body keypoints in COCO order
 * (nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles; test-data/images/SOURCES.md).
 * Fractions of the object scale.
 */
export const COCO_BODY_SIGMAS: readonly number[] = [
  0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107, 0.087, 0.087,
  0.089, 0.089,
];

export interface PosePoint {
  x: number;
  y: number;
  /** Confidence 0..1 for a detection; for ground truth, COCO's v (0 = unlabelled). */
  score: number;
}

/**
 * OKS of a detection against a reference pose. Only reference keypoints with score > refMin count
 * (for ground truth: v > 0). Returns 0 when the reference has no such keypoint.
 */
export function oks(
  detection: readonly PosePoint[],
  reference: readonly PosePoint[],
  area: number,
  refMin = 0,
  sigmas: readonly number[] = COCO_BODY_SIGMAS,
): number {
  let sum = 0;
  let count = 0;
  const n = Math.min(detection.length, reference.length, sigmas.length);
  for (let i = 0; i < n; i++) {
    const r = reference[i]!;
    if (r.score <= refMin) continue;
    const d = detection[i]!;
    const k = 2 * sigmas[i]!;
    const dx = d.x - r.x;
    const dy = d.y - r.y;
    // pycocotools adds eps to the area; mirror it so a zero-area reference does not divide by 0.
    sum += Math.exp(-(dx * dx + dy * dy) / (k * k) / (area + Number.EPSILON) / 2);
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

/** Area (px^2) of the bounding box of the keypoints above minScore: the scale OKS needs for a detection. */
export function keypointBoxArea(points: readonly PosePoint[], minScore: number): number {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of points) {
    if (p.score < minScore) continue;
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return x1 > x0 && y1 > y0 ? (x1 - x0) * (y1 - y0) : 0;
}
