// Score -> opacity. Low scores fade but never vanish (MIN_OPACITY): hiding is the threshold's
// job, so the user always sees that a weak point exists until they decide otherwise.

export type OpacityMapping = 'linear' | 'emphasised';
export const OPACITY_MAPPINGS: readonly OpacityMapping[] = ['linear', 'emphasised'];

/** Opacity of a score-0 mark: still visible on a busy photo. */
export const MIN_OPACITY = 0.15;

/**
 * Opacity in [MIN_OPACITY, 1] for a score in 0..1 (clamped; NaN counts as 0).
 * - linear: opacity grows in step with the score.
 * - emphasised: score squared, so 0.5 already looks faint (0.36) and only confident marks
 *   (>= 0.8: >= 0.69) stand out: better for telling "good" from "mediocre".
 */
export function scoreToOpacity(score: number, mapping: OpacityMapping = 'linear'): number {
  const s = Number.isNaN(score) ? 0 : Math.min(1, Math.max(0, score));
  const t = mapping === 'emphasised' ? s * s : s;
  return MIN_OPACITY + (1 - MIN_OPACITY) * t;
}

/** A limb is as trustworthy as its weaker end. */
export function limbScore(a: number, b: number): number {
  return Math.min(a, b);
}

export interface OpacityStop {
  score: number;
  opacity: number;
}

/** Sample stops (score 0, 0.25, 0.5, 0.75, 1) for drawing a legend of the mapping. */
export function OPACITY_LEGEND(mapping: OpacityMapping, steps = 5): OpacityStop[] {
  const n = Math.max(2, Math.floor(steps));
  return Array.from({ length: n }, (_, i) => {
    const score = i / (n - 1);
    return { score, opacity: scoreToOpacity(score, mapping) };
  });
}
