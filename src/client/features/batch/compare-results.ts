import type { PoseResult } from '@/contract/pose-envelope';
import { COCO17_NAMES } from '@/pose/keypoint-catalogue';
import { keypointBoxArea, oks, type PosePoint } from '@/pose/oks';
import { isNotDetected } from '@/pose/pose-view-model';

// Two answers for the same image (e.g. quality=fast vs quality=accurate): pair the people of A
// and B that are the same person, by COCO's Object Keypoint Similarity of their body keypoints
// (scale-aware: 10 px is a lot on a child far away, little on a close-up), best pair first;
// then measure every keypoint both detected, in image pixels. People with no partner at or above
// the floor are listed as unpaired rather than paired with a stranger.

/**
 * Lowest OKS at which two poses count as the same person: 0.5 is the loosest threshold of COCO's
 * keypoint AP (AP@0.5), where a detection is taken to have found a given person. Two people
 * standing side by side score near 0; two answers for one person normally well above 0.7.
 */
export const SAME_PERSON_MIN_OKS = 0.5;

export interface KeypointDelta {
  name: string;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  /** Euclidean distance, image pixels. */
  distance: number;
}

export interface PersonPair {
  personA: string;
  personB: string;
  /** OKS of the two poses' body keypoints (mean of both directions), 0..1. */
  oks: number;
  deltas: KeypointDelta[];
  /** Mean of the deltas' distances, image pixels. */
  meanDistance: number;
}

export interface Comparison {
  pairs: PersonPair[];
  /** Persons of either answer without a partner. */
  unmatchedA: string[];
  unmatchedB: string[];
}

export type Pts = Map<string, { x: number; y: number }>;

function points(person: PoseResult['keyPointList'][number], w: number, h: number): Pts {
  const m: Pts = new Map();
  for (const k of person.inferKeypointList) if (!isNotDetected(k, w, h)) m.set(k.name, { x: k.x, y: k.y });
  return m;
}

function deltas(a: Pts, b: Pts): KeypointDelta[] {
  const out: KeypointDelta[] = [];
  for (const [name, p] of a) {
    const q = b.get(name);
    if (q) out.push({ name, ax: p.x, ay: p.y, bx: q.x, by: q.y, distance: Math.hypot(p.x - q.x, p.y - q.y) });
  }
  return out;
}

const mean = (ds: KeypointDelta[]) =>
  ds.length ? ds.reduce((s, d) => s + d.distance, 0) / ds.length : Infinity;

/** The 17 body keypoints in COCO order (the sigmas' order); a missing one has score 0. */
function bodyPoints(pts: Pts): PosePoint[] {
  return COCO17_NAMES.map((name) => {
    const p = pts.get(name);
    return p ? { x: p.x, y: p.y, score: 1 } : { x: Number.POSITIVE_INFINITY, y: 0, score: 0 };
  });
}

/**
 * OKS of two answers' poses of (maybe) one person, symmetric: the mean of B against A (A's
 * detected keypoints and box area as the reference) and A against B. A keypoint only one side
 * detected counts as a miss on the side that lacks it. 0 when either has no body box.
 */
export function poseSimilarity(a: Pts, b: Pts): number {
  const pa = bodyPoints(a);
  const pb = bodyPoints(b);
  const areaA = keypointBoxArea(pa, 0.5);
  const areaB = keypointBoxArea(pb, 0.5);
  if (areaA === 0 || areaB === 0) return 0;
  return (oks(pb, pa, areaA) + oks(pa, pb, areaB)) / 2;
}

/**
 * Greedy pairing by OKS (most similar pair first), only at or above SAME_PERSON_MIN_OKS; the
 * rest are unmatched on their side.
 */
export function compareResults(a: PoseResult, b: PoseResult, width = 0, height = 0): Comparison {
  const pa = a.keyPointList.map((p) => ({ id: p.personId, pts: points(p, width, height) }));
  const pb = b.keyPointList.map((p) => ({ id: p.personId, pts: points(p, width, height) }));
  const candidates: { i: number; j: number; ds: KeypointDelta[]; similarity: number }[] = [];
  pa.forEach((x, i) =>
    pb.forEach((y, j) => {
      const similarity = poseSimilarity(x.pts, y.pts);
      if (similarity >= SAME_PERSON_MIN_OKS) candidates.push({ i, j, ds: deltas(x.pts, y.pts), similarity });
    }),
  );
  candidates.sort((p, q) => q.similarity - p.similarity);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: PersonPair[] = [];
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    pairs.push({
      personA: pa[c.i]!.id,
      personB: pb[c.j]!.id,
      oks: c.similarity,
      deltas: c.ds,
      meanDistance: mean(c.ds),
    });
  }
  return {
    pairs,
    unmatchedA: pa.filter((_, i) => !usedA.has(i)).map((p) => p.id),
    unmatchedB: pb.filter((_, j) => !usedB.has(j)).map((p) => p.id),
  };
}
