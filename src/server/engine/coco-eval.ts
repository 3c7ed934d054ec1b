// COCO keypoint evaluation (OKS AP), a faithful port of pycocotools' COCOeval for iouType
// "keypoints", area range "all", maxDets 20. Used by `npm run eval`.
import { COCO_BODY_SIGMAS, oks, type PosePoint } from '@/pose/object-keypoint-similarity';

export interface GtPerson {
  /** [x, y, w, h] in image pixels. */
  bbox: [number, number, number, number];
  /** COCO segment area (px^2): the OKS scale. */
  area: number;
  /** 17 points in COCO order; score holds COCO's v (0 = unlabelled). */
  keypoints: PosePoint[];
}

export interface DtPerson {
  score: number;
  keypoints: PosePoint[];
}

export interface EvalImage {
  gts: GtPerson[];
  dts: DtPerson[];
}

const MAX_DETS = 20;
export const OKS_THRESHOLDS = Array.from({ length: 10 }, (_, i) => 0.5 + 0.05 * i);

function labelled(gt: GtPerson): number {
  return gt.keypoints.filter((k) => k.score > 0).length;
}

/** pycocotools computeOks: a gt with no labelled keypoint scores by distance outside a 3x box. */
export function cocoOks(dt: DtPerson, gt: GtPerson, sigmas: readonly number[] = COCO_BODY_SIGMAS): number {
  if (labelled(gt) > 0) return oks(dt.keypoints, gt.keypoints, gt.area, 0, sigmas);
  const [bx, by, bw, bh] = gt.bbox;
  const x0 = bx - bw;
  const x1 = bx + 2 * bw;
  const y0 = by - bh;
  const y1 = by + 2 * bh;
  let sum = 0;
  sigmas.forEach((sigma, i) => {
    const p = dt.keypoints[i];
    if (!p) return;
    const dx = Math.max(0, x0 - p.x) + Math.max(0, p.x - x1);
    const dy = Math.max(0, y0 - p.y) + Math.max(0, p.y - y1);
    const k2 = (2 * sigma) ** 2;
    sum += Math.exp(-(dx * dx + dy * dy) / k2 / (gt.area + Number.EPSILON) / 2);
  });
  return sum / sigmas.length;
}

interface Matched {
  score: number;
  /** Per threshold: 1 = true positive, 0 = false positive, -1 = ignored. */
  outcome: number[];
}

function evaluateImage(img: EvalImage): { matched: Matched[]; npig: number } {
  // Persons with no labelled keypoint are "ignore" gts: neither misses nor matches.
  const gts = img.gts
    .map((g) => ({ g, ignore: labelled(g) === 0 }))
    .sort((a, b) => Number(a.ignore) - Number(b.ignore));
  const dts = [...img.dts].sort((a, b) => b.score - a.score).slice(0, MAX_DETS);
  const ious = dts.map((d) => gts.map(({ g }) => cocoOks(d, g)));
  const matched: Matched[] = dts.map((d) => ({ score: d.score, outcome: [] }));
  OKS_THRESHOLDS.forEach((t) => {
    const gtTaken = gts.map(() => false);
    dts.forEach((_, di) => {
      let best = Math.min(t, 1 - 1e-10);
      let m = -1;
      gts.forEach((gt, gi) => {
        if (gtTaken[gi]) return;
        if (m > -1 && !gts[m]!.ignore && gt.ignore) return;
        const v = ious[di]![gi]!;
        if (v < best) return;
        best = v;
        m = gi;
      });
      if (m === -1) matched[di]!.outcome.push(0);
      else {
        gtTaken[m] = true;
        matched[di]!.outcome.push(gts[m]!.ignore ? -1 : 1);
      }
    });
  });
  return { matched, npig: gts.filter((g) => !g.ignore).length };
}

/** AP per OKS threshold (101-point interpolated precision, as COCO). */
export function cocoKeypointAp(images: EvalImage[]): {
  ap: number;
  ap50: number;
  ap75: number;
  /** COCO's AR (maxDets 20): recall averaged over the OKS thresholds. */
  ar: number;
  perThreshold: number[];
} {
  const all: Matched[] = [];
  let npig = 0;
  for (const img of images) {
    const r = evaluateImage(img);
    all.push(...r.matched);
    npig += r.npig;
  }
  // Stable sort by descending score (pycocotools uses a mergesort).
  const sorted = all.map((m, i) => ({ m, i })).sort((a, b) => b.m.score - a.m.score || a.i - b.i);
  const recallPerThreshold = OKS_THRESHOLDS.map((_, ti) =>
    npig === 0 ? 0 : all.filter((m) => m.outcome[ti] === 1).length / npig,
  );
  const perThreshold = OKS_THRESHOLDS.map((_, ti) => {
    if (npig === 0) return 0;
    let tp = 0;
    let fp = 0;
    const recall: number[] = [];
    const precision: number[] = [];
    for (const { m } of sorted) {
      const o = m.outcome[ti]!;
      if (o === -1) continue;
      if (o === 1) tp++;
      else fp++;
      recall.push(tp / npig);
      precision.push(tp / (tp + fp));
    }
    for (let i = precision.length - 1; i > 0; i--)
      precision[i - 1] = Math.max(precision[i - 1]!, precision[i]!);
    let sum = 0;
    for (let r = 0; r <= 100; r++) {
      const target = r / 100;
      const idx = recall.findIndex((v) => v >= target - 1e-12);
      if (idx !== -1) sum += precision[idx]!;
    }
    return sum / 101;
  });
  return {
    ap: perThreshold.reduce((s, v) => s + v, 0) / perThreshold.length,
    ap50: perThreshold[0]!,
    ap75: perThreshold[5]!,
    ar: recallPerThreshold.reduce((s, v) => s + v, 0) / recallPerThreshold.length,
    perThreshold,
  };
}

/** A person anyone would point at: >= 8 labelled body keypoints and a box >= 96 px tall. */
export function plainlyVisible(gt: GtPerson): boolean {
  return labelled(gt) >= 8 && gt.bbox[3] >= 96;
}

/**
 * People found and invented, as a user counts them. found: plainly visible people matched by a
 * detection at OKS >= 0.5 (greedy, highest score first, as COCO matches); invented: detections
 * on photos where COCO labels nobody at all.
 */
export function peopleFound(images: EvalImage[]): { visible: number; found: number; invented: number } {
  let visible = 0;
  let found = 0;
  let invented = 0;
  for (const img of images) {
    if (img.gts.length === 0) invented += img.dts.length;
    const wanted = img.gts.filter(plainlyVisible);
    visible += wanted.length;
    const taken = img.gts.map(() => false);
    for (const d of [...img.dts].sort((a, b) => b.score - a.score)) {
      let best = 0.5;
      let m = -1;
      img.gts.forEach((g, gi) => {
        if (taken[gi]) return;
        const v = cocoOks(d, g);
        if (v >= best) {
          best = v;
          m = gi;
        }
      });
      if (m === -1) continue;
      taken[m] = true;
      if (plainlyVisible(img.gts[m]!)) found++;
    }
  }
  return { visible, found, invented };
}
