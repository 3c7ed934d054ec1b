// Hands (COCO-WholeBody's 2 x 21 keypoints) from MediaPipe's hand landmark model on a crop beyond
// each wrist, run in a worker. The crop follows the forearm (elbow -> wrist) and is turned so the
// fingers point up, as the model was trained; one refinement pass re-crops on the hand the first
// pass found (MediaPipe's own tracking step). Left / right come from the arm the crop was taken
// from, never from the model's handedness guess.
import type * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { LEFT_HAND_NAMES, RIGHT_HAND_NAMES } from '../../pose/keypoint-catalogue';
import { fromRotated, intoRotated, landmarksOnRotatedCrop, type RotatedSquare } from './rotated-crop';
import type { WorkerKeypoint, WorkerPerson } from './worker-protocol';

/** Input side of handlandmark-full and -lite. */
export const HAND_INPUT = 224;
/** Below this MoveNet score of the wrist or elbow no hand is looked for on that arm. */
export const HAND_ANCHOR_MIN = 0.3;
/**
 * Hands whose presence score (the model's hand flag, 0..1) is below this are dropped: MediaPipe
 * Hand Landmarker's default min_hand_presence_confidence.
 */
export const HAND_PRESENCE_MIN = 0.5;
/**
 * First crop: centred this many forearm lengths beyond the wrist, side this many forearm lengths.
 * A hand (wrist to middle fingertip) is ~0.75 forearm long; the square reaches 1.15 forearms past
 * the wrist and 0.8 either side, room for a bent wrist.
 */
const FIRST_CENTRE = 0.4;
const FIRST_SIDE = 1.6;
/**
 * Refinement, MediaPipe's hand_landmark_landmarks_to_roi: box of the palm landmarks in the frame
 * turned by the wrist -> middle-finger-base direction, x 2.0, shifted 0.1 towards the fingers.
 */
const PALM = [0, 1, 2, 3, 5, 6, 9, 10, 13, 14, 17, 18];
const REFINE_SCALE = 2.0;
const REFINE_SHIFT = -0.1;
/** Outputs of the hand landmark graph: 21 x (x, y, z) in input pixels, and the hand flag. */
const OUTPUTS = ['Identity:0', 'Identity_1:0'];

export interface HandResult {
  /** 21 points in image pixels, MediaPipe order (wrist, thumb cmc..tip, index mcp..tip, ...). */
  points: { x: number; y: number }[];
  presence: number;
  crop: RotatedSquare;
}

interface Pt {
  x: number;
  y: number;
}

/**
 * The first crop for one arm: beyond the wrist along the forearm, turned fingers-up. Size from
 * the forearm, or from 0.8 x the upper arm when the forearm is foreshortened (pointing at the
 * camera). Undefined when the arm is too short to crop (under 4 px).
 */
export function handCrop(wrist: Pt, elbow: Pt, shoulder: Pt | undefined): RotatedSquare | undefined {
  const fx = wrist.x - elbow.x;
  const fy = wrist.y - elbow.y;
  const forearm = Math.hypot(fx, fy);
  const upper = shoulder ? Math.hypot(elbow.x - shoulder.x, elbow.y - shoulder.y) : 0;
  const length = Math.max(forearm, 0.8 * upper);
  if (length < 4 || forearm < 1e-6) return undefined;
  const ux = fx / forearm;
  const uy = fy / forearm;
  // The crop's up (-y) axis along the forearm: y axis (-sin a, cos a) = -(ux, uy).
  return {
    cx: wrist.x + FIRST_CENTRE * length * ux,
    cy: wrist.y + FIRST_CENTRE * length * uy,
    size: FIRST_SIDE * length,
    angle: Math.atan2(ux, -uy),
  };
}

/** MediaPipe's landmarks-to-ROI step: the next crop from 21 hand points in image pixels. */
export function refineHandCrop(points: readonly Pt[]): RotatedSquare {
  const wrist = points[0]!;
  const middle = points[9]!;
  const dx = middle.x - wrist.x;
  const dy = middle.y - wrist.y;
  const angle = Math.atan2(dx, -dy);
  const frame: RotatedSquare = { cx: wrist.x, cy: wrist.y, size: 1, angle };
  const local = PALM.map((i) => intoRotated(frame, points[i]!.x, points[i]!.y));
  const minU = Math.min(...local.map((p) => p.u));
  const maxU = Math.max(...local.map((p) => p.u));
  const minV = Math.min(...local.map((p) => p.v));
  const maxV = Math.max(...local.map((p) => p.v));
  const size = Math.max(maxU - minU, maxV - minV) * REFINE_SCALE;
  const centre = fromRotated(
    frame,
    1,
    0.5 + (minU + maxU) / 2,
    0.5 + (minV + maxV) / 2 + REFINE_SHIFT * size,
  );
  return { cx: centre.x, cy: centre.y, size, angle };
}

async function runHand(model: GraphModel, image: tf.Tensor4D, crop: RotatedSquare): Promise<HandResult> {
  const { points, presence } = await landmarksOnRotatedCrop(model, image, crop, HAND_INPUT, OUTPUTS, 21);
  return { points: points.map(({ x, y }) => ({ x, y })), presence, crop };
}

/**
 * Finds the hand beyond one wrist: first crop from the arm, then one refinement pass on the crop
 * the first pass's landmarks give, which decides. The first pass is not filtered: on small hands
 * (15-25 px in the COCO photos) its presence is often near 0 while its points already lie on the
 * hand, and the refined crop then scores above the threshold.
 */
export async function findHand(
  model: GraphModel,
  image: tf.Tensor4D,
  first: RotatedSquare,
): Promise<HandResult | undefined> {
  const a = await runHand(model, image, first);
  const b = await runHand(model, image, refineHandCrop(a.points));
  return b.presence < HAND_PRESENCE_MIN ? undefined : b;
}

const SIDES = [
  { side: 'left', names: LEFT_HAND_NAMES },
  { side: 'right', names: RIGHT_HAND_NAMES },
] as const;

/**
 * Adds the left and right hand (part "hand", 21 keypoints each) of every person whose wrist and
 * elbow are visible and whose hand the model confirms. `image` is [1, h, w, 3] float 0..255 of
 * the decoded image, and people are in its pixels.
 * Score of each hand keypoint: the hand presence times the MoveNet wrist score.
 */
export async function addHands(
  model: GraphModel,
  image: tf.Tensor4D,
  people: WorkerPerson[],
): Promise<{ people: WorkerPerson[]; inference: number }> {
  const t0 = performance.now();
  const out: WorkerPerson[] = [];
  for (const person of people) {
    const at = (name: string) => person.keypoints.find((k) => k.name === name);
    const hands: WorkerKeypoint[] = [];
    for (const { side, names } of SIDES) {
      const wrist = at(`${side}_wrist`);
      const elbow = at(`${side}_elbow`);
      if (!wrist || !elbow || wrist.score < HAND_ANCHOR_MIN || elbow.score < HAND_ANCHOR_MIN) continue;
      const shoulder = at(`${side}_shoulder`);
      const crop = handCrop(
        wrist,
        elbow,
        shoulder && shoulder.score >= HAND_ANCHOR_MIN ? shoulder : undefined,
      );
      if (!crop) continue;
      const hand = await findHand(model, image, crop);
      if (!hand) continue;
      const score = hand.presence * wrist.score;
      hand.points.forEach((p, i) => hands.push({ name: names[i]!, part: 'hand', x: p.x, y: p.y, score }));
    }
    out.push(hands.length ? { ...person, keypoints: [...person.keypoints, ...hands] } : person);
  }
  return { people: out, inference: performance.now() - t0 };
}
