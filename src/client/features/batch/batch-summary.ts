import type { PartGroup, PoseResult } from '@/contract/pose-envelope';
import { partOfKeypoint } from '@/pose/keypoint-catalogue';
import { ALL_PART_GROUPS, isNotDetected } from '@/pose/pose-view-model';
import { scoreHistogram } from '@/pose/score-histogram';

// Figures of a whole batch: how many images, how many people, how confident per part, and
// the distribution of all keypoint scores (the summary panel's SVG bars).

export interface SummaryInput {
  result: PoseResult;
  width: number;
  height: number;
}

export interface BatchSummary {
  images: number;
  people: number;
  keypoints: number;
  /** Mean score of the detected keypoints per part; undefined for a part never seen. */
  meanByPart: Record<PartGroup, number | undefined>;
  /** Keypoint counts per score bin (0..1 in `bins` steps), over all images. */
  histogram: number[];
}

export function summariseBatch(inputs: readonly SummaryInput[], bins = 10): BatchSummary {
  const sums = Object.fromEntries(ALL_PART_GROUPS.map((p) => [p, { sum: 0, n: 0 }])) as Record<
    PartGroup,
    { sum: number; n: number }
  >;
  const histogram = Array.from({ length: bins }, () => 0);
  let people = 0;
  let keypoints = 0;
  for (const { result, width, height } of inputs) {
    people += result.keyPointList.length;
    for (const person of result.keyPointList) {
      for (const kp of person.inferKeypointList) {
        if (isNotDetected(kp, width, height)) continue;
        const s = sums[partOfKeypoint(kp.name, kp.part)];
        s.sum += kp.score;
        s.n += 1;
        keypoints += 1;
      }
    }
    const h = scoreHistogram(result, { bins, imageWidth: width, imageHeight: height });
    h.total.forEach((c, i) => (histogram[i]! += c));
  }
  const meanByPart = Object.fromEntries(
    ALL_PART_GROUPS.map((p) => [p, sums[p].n > 0 ? sums[p].sum / sums[p].n : undefined]),
  ) as Record<PartGroup, number | undefined>;
  return { images: inputs.length, people, keypoints, meanByPart, histogram };
}
