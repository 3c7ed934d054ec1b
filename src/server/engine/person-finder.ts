// Finding people, the whole policy in one place: which finders run, how their boxes merge, how
// each candidate is posed, scored and kept. Chosen with `npm run eval` on test-data/coco-mini
// (120 COCO photos) and test-data/images; docs/engine.md has the measurements behind each rule.
//
// 1. Finders. CenterNet (a box detector) finds people of every size; MultiPose finds people with
//    keypoints. They miss different people, so their candidates are pooled, not chosen between.
//    A MultiPose person whose own box matches a CenterNet box (IoU >= 0.5) is one candidate.
//    CenterNet runs first. A box scoring the keep cut on its own is a person it is sure of; only
//    on a photo with one does MultiPose run, and weak boxes count too (people come in groups: a
//    half-hidden neighbour scores low). Beside nobody sure, a box must reach the "maybe" cut: a
//    weak box alone is clutter, and most photos with nobody then cost CenterNet alone.
// 2. Prospects. Every candidate gets a cheap pose first: MultiPose's own, or MoveNet Lightning's
//    on the crop (~1/4 of a Thunder run). Its prospect is the score it would have with that pose.
// 3. Posing. MoveNet Thunder re-poses the most promising candidates on a square crop around the
//    box (more pixels per person than any whole-image pass), at most `maxThunder` per image so a
//    crowd costs a bounded time; the rest keep their cheap pose.
// 4. Scoring. A person's score is the geometric mean of the finder's score and the pose model's
//    confidence, the mean of its 8 most confident keypoints: a person cut by the frame or half
//    hidden still shows 8 good joints, so it is not punished for the ones it cannot have.
// 5. Keeping. Poses of one person found twice (OKS > 0.5) are one group: the group's best score
//    ranks it and its most confident pose is drawn (a crop straddling two people gives a less
//    confident pose than a crop centred on one). Groups under the cut are not returned; those
//    just under it are counted as people the engine may have missed ("look harder").
// 6. Staying on the person. A crop is square, so around a standing person it also holds the
//    people beside them; a pose whose confident joints mostly lie outside the box it was asked
//    about belongs to someone else or straddles two people, and is not kept.
import type * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { boxNms, iou, type DetectionBox } from './box-nms';
import { poseOnCrop, runCenterNet, runMultipose, type MultiposePerson } from './body-models';
import { squareAround, type Region } from './letterbox';
import { oks, keypointBoxArea } from '@/pose/oks';
import type { CropModel, WorkerKeypoint, WorkerPerson } from './worker-protocol';

/** Keypoints below this score do not count towards a box or an OKS comparison. */
export const KEYPOINT_MIN = 0.2;
/** Two poses with OKS above this are one person found twice (the usual OKS-NMS setting). */
export const OKS_SAME_PERSON = 0.5;
/** People scoring under this are not returned (at most 3 people invented on coco-mini's 63 empty photos). */
export const KEEP_MIN = 0.3;
/** Groups scoring in [MAYBE_MIN, KEEP_MIN) are reported as likely people not returned. */
export const MAYBE_MIN = 0.2;
/** At most this many people per image. */
export const MAX_PEOPLE = 20;
/** Keypoints averaged for the pose confidence (a frame-cut person still shows about 8). */
const CONFIDENT_KEYPOINTS = 8;
/** A MultiPose box and a CenterNet box overlapping this much are the same person. */
const SAME_BOX_IOU = 0.5;
/** A pose stays on its person when this share of its confident joints lies in the person's box... */
const ON_BOX_SHARE = 0.75;
/** ...grown by this much (limbs reach past a finder's box; a neighbour is further away). */
const ON_BOX_GROWTH = 1.3;

export interface FinderPlan {
  /** CenterNet boxes scoring at least this become candidates (at most maxCandidates of them). */
  centernetMin: number;
  maxCandidates: number;
  /** MultiPose's input side, and its people's minimum score. */
  multiposeSize: number;
  multiposeMin: number;
  /**
   * Run MultiPose even when CenterNet is sure of nobody. Off: MultiPose runs only beside a box
   * scoring at least `sureBoxMin`, and without one boxes under `loneBoxMin` are not candidates.
   */
  multiposeAlways: boolean;
  sureBoxMin: number;
  loneBoxMin: number;
  /** Candidates whose prospect is under this are dropped without a Thunder run. */
  prospectMin: number;
  /** Thunder runs per image at most (the rest keep their cheap pose). */
  maxThunder: number;
  /** Also pose a matched pair's MultiPose keypoint box: two crops, the more confident pose wins. */
  bothCrops: boolean;
}

/**
 * balanced: the default. A person both finders found is posed on both crops (CenterNet's box
 * and MultiPose's keypoints) and the more confident pose is drawn: +0.03 AP on test-data/images
 * for one more Thunder run. 8 Thunder runs bound a crowd's time (4 people posed on both crops;
 * 12 runs scored the same on both sets, 0.420 / 0.801, and cost 4 runs more on every crowd).
 * When the budget runs out mid-person, that person gets the one run left.
 * MultiPose and weak boxes (0.1-0.3) only beside a box CenterNet is sure of: the same AP on both
 * sets at 2/3 of the model time on coco-mini's median photo (before, any box >= 0.2 ran MultiPose
 * and every box >= 0.1 a Lightning screen, on photos with nobody too).
 * accurate: "look harder": a lower box cut, MultiPose at 384 every time, Thunder for everyone.
 */
export const FINDER_PLANS: Record<'balanced' | 'accurate', FinderPlan> = {
  balanced: {
    centernetMin: 0.1,
    maxCandidates: 20,
    multiposeSize: 256,
    multiposeMin: 0.1,
    multiposeAlways: false,
    sureBoxMin: KEEP_MIN,
    loneBoxMin: MAYBE_MIN,
    prospectMin: 0.25,
    maxThunder: 8,
    bothCrops: true,
  },
  accurate: {
    centernetMin: 0.05,
    maxCandidates: 24,
    multiposeSize: 384,
    multiposeMin: 0.1,
    multiposeAlways: true,
    sureBoxMin: KEEP_MIN,
    loneBoxMin: 0,
    prospectMin: 0.2,
    maxThunder: 48,
    bothCrops: true,
  },
};

/** CenterNet boxes are full-extent (head to feet): 10 % context is enough. */
const BOX_CROP = 1.1;
/** MultiPose keypoint boxes stop at the joints (no crown, no soles): 25 % context. */
const KEYPOINT_CROP = 1.25;

export interface Candidate {
  /** The finder's score (the larger of the two when both finders found the person). */
  score: number;
  /** CenterNet's box, when it found the person. */
  box?: Region;
  /** MultiPose's pose, when it found the person. */
  multipose?: MultiposePerson;
}

export interface Posed extends WorkerPerson {
  /** Pose confidence (mean of the 8 most confident keypoints). */
  confidence: number;
}

/** Mean score of the most confident keypoints: how sure the pose model is that it sees a person. */
export function poseConfidence(keypoints: readonly { score: number }[]): number {
  const top = keypoints
    .map((k) => k.score)
    .sort((a, b) => b - a)
    .slice(0, CONFIDENT_KEYPOINTS);
  return top.length === 0 ? 0 : top.reduce((s, v) => s + v, 0) / top.length;
}

/** Geometric mean of the finder's and the pose model's confidence (both 0..1). */
export function personScore(finderScore: number, keypoints: readonly { score: number }[]): number {
  return Math.sqrt(Math.max(0, finderScore) * poseConfidence(keypoints));
}

/** The box around a pose's confident keypoints, or undefined with fewer than 2 of them. */
export function keypointBox(
  keypoints: readonly { x: number; y: number; score: number }[],
): Region | undefined {
  const good = keypoints.filter((k) => k.score >= KEYPOINT_MIN);
  if (good.length < 2) return undefined;
  const xs = good.map((k) => k.x);
  const ys = good.map((k) => k.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/**
 * Both finders' candidates: CenterNet's boxes (near-duplicates merged, best first, at most
 * plan.maxCandidates), each joined by the MultiPose person whose own box overlaps it most
 * (IoU >= 0.5), plus MultiPose's people that match no box.
 */
export function pooledCandidates(
  boxes: readonly DetectionBox[],
  multipose: readonly MultiposePerson[],
  plan: FinderPlan,
): Candidate[] {
  const kept = boxNms(
    boxes.filter((b) => b.score >= plan.centernetMin),
    0.7,
  ).slice(0, plan.maxCandidates);
  const people = multipose.filter((p) => p.score >= plan.multiposeMin);
  const taken = new Set<MultiposePerson>();
  const candidates: Candidate[] = kept.map((b) => {
    const box = { x: b.x, y: b.y, width: b.width, height: b.height };
    let match: MultiposePerson | undefined;
    let best = SAME_BOX_IOU;
    for (const p of people) {
      const overlap = taken.has(p) ? 0 : iou(b, { ...p.box, score: 0 });
      if (overlap >= best) {
        best = overlap;
        match = p;
      }
    }
    if (!match) return { score: b.score, box };
    taken.add(match);
    return { score: Math.max(b.score, match.score), box, multipose: match };
  });
  for (const p of people) if (!taken.has(p)) candidates.push({ score: p.score, multipose: p });
  return candidates;
}

/**
 * The CenterNet boxes that become candidates, and whether MultiPose looks for more people: both
 * only beside a box CenterNet is sure of (>= sureBoxMin), unless the plan always runs MultiPose.
 */
export function finderPass(
  boxes: readonly DetectionBox[],
  plan: FinderPlan,
): { boxes: DetectionBox[]; multipose: boolean } {
  const sure = boxes.some((b) => b.score >= plan.sureBoxMin);
  return {
    boxes: sure ? [...boxes] : boxes.filter((b) => b.score >= plan.loneBoxMin),
    multipose: sure || plan.multiposeAlways,
  };
}

export interface Crop {
  /** The square Thunder sees (image pixels). */
  region: Region;
  /** The person's box it was made around: the pose must stay on it (poseStaysOn). */
  around: Region;
}

/** The square crops Thunder poses a candidate on; boxes under 8 px grow to 8. */
export function cropsFor(candidate: Candidate, plan: FinderPlan): Crop[] {
  const crops: Crop[] = [];
  const grown = (r: Region): Region => ({ ...r, width: Math.max(r.width, 8), height: Math.max(r.height, 8) });
  if (candidate.box)
    crops.push({ region: squareAround(grown(candidate.box), BOX_CROP), around: candidate.box });
  const kpBox = candidate.multipose && keypointBox(candidate.multipose.keypoints);
  if (kpBox && (crops.length === 0 || plan.bothCrops)) {
    const around = scaleRegion(grown(kpBox), KEYPOINT_CROP);
    crops.push({ region: squareAround(grown(kpBox), KEYPOINT_CROP), around });
  }
  return crops;
}

function scaleRegion(r: Region, factor: number): Region {
  const width = r.width * factor;
  const height = r.height * factor;
  return { x: r.x + (r.width - width) / 2, y: r.y + (r.height - height) / 2, width, height };
}

/**
 * Whether a pose stays on the person it was asked about: at least 75 % of its confident joints
 * (>= KEYPOINT_MIN) lie in `box` grown by 30 %. A pose with no confident joint stays (it is
 * scored low anyway).
 */
export function poseStaysOn(
  keypoints: readonly { x: number; y: number; score: number }[],
  box: Region,
): boolean {
  const good = keypoints.filter((k) => k.score >= KEYPOINT_MIN);
  if (good.length === 0) return true;
  const b = scaleRegion(box, ON_BOX_GROWTH);
  const on = good.filter((k) => k.x >= b.x && k.x <= b.x + b.width && k.y >= b.y && k.y <= b.y + b.height);
  return on.length >= ON_BOX_SHARE * good.length;
}

function samePerson(a: WorkerPerson, b: WorkerPerson): boolean {
  const area = keypointBoxArea(b.keypoints, KEYPOINT_MIN);
  return area > 0 && oks(a.keypoints, b.keypoints, area, KEYPOINT_MIN - Number.EPSILON) > OKS_SAME_PERSON;
}

/**
 * Groups poses of one person (OKS above OKS_SAME_PERSON against the group's best-scoring pose),
 * keeps groups scoring at least KEEP_MIN (drawn with their most confident pose, ranked by their
 * best score), and counts the groups in [MAYBE_MIN, KEEP_MIN) as likely people not returned.
 */
export function keepPeople(posed: readonly Posed[]): { people: WorkerPerson[]; unconfirmed: number } {
  const groups: Posed[][] = [];
  for (const p of [...posed].sort((a, b) => b.score - a.score)) {
    const group = groups.find((g) => samePerson(p, g[0]!));
    if (group) group.push(p);
    else groups.push([p]);
  }
  const people: WorkerPerson[] = [];
  let unconfirmed = 0;
  for (const g of groups) {
    const score = g[0]!.score;
    if (score < KEEP_MIN) {
      if (score >= MAYBE_MIN) unconfirmed++;
      continue;
    }
    const drawn = g
      .filter((p) => p.score >= KEEP_MIN)
      .reduce((a, b) => (b.confidence > a.confidence ? b : a));
    people.push({ score, keypoints: drawn.keypoints });
  }
  return {
    people: people.slice(0, MAX_PEOPLE),
    unconfirmed: unconfirmed + Math.max(0, people.length - MAX_PEOPLE),
  };
}

export interface FinderModels {
  multipose: GraphModel;
  centernet: GraphModel;
  thunder: GraphModel;
  lightning: GraphModel;
}

export interface FoundPeople {
  people: WorkerPerson[];
  /** Likely people the engine saw but did not return (scores just under the cut). */
  unconfirmed: number;
  /** Model runs (the bench and docs/engine.md count them). */
  runs: { centernet: number; multipose: number; lightning: number; thunder: number };
}

function posed(finderScore: number, keypoints: WorkerKeypoint[]): Posed {
  return { score: personScore(finderScore, keypoints), confidence: poseConfidence(keypoints), keypoints };
}

/** Poses each square crop (image pixels) with one single-person model; the answers in order. */
export type CropPoser = (model: CropModel, crops: readonly Region[]) => Promise<WorkerKeypoint[][]>;

/**
 * Work findPeople may hand to another worker (pose-worker.ts lends it to an idle one): its crops,
 * and its MultiPose pass, asked for before CenterNet runs so that both run at once. Whoever does
 * the work, the answer is the same.
 */
export interface Lender {
  crops: CropPoser;
  /** MultiPose started elsewhere: its people later (null: do it here), or undefined now: nobody free. */
  multipose(
    size: number,
    minScore: number,
  ): Promise<{ people: Promise<MultiposePerson[] | null> } | undefined>;
}

/** Input side of each single-person model. */
export const CROP_INPUT: Record<CropModel, number> = { lightning: 192, thunder: 256 };

/** Posing every crop here, one after another. */
export function localPoser(
  models: Pick<FinderModels, CropModel>,
  image: tf.Tensor4D,
  img: { width: number; height: number },
): CropPoser {
  return async (model, crops) => {
    const poses: WorkerKeypoint[][] = [];
    for (const crop of crops)
      poses.push(await poseOnCrop(models[model], CROP_INPUT[model], image, img, crop));
    return poses;
  };
}

/**
 * Finds and poses every person in `image` ([1, h, w, 3] float of `img`), keypoints in `img`
 * pixels. `lender` may take work elsewhere (by default all of it runs here); `centernetOnly`
 * skips MultiPose (to measure the box finder alone). Which crops run depends on the finders'
 * answers and the Lightning screens only, never on a Thunder pose: so each stage's crops can be
 * handed over at once.
 */
export async function findPeople(
  models: FinderModels,
  image: tf.Tensor4D,
  img: { width: number; height: number },
  plan: FinderPlan,
  options: { centernetOnly?: boolean; lender?: Lender } = {},
): Promise<FoundPeople> {
  const poser = options.lender?.crops ?? localPoser(models, image, img);
  const runs = { centernet: 1, multipose: 0, lightning: 0, thunder: 0 };
  // Lent before CenterNet runs (while it is not yet known whether MultiPose is needed): a helper
  // that would otherwise idle spends ~0.5 MultiPose@384 runs for nothing on photos with nobody.
  const lent = options.centernetOnly
    ? undefined
    : await options.lender?.multipose(plan.multiposeSize, plan.multiposeMin);
  const pass = finderPass(await runCenterNet(models.centernet, image, img, plan.centernetMin), plan);
  let multipose: MultiposePerson[] = [];
  if (!options.centernetOnly && pass.multipose) {
    runs.multipose++;
    multipose =
      (await lent?.people) ??
      (await runMultipose(models.multipose, image, img, plan.multiposeSize, plan.multiposeMin));
  }
  // Boxes MultiPose did not pose get a Lightning screen.
  const candidates = pooledCandidates(pass.boxes, multipose, plan);
  const screened = candidates.filter((c) => !c.multipose);
  runs.lightning = screened.length;
  const screens = await poser(
    'lightning',
    screened.map((c) => squareAround(c.box!, BOX_CROP)),
  );
  const prospects: { candidate: Candidate; cheap: Posed }[] = [];
  for (const candidate of candidates) {
    let keypoints = candidate.multipose?.keypoints;
    if (!keypoints) {
      const i = screened.indexOf(candidate);
      if (i === -1) continue;
      keypoints = screens[i]!;
      // Lightning saw the people beside the box, not the one in it: nobody to pose here.
      if (!poseStaysOn(keypoints, candidate.box!)) continue;
    }
    prospects.push({ candidate, cheap: posed(candidate.score, keypoints) });
  }
  prospects.sort((a, b) => b.cheap.score - a.cheap.score);
  // The Thunder crops, most promising candidate first, within the budget.
  const looks: { prospect: number; crop: Crop }[] = [];
  for (const [i, { candidate, cheap }] of prospects.entries()) {
    if (cheap.score < plan.prospectMin) continue;
    for (const crop of cropsFor(candidate, plan))
      if (looks.length < plan.maxThunder) looks.push({ prospect: i, crop });
  }
  runs.thunder = looks.length;
  const thunder = await poser(
    'thunder',
    looks.map((l) => l.crop.region),
  );
  const poses: Posed[] = [];
  for (const [i, { candidate, cheap }] of prospects.entries()) {
    // Under prospectMin or past the budget: the cheap pose (under KEEP_MIN: a likely miss only).
    const mine = looks.flatMap((l, j) =>
      l.prospect === i ? [{ crop: l.crop, keypoints: thunder[j]! }] : [],
    );
    if (mine.length === 0) {
      poses.push(cheap);
      continue;
    }
    const stayed = mine.filter((m) => poseStaysOn(m.keypoints, m.crop.around));
    for (const m of stayed) poses.push(posed(candidate.score, m.keypoints));
    // Every close look strayed to a neighbour: MultiPose's own pose of this person still stands.
    if (stayed.length === 0 && candidate.multipose) poses.push(cheap);
  }
  return { ...keepPeople(poses), runs };
}
