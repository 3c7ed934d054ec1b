// Finding people, the whole policy in one place: which finders run, how their boxes merge, how
// each candidate is posed, scored and kept. Chosen with `npm run eval` on test-data/coco-mini
// (120 COCO photos) and test-data/images; docs/engine.md has the measurements behind each rule.
//
// 1. Finders. CenterNet (a box detector) finds people of every size; MultiPose finds people with
//    keypoints. They miss different people, so their candidates are pooled, not chosen between.
//    A MultiPose person whose own box matches a CenterNet box (IoU >= 0.5) is one candidate.
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
import type * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { boxNms, iou, type DetectionBox } from './box-nms';
import { poseOnCrop, runCenterNet, runMultipose, type MultiposePerson } from './body-models';
import { squareAround, type Region } from './letterbox';
import { oks, keypointBoxArea } from '@/pose/oks';
import type { WorkerKeypoint, WorkerPerson } from './worker-protocol';

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

export interface FinderPlan {
  /** CenterNet boxes scoring at least this become candidates (at most maxCandidates of them). */
  centernetMin: number;
  maxCandidates: number;
  /** MultiPose's input side, and its people's minimum score. */
  multiposeSize: number;
  multiposeMin: number;
  /**
   * Run MultiPose even when CenterNet saw nobody. Off: a photo without a person-like box (score
   * >= 0.2) costs only CenterNet; with one, MultiPose adds keypoint-based candidates.
   */
  multiposeAlways: boolean;
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
 * for one more Thunder run. 12 Thunder runs bound a crowd's time (about 6 people fully posed).
 * accurate: "look harder": a lower box cut, MultiPose at 384 every time, Thunder for everyone.
 */
export const FINDER_PLANS: Record<'balanced' | 'accurate', FinderPlan> = {
  balanced: {
    centernetMin: 0.1,
    maxCandidates: 20,
    multiposeSize: 256,
    multiposeMin: 0.1,
    multiposeAlways: false,
    prospectMin: 0.25,
    maxThunder: 12,
    bothCrops: true,
  },
  accurate: {
    centernetMin: 0.05,
    maxCandidates: 24,
    multiposeSize: 384,
    multiposeMin: 0.1,
    multiposeAlways: true,
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

/** The square crops Thunder poses a candidate on (image pixels); boxes under 8 px grow to 8. */
export function cropsFor(candidate: Candidate, plan: FinderPlan): Region[] {
  const crops: Region[] = [];
  const grown = (r: Region): Region => ({ ...r, width: Math.max(r.width, 8), height: Math.max(r.height, 8) });
  if (candidate.box) crops.push(squareAround(grown(candidate.box), BOX_CROP));
  const kpBox = candidate.multipose && keypointBox(candidate.multipose.keypoints);
  if (kpBox && (crops.length === 0 || plan.bothCrops)) crops.push(squareAround(grown(kpBox), KEYPOINT_CROP));
  return crops;
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

/**
 * Finds and poses every person in `image` ([1, h, w, 3] float of `img`), keypoints in `img`
 * pixels. `centernetOnly` skips MultiPose (to measure the box finder alone).
 */
export async function findPeople(
  models: FinderModels,
  image: tf.Tensor4D,
  img: { width: number; height: number },
  plan: FinderPlan,
  centernetOnly = false,
): Promise<FoundPeople> {
  const runs = { centernet: 1, multipose: 0, lightning: 0, thunder: 0 };
  const boxes = await runCenterNet(models.centernet, image, img, plan.centernetMin);
  let multipose: MultiposePerson[] = [];
  if (!centernetOnly && (plan.multiposeAlways || boxes.some((b) => b.score >= MAYBE_MIN))) {
    runs.multipose++;
    multipose = await runMultipose(models.multipose, image, img, plan.multiposeSize, plan.multiposeMin);
  }
  const prospects: { candidate: Candidate; cheap: Posed }[] = [];
  for (const candidate of pooledCandidates(boxes, multipose, plan)) {
    let keypoints = candidate.multipose?.keypoints;
    if (!keypoints) {
      runs.lightning++;
      keypoints = await poseOnCrop(models.lightning, 192, image, img, squareAround(candidate.box!, BOX_CROP));
    }
    prospects.push({ candidate, cheap: posed(candidate.score, keypoints) });
  }
  prospects.sort((a, b) => b.cheap.score - a.cheap.score);
  const poses: Posed[] = [];
  for (const { candidate, cheap } of prospects) {
    if (cheap.score < plan.prospectMin) {
      poses.push(cheap); // under KEEP_MIN: only counted as a likely miss
      continue;
    }
    const crops = cropsFor(candidate, plan);
    if (runs.thunder + crops.length > plan.maxThunder) {
      poses.push(cheap);
      continue;
    }
    for (const crop of crops) {
      runs.thunder++;
      poses.push(posed(candidate.score, await poseOnCrop(models.thunder, 256, image, img, crop)));
    }
  }
  return { ...keepPeople(poses), runs };
}
