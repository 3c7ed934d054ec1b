import type { PartGroup, PoseResult } from '@/contract/pose-envelope';
import { partOfKeypoint } from './keypoint-catalogue';
import { ALL_PART_GROUPS, isNotDetected } from './pose-view-model';

export interface ScoreHistogram {
  /** bins + 1 edges from 0 to 1; bin i holds scores in [edges[i], edges[i+1]), the last bin includes 1. */
  edges: number[];
  /** Count per bin, per part group. */
  byPart: Record<PartGroup, number[]>;
  /** Count per bin over all parts. */
  total: number[];
  /** Largest bin count in `total` (for scaling bars). */
  maxCount: number;
}

export interface HistogramOptions {
  bins?: number;
  /** Image size, so off-image "not detected" placeholders are left out (those at (0,0) always are). */
  imageWidth?: number;
  imageHeight?: number;
  /** Only these persons (default: all). */
  personIds?: readonly string[];
}

function zeros(n: number): number[] {
  return Array.from({ length: n }, () => 0);
}

/** How many keypoints have each score, per part: the threshold slider's backdrop. */
export function scoreHistogram(result: PoseResult, options: HistogramOptions = {}): ScoreHistogram {
  const bins = Math.max(1, Math.floor(options.bins ?? 20));
  const w = options.imageWidth ?? 0;
  const h = options.imageHeight ?? 0;
  const ids = options.personIds ? new Set(options.personIds) : undefined;
  const byPart = Object.fromEntries(ALL_PART_GROUPS.map((p) => [p, zeros(bins)])) as Record<
    PartGroup,
    number[]
  >;
  const total = zeros(bins);
  for (const person of result.keyPointList) {
    if (ids && !ids.has(person.personId)) continue;
    for (const kp of person.inferKeypointList) {
      if (isNotDetected(kp, w, h)) continue;
      const bin = Math.min(bins - 1, Math.max(0, Math.floor(kp.score * bins)));
      byPart[partOfKeypoint(kp.name, kp.part)][bin]! += 1;
      total[bin]! += 1;
    }
  }
  return {
    edges: Array.from({ length: bins + 1 }, (_, i) => i / bins),
    byPart,
    total,
    maxCount: Math.max(0, ...total),
  };
}

export interface HiddenCounts {
  /** Keypoints below the threshold per part, over all persons. */
  byPart: Record<PartGroup, number>;
  /** Per person id: hidden keypoints per part and in total. */
  byPerson: Record<string, { total: number; byPart: Record<PartGroup, number> }>;
  total: number;
}

function zeroParts(): Record<PartGroup, number> {
  return { body: 0, foot: 0, face: 0, hand: 0, other: 0 };
}

/**
 * How many keypoints a threshold hides, per part and per person. "Not detected" placeholders
 * are never drawn anyway, so they are not counted as hidden by the threshold (off-image ones
 * only when the image size is given).
 */
export function hiddenCounts(
  result: PoseResult,
  threshold: number,
  image: { width: number; height: number } = { width: 0, height: 0 },
): HiddenCounts {
  const byPart = zeroParts();
  const byPerson: HiddenCounts['byPerson'] = {};
  let total = 0;
  for (const person of result.keyPointList) {
    const mine = (byPerson[person.personId] ??= { total: 0, byPart: zeroParts() });
    for (const kp of person.inferKeypointList) {
      if (kp.score >= threshold) continue;
      if (isNotDetected(kp, image.width, image.height)) continue;
      const part = partOfKeypoint(kp.name, kp.part);
      byPart[part] += 1;
      mine.byPart[part] += 1;
      mine.total += 1;
      total += 1;
    }
  }
  return { byPart, byPerson, total };
}
