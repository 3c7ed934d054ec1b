import type { PartGroup } from '@/contract/pose-envelope';

// Keypoint catalogues PoseScope knows: COCO-17 (the body names NHN documents) and the
// 133-point COCO-WholeBody layout (17 body + 6 foot + 68 face + 21 left hand + 21 right hand).
// The order is the datasets' own order, so `index` doubles as the COCO keypoint index.

export type Side = 'left' | 'right' | 'center';

/** COCO-17 body keypoints, in COCO order (index 0 = nose). */
export const COCO17_NAMES = [
  'nose',
  'left_eye',
  'right_eye',
  'left_ear',
  'right_ear',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
] as const;

export const FOOT_NAMES = [
  'left_big_toe',
  'left_small_toe',
  'left_heel',
  'right_big_toe',
  'right_small_toe',
  'right_heel',
] as const;

/** face-0 .. face-67: the 68-point iBUG layout, 0-based. */
export const FACE_NAMES: readonly string[] = Array.from({ length: 68 }, (_, i) => `face-${i}`);

const FINGERS = ['thumb', 'forefinger', 'middle_finger', 'ring_finger', 'pinky_finger'] as const;

function handNames(side: 'left' | 'right'): string[] {
  const names = [`${side}_hand_root`];
  for (const finger of FINGERS) for (let j = 1; j <= 4; j++) names.push(`${side}_${finger}${j}`);
  return names;
}

export const LEFT_HAND_NAMES: readonly string[] = handNames('left');
export const RIGHT_HAND_NAMES: readonly string[] = handNames('right');

/** All 133 COCO-WholeBody keypoints in dataset order. */
export const WHOLEBODY_NAMES: readonly string[] = [
  ...COCO17_NAMES,
  ...FOOT_NAMES,
  ...FACE_NAMES,
  ...LEFT_HAND_NAMES,
  ...RIGHT_HAND_NAMES,
];

export type CatalogueId = 'coco17' | 'wholebody';

export const CATALOGUES: Readonly<Record<CatalogueId, readonly string[]>> = {
  coco17: COCO17_NAMES,
  wholebody: WHOLEBODY_NAMES,
};

export interface KeypointInfo {
  /** The catalogue spelling (e.g. "face-3" for "Face_3"). */
  name: string;
  /** Part group in COCO-WholeBody terms. */
  part: Exclude<PartGroup, 'other'>;
  /** The subject's side (COCO "left" = the person's left, usually image right). */
  side: Side;
  /** Index in WHOLEBODY_NAMES; for body points also the COCO-17 index. */
  index: number;
}

/**
 * Side of an iBUG-68 face point, from the subject's point of view: the jaw runs from the
 * subject's right (0) to left (16); brows 17-21 and eye 36-41 are the right ones.
 */
function faceSide(i: number): Side {
  if (i <= 16) return i < 8 ? 'right' : i > 8 ? 'left' : 'center';
  if (i <= 21) return 'right';
  if (i <= 26) return 'left';
  if (i <= 35) return 'center'; // nose bridge and nostrils
  if (i <= 41) return 'right';
  if (i <= 47) return 'left';
  return 'center'; // lips
}

function sideOfName(name: string): Side {
  if (name.startsWith('left_')) return 'left';
  if (name.startsWith('right_')) return 'right';
  return 'center';
}

const INFO: ReadonlyMap<string, KeypointInfo> = (() => {
  const m = new Map<string, KeypointInfo>();
  WHOLEBODY_NAMES.forEach((name, index) => {
    let part: KeypointInfo['part'];
    let side: Side;
    if (index < 17) [part, side] = ['body', sideOfName(name)];
    else if (index < 23) [part, side] = ['foot', sideOfName(name)];
    else if (index < 91) [part, side] = ['face', faceSide(index - 23)];
    else [part, side] = ['hand', sideOfName(name)];
    m.set(name, { name, part, side, index });
  });
  return m;
})();

/**
 * Maps spelling variants to the catalogue name: case, surrounding spaces, and "face_12" /
 * "face 12" for "face-12". Anything else is returned trimmed and lower-cased.
 */
export function canonicalKeypointName(name: string): string {
  const n = name.trim().toLowerCase();
  const face = /^face[-_ ]?(\d{1,2})$/.exec(n);
  return face ? `face-${Number(face[1])}` : n;
}

/** Catalogue facts about a keypoint name, or undefined for a name PoseScope does not know. */
export function keypointInfo(name: string): KeypointInfo | undefined {
  return INFO.get(name) ?? INFO.get(canonicalKeypointName(name));
}

/** True for a name in the COCO-WholeBody catalogue (which includes COCO-17). */
export function isKnownKeypoint(name: string): boolean {
  return keypointInfo(name) !== undefined;
}

/**
 * The part a keypoint is drawn and toggled with: the catalogue's part for a known name (so a
 * wrongly declared part cannot put a wrist into "face"), else what the answer declared.
 */
export function partOfKeypoint(name: string, declaredPart: PartGroup): PartGroup {
  return keypointInfo(name)?.part ?? declaredPart;
}

/** Side of a keypoint: the catalogue's, else guessed from a left_/right_ prefix. */
export function sideOfKeypoint(name: string): Side {
  return keypointInfo(name)?.side ?? sideOfName(canonicalKeypointName(name));
}

/**
 * The smallest catalogue that holds every known name: COCO-17 when only body points appear,
 * else WholeBody. Unknown names do not influence the choice.
 */
export function catalogueFor(names: Iterable<string>): CatalogueId {
  for (const name of names) {
    const info = keypointInfo(name);
    if (info && info.index >= COCO17_NAMES.length) return 'wholebody';
  }
  return 'coco17';
}
