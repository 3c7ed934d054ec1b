// OKS-based non-maximum suppression for people. OKS itself lives in src/pose (shared with the
// client); it is re-exported here for the engine modules that import it from this file.
import { keypointBoxArea, oks, type PosePoint } from '@/pose/object-keypoint-similarity';

export { keypointBoxArea, oks, type PosePoint };

export interface ScoredPose {
  score: number;
  keypoints: readonly PosePoint[];
}

/**
 * Greedy OKS NMS: keeps people in descending score order and drops any whose OKS against an
 * already kept, higher-scoring person exceeds `threshold` (the same person found twice). The
 * kept person's keypoints with score >= kpMin and the area of their box are the reference.
 */
export function oksNms<T extends ScoredPose>(people: readonly T[], threshold: number, kpMin: number): T[] {
  const sorted = [...people].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const p of sorted) {
    const duplicate = kept.some((k) => {
      const area = keypointBoxArea(k.keypoints, kpMin);
      return area > 0 && oks(p.keypoints, k.keypoints, area, kpMin - Number.EPSILON) > threshold;
    });
    if (!duplicate) kept.push(p);
  }
  return kept;
}
