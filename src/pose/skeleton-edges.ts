import type { PartGroup } from '@/contract/pose-envelope';
import { keypointInfo, type Side } from './keypoint-catalogue';

/** A limb between two catalogue keypoints; `part` is the group it is toggled with. */
export interface SkeletonEdge {
  from: string;
  to: string;
  part: PartGroup;
  side: Side;
}

/** COCO-17 skeleton (the 19 links of COCO's `skeleton`, as names). */
const BODY_LINKS: readonly (readonly [string, string])[] = [
  ['left_ankle', 'left_knee'],
  ['left_knee', 'left_hip'],
  ['right_ankle', 'right_knee'],
  ['right_knee', 'right_hip'],
  ['left_hip', 'right_hip'],
  ['left_shoulder', 'left_hip'],
  ['right_shoulder', 'right_hip'],
  ['left_shoulder', 'right_shoulder'],
  ['left_shoulder', 'left_elbow'],
  ['right_shoulder', 'right_elbow'],
  ['left_elbow', 'left_wrist'],
  ['right_elbow', 'right_wrist'],
  ['left_eye', 'right_eye'],
  ['nose', 'left_eye'],
  ['nose', 'right_eye'],
  ['left_eye', 'left_ear'],
  ['right_eye', 'right_ear'],
  ['left_ear', 'left_shoulder'],
  ['right_ear', 'right_shoulder'],
];

/**
 * Foot links exactly as COCO-WholeBody's reference skeleton (mmpose coco_wholebody.py) draws
 * them: each of the three foot points hangs from the ankle (no toe-to-toe link).
 */
const FOOT_LINKS: readonly (readonly [string, string])[] = [
  ['left_ankle', 'left_big_toe'],
  ['left_ankle', 'left_small_toe'],
  ['left_ankle', 'left_heel'],
  ['right_ankle', 'right_big_toe'],
  ['right_ankle', 'right_small_toe'],
  ['right_ankle', 'right_heel'],
];

/** Consecutive links a-b, b-c, ... over the index range [first, last]; closed adds last-first. */
function chain(first: number, last: number, closed = false): [string, string][] {
  const links: [string, string][] = [];
  for (let i = first; i < last; i++) links.push([`face-${i}`, `face-${i + 1}`]);
  if (closed) links.push([`face-${last}`, `face-${first}`]);
  return links;
}

/** Contours of the 68-point iBUG face layout (0-based, as face-0..face-67). */
const FACE_LINKS: readonly (readonly [string, string])[] = [
  ...chain(0, 16), // jaw
  ...chain(17, 21), // right brow (subject's)
  ...chain(22, 26), // left brow
  ...chain(27, 30), // nose bridge
  ...chain(31, 35), // nostrils
  ...chain(36, 41, true), // right eye
  ...chain(42, 47, true), // left eye
  ...chain(48, 59, true), // outer lip
  ...chain(60, 67, true), // inner lip
];

const FINGERS = ['thumb', 'forefinger', 'middle_finger', 'ring_finger', 'pinky_finger'] as const;

/** Wrist -> hand root, then root -> each finger's 4 joints, as in COCO-WholeBody. */
function handLinks(side: 'left' | 'right'): [string, string][] {
  const root = `${side}_hand_root`;
  const links: [string, string][] = [[`${side}_wrist`, root]];
  for (const finger of FINGERS) {
    let prev = root;
    for (let j = 1; j <= 4; j++) {
      const next = `${side}_${finger}${j}`;
      links.push([prev, next]);
      prev = next;
    }
  }
  return links;
}

/** Left + center -> left; left + right -> center (e.g. the hip line). */
function edgeSide(a: Side, b: Side): Side {
  if (a === b) return a;
  if (a === 'center') return b;
  if (b === 'center') return a;
  return 'center';
}

function edges(links: readonly (readonly [string, string])[], part: PartGroup): SkeletonEdge[] {
  return links.map(([from, to]) => {
    const a = keypointInfo(from);
    const b = keypointInfo(to);
    if (!a || !b) throw new Error(`skeleton edge ${from}-${to} names a keypoint outside the catalogue`);
    return { from, to, part, side: edgeSide(a.side, b.side) };
  });
}

/** Every edge PoseScope draws: 19 body, 6 foot, 63 face, 2 x 21 hand (incl. wrist links). */
export const SKELETON_EDGES: readonly SkeletonEdge[] = Object.freeze([
  ...edges(BODY_LINKS, 'body'),
  ...edges(FOOT_LINKS, 'foot'),
  ...edges(FACE_LINKS, 'face'),
  ...edges(handLinks('left'), 'hand'),
  ...edges(handLinks('right'), 'hand'),
]);

/** The COCO-17 subset (both ends are body points). */
export const COCO17_EDGES: readonly SkeletonEdge[] = SKELETON_EDGES.filter((e) => e.part === 'body');

/** Edges whose both endpoints are among `names` (catalogue names). Unknown names add nothing. */
export function edgesAmong(names: Iterable<string>): SkeletonEdge[] {
  const present = new Set<string>();
  for (const name of names) {
    const info = keypointInfo(name);
    // Resolve spelling variants ("Face_3") to the catalogue name the edges use.
    if (info) present.add(info.name);
  }
  return SKELETON_EDGES.filter((e) => present.has(e.from) && present.has(e.to));
}
