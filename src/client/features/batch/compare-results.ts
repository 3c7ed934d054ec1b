import type { PoseResult } from '@/contract/pose-envelope';
import { isNotDetected } from '@/pose/pose-view-model';

// Two answers for the same image (e.g. quality=fast vs quality=accurate): pair each person of
// A with the nearest person of B, then measure every keypoint both detected, in image pixels.

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

type Pts = Map<string, { x: number; y: number }>;

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

/** Greedy pairing by mean keypoint distance (cheapest pair first); pairs share >= 1 keypoint name. */
export function compareResults(a: PoseResult, b: PoseResult, width = 0, height = 0): Comparison {
  const pa = a.keyPointList.map((p) => ({ id: p.personId, pts: points(p, width, height) }));
  const pb = b.keyPointList.map((p) => ({ id: p.personId, pts: points(p, width, height) }));
  const candidates: { i: number; j: number; ds: KeypointDelta[]; cost: number }[] = [];
  pa.forEach((x, i) =>
    pb.forEach((y, j) => {
      const ds = deltas(x.pts, y.pts);
      if (ds.length > 0) candidates.push({ i, j, ds, cost: mean(ds) });
    }),
  );
  candidates.sort((p, q) => p.cost - q.cost);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: PersonPair[] = [];
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    pairs.push({ personA: pa[c.i]!.id, personB: pb[c.j]!.id, deltas: c.ds, meanDistance: c.cost });
  }
  return {
    pairs,
    unmatchedA: pa.filter((_, i) => !usedA.has(i)).map((p) => p.id),
    unmatchedB: pb.filter((_, j) => !usedB.has(j)).map((p) => p.id),
  };
}
