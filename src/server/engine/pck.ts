// PCK (percentage of correct keypoints) for the part groups beyond the body. A labelled
// keypoint is correct when the prediction lies within alpha x the person's torso diameter (the
// LSP convention: left shoulder to right hip, else right shoulder to left hip, from the ground
// truth). Each ground-truth person is paired with the detection of highest body OKS (>= 0.5); a
// keypoint that was not predicted, or a person with no matching detection, counts as wrong.
import { cocoOks, type DtPerson, type GtPerson } from './coco-eval';

export interface NamedPoint {
  name: string;
  x: number;
  y: number;
}

export interface PckImage {
  gts: { body: GtPerson; named: NamedPoint[] }[];
  dts: { body: DtPerson; named: NamedPoint[] }[];
}

export interface PckResult {
  /** Labelled keypoints of the asked names (in persons with a measurable torso). */
  total: number;
  correct: number;
  /** Labelled keypoints for which the engine gave a prediction at all. */
  predicted: number;
}

function torso(named: NamedPoint[]): number | undefined {
  const at = (n: string) => named.find((k) => k.name === n);
  for (const [a, b] of [
    ['left_shoulder', 'right_hip'],
    ['right_shoulder', 'left_hip'],
  ] as const) {
    const p = at(a);
    const q = at(b);
    if (p && q) return Math.hypot(p.x - q.x, p.y - q.y);
  }
  return undefined;
}

export function pck(images: PckImage[], names: readonly string[], alpha = 0.2): PckResult {
  const result: PckResult = { total: 0, correct: 0, predicted: 0 };
  for (const img of images) {
    for (const gt of img.gts) {
      const labelled = gt.named.filter((k) => names.includes(k.name));
      const size = torso(gt.named);
      if (labelled.length === 0 || size === undefined || size <= 0) continue;
      let best: (typeof img.dts)[number] | undefined;
      let bestOks = 0.5;
      for (const dt of img.dts) {
        const o = cocoOks(dt.body, gt.body);
        if (o >= bestOks) {
          bestOks = o;
          best = dt;
        }
      }
      for (const k of labelled) {
        result.total++;
        const p = best?.named.find((q) => q.name === k.name);
        if (!p) continue;
        result.predicted++;
        if (Math.hypot(p.x - k.x, p.y - k.y) <= alpha * size) result.correct++;
      }
    }
  }
  return result;
}
