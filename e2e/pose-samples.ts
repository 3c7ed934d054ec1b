import type { PoseResult } from '../src/contract/pose-envelope';
import { SKELETON_EDGES } from '../src/pose/skeleton-edges';

// Which keypoints of an answer are safe places to read a canvas pixel: confident (so the dot is
// opaque), inside the image, and far (in screen px) from every other person's dots and limbs, so
// the centre pixel can only have one person's colour.

export interface SamplePoint {
  personIndex: number;
  name: string;
  x: number;
  y: number;
  score: number;
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * @param minScore only points at least this confident
 * @param clearance minimum distance in IMAGE px to any other person's keypoint or limb
 */
export function isolatedKeypoints(
  result: PoseResult,
  imageWidth: number,
  imageHeight: number,
  minScore: number,
  clearance: number,
): SamplePoint[] {
  const out: SamplePoint[] = [];
  result.keyPointList.forEach((person, personIndex) => {
    for (const kp of person.inferKeypointList) {
      if (kp.score < minScore) continue;
      if (kp.x < clearance || kp.y < clearance) continue;
      if (kp.x > imageWidth - clearance || kp.y > imageHeight - clearance) continue;
      const clear = result.keyPointList.every((other, otherIndex) => {
        if (otherIndex === personIndex) return true;
        const byName = new Map(other.inferKeypointList.map((k) => [k.name, k]));
        if (other.inferKeypointList.some((k) => Math.hypot(k.x - kp.x, k.y - kp.y) < clearance)) return false;
        return SKELETON_EDGES.every((e) => {
          const a = byName.get(e.from);
          const b = byName.get(e.to);
          return !a || !b || segmentDistance(kp.x, kp.y, a.x, a.y, b.x, b.y) >= clearance;
        });
      });
      if (clear) out.push({ personIndex, name: kp.name, x: kp.x, y: kp.y, score: kp.score });
    }
  });
  return out;
}

/**
 * The least confident keypoint inside the image that is clear of every other mark (other
 * people's dots and limbs, and its own person's dots and limbs that do not end at it): once
 * the threshold hides it, only the photo is left at its pixel.
 */
export function weakestIsolatedKeypoint(
  result: PoseResult,
  imageWidth: number,
  imageHeight: number,
  clearance: number,
): SamplePoint | undefined {
  let best: SamplePoint | undefined;
  result.keyPointList.forEach((person, personIndex) => {
    for (const kp of person.inferKeypointList) {
      if (kp.score <= 0.01 || (best && kp.score >= best.score)) continue;
      if (kp.x < clearance || kp.y < clearance) continue;
      if (kp.x > imageWidth - clearance || kp.y > imageHeight - clearance) continue;
      const clear = result.keyPointList.every((other) => {
        const byName = new Map(other.inferKeypointList.map((k) => [k.name, k]));
        const dotsClear = other.inferKeypointList.every(
          (k) => k === kp || Math.hypot(k.x - kp.x, k.y - kp.y) >= clearance,
        );
        return (
          dotsClear &&
          SKELETON_EDGES.every((e) => {
            const a = byName.get(e.from);
            const b = byName.get(e.to);
            if (!a || !b || a === kp || b === kp) return true;
            return segmentDistance(kp.x, kp.y, a.x, a.y, b.x, b.y) >= clearance;
          })
        );
      });
      if (clear) best = { personIndex, name: kp.name, x: kp.x, y: kp.y, score: kp.score };
    }
  });
  return best;
}
