import { COCO17_NAMES, keypointInfo } from './keypoint-catalogue';

// Human names of keypoints ("Right shoulder", "Jaw 3", "Right index tip") in a UI language,
// built from a small vocabulary per language, so 133 names need ~40 words each. The answer's
// own name (NHN's "right_shoulder", "face-17") stays what tables, tooltips and exports key on;
// this is only what a person reads. Names PoseScope does not know are shown as they came.

type Coco17Name = (typeof COCO17_NAMES)[number];

/** iBUG-68 face regions, in point order. */
export const FACE_REGIONS = [
  'jaw',
  'rightEyebrow',
  'leftEyebrow',
  'noseBridge',
  'nostrils',
  'rightEye',
  'leftEye',
  'outerLip',
  'innerLip',
] as const;
export type FaceRegion = (typeof FACE_REGIONS)[number];

/** First 0-based face index of each region (the next region's start ends it). */
const FACE_REGION_START: Readonly<Record<FaceRegion, number>> = {
  jaw: 0,
  rightEyebrow: 17,
  leftEyebrow: 22,
  noseBridge: 27,
  nostrils: 31,
  rightEye: 36,
  leftEye: 42,
  outerLip: 48,
  innerLip: 60,
};

const FINGER_KEYS = ['thumb', 'forefinger', 'middle_finger', 'ring_finger', 'pinky_finger'] as const;
type FingerKey = (typeof FINGER_KEYS)[number];

/** The words of one language; names are the words joined by `separator`. */
export interface KeypointVocabulary {
  separator: string;
  /** Body points with their side ("Left shoulder"). */
  body: Readonly<Record<Coco17Name, string>>;
  /** Side words before foot names ("Left" + "big toe"). */
  side: Readonly<Record<'left' | 'right', string>>;
  foot: Readonly<Record<'big_toe' | 'small_toe' | 'heel', string>>;
  face: Readonly<Record<FaceRegion, string>>;
  /** Side words before hand names ("Right" + "index" + "tip"; Korean "오른손"). */
  hand: Readonly<Record<'left' | 'right', string>>;
  handRoot: string;
  finger: Readonly<Record<FingerKey, string>>;
  /** Joints 1..4 of a finger, from the palm to the tip. */
  joint: readonly [string, string, string, string];
}

function join(v: KeypointVocabulary, words: readonly string[]): string {
  return words.join(v.separator);
}

/** Region and 1-based position in it of face point `i` (0..67). */
export function faceRegionOf(i: number): { region: FaceRegion; ordinal: number } {
  let region: FaceRegion = 'jaw';
  for (const r of FACE_REGIONS) if (i >= FACE_REGION_START[r]) region = r;
  return { region, ordinal: i - FACE_REGION_START[region] + 1 };
}

/** The human name of keypoint `name` (as an answer spells it) in the vocabulary's language. */
export function keypointDisplayName(name: string, v: KeypointVocabulary): string {
  const info = keypointInfo(name);
  if (!info) return name;
  const n = info.name;
  if (info.part === 'body') return v.body[n as Coco17Name];
  const side = n.startsWith('left_') ? 'left' : 'right';
  if (info.part === 'foot') {
    const key = n.slice(side.length + 1) as keyof KeypointVocabulary['foot'];
    return join(v, [v.side[side], v.foot[key]]);
  }
  if (info.part === 'face') {
    const { region, ordinal } = faceRegionOf(Number(n.slice('face-'.length)));
    return join(v, [v.face[region], String(ordinal)]);
  }
  // Hand: "<side>_hand_root" or "<side>_<finger><1..4>".
  const rest = n.slice(side.length + 1);
  if (rest === 'hand_root') return join(v, [v.hand[side], v.handRoot]);
  const finger = FINGER_KEYS.find((f) => rest.startsWith(f));
  const joint = Number(rest.slice(finger?.length ?? 0));
  if (!finger || !(joint >= 1 && joint <= 4)) return name;
  return join(v, [v.hand[side], v.finger[finger], v.joint[joint - 1]!]);
}

export const EN_KEYPOINT_WORDS: KeypointVocabulary = {
  separator: ' ',
  body: {
    nose: 'Nose',
    left_eye: 'Left eye',
    right_eye: 'Right eye',
    left_ear: 'Left ear',
    right_ear: 'Right ear',
    left_shoulder: 'Left shoulder',
    right_shoulder: 'Right shoulder',
    left_elbow: 'Left elbow',
    right_elbow: 'Right elbow',
    left_wrist: 'Left wrist',
    right_wrist: 'Right wrist',
    left_hip: 'Left hip',
    right_hip: 'Right hip',
    left_knee: 'Left knee',
    right_knee: 'Right knee',
    left_ankle: 'Left ankle',
    right_ankle: 'Right ankle',
  },
  side: { left: 'Left', right: 'Right' },
  foot: { big_toe: 'big toe', small_toe: 'small toe', heel: 'heel' },
  face: {
    jaw: 'Jaw',
    rightEyebrow: 'Right eyebrow',
    leftEyebrow: 'Left eyebrow',
    noseBridge: 'Nose bridge',
    nostrils: 'Nostrils',
    rightEye: 'Right eye',
    leftEye: 'Left eye',
    outerLip: 'Outer lip',
    innerLip: 'Inner lip',
  },
  hand: { left: 'Left', right: 'Right' },
  handRoot: 'hand root',
  finger: {
    thumb: 'thumb',
    forefinger: 'index',
    middle_finger: 'middle finger',
    ring_finger: 'ring finger',
    pinky_finger: 'little finger',
  },
  joint: ['base', 'lower joint', 'upper joint', 'tip'],
};
