import { keypointInfo } from './keypoint-catalogue';

// How big a person's marks are and where its number sits, from plain point data. Sizes are
// screen px; positions image px. Shared by the canvas, the PNG export and the label layout
// (which keeps labels off the number badges), so all three agree.

export interface MarkSizes {
  /** Joint marker radius, screen px. */
  dotRadius: number;
  /** Limb width, screen px. */
  lineWidth: number;
  /** Outline width around every mark, screen px. */
  haloWidth: number;
  /** Dash pattern of right-side limbs, screen px. */
  rightDash: readonly [number, number];
  /** Radius of the number badge at the head, screen px; 0 draws no number. */
  badgeRadius: number;
}

/** The editor's marks: thin enough to see the photo under them. */
export const SCREEN_MARKS: MarkSizes = {
  dotRadius: 4,
  lineWidth: 2.5,
  haloWidth: 2,
  rightDash: [7, 4],
  badgeRadius: 8,
};

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * Presentation marks for a person whose visible points span `extentPx` screen px (bbox
 * diagonal): limbs 2 % of that (5..16 px, so a small far person still reads on a projector and
 * a close-up is not buried), joints 1.5x the limb, a halo of 0.45x the limb (at least 2.5 px)
 * on every mark so it stands out on any clothing, and a badge big enough for a two-digit number.
 */
export function presentationMarks(extentPx: number): MarkSizes {
  const line = round2(clamp((Number.isFinite(extentPx) ? extentPx : 0) * 0.02, 5, 16));
  return {
    lineWidth: line,
    dotRadius: round2(line * 1.5),
    haloWidth: round2(Math.max(2.5, line * 0.45)),
    rightDash: [round2(line * 2.4), round2(line * 1.4)],
    badgeRadius: round2(clamp(line * 2.2, 12, 28)),
  };
}

interface PlainPoint {
  name: string;
  x: number;
  y: number;
  visible: boolean;
}

/** Diagonal of the visible points' bounding box, image px (0 with fewer than two points). */
export function visibleExtent(points: readonly PlainPoint[]): number {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let n = 0;
  for (const p of points) {
    if (!p.visible) continue;
    n += 1;
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return n < 2 ? 0 : Math.hypot(x1 - x0, y1 - y0);
}

const HEAD_NAMES = new Set(['nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear']);

/**
 * Where the person's head is, image px: the mean x of the visible head points (nose, eyes, ears)
 * at the topmost one's y; without a head, the topmost visible point. Undefined with none.
 */
export function headAnchor(points: readonly PlainPoint[]): { x: number; y: number } | undefined {
  const visible = points.filter((p) => p.visible);
  const head = visible.filter((p) => HEAD_NAMES.has(keypointInfo(p.name)?.name ?? ''));
  const from = head.length > 0 ? head : visible;
  if (from.length === 0) return undefined;
  const top = Math.min(...from.map((p) => p.y));
  const x =
    head.length > 0 ? head.reduce((s, p) => s + p.x, 0) / head.length : from.find((p) => p.y === top)!.x;
  return { x, y: top };
}

/**
 * The number badge of a person: a circle centred above its head, clear of the head's own
 * markers. `k` = image px per screen px. Image px; undefined without visible points or badge.
 */
export function numberBadge(
  points: readonly PlainPoint[],
  marks: Pick<MarkSizes, 'badgeRadius' | 'dotRadius'>,
  k: number,
): { x: number; y: number; r: number } | undefined {
  const head = headAnchor(points);
  if (!head || marks.badgeRadius <= 0) return undefined;
  const r = marks.badgeRadius * k;
  return { x: head.x, y: head.y - (marks.badgeRadius + marks.dotRadius + 6) * k, r };
}
