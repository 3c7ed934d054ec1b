// The 17 COCO body keypoints in the order MoveNet emits them, with the per-keypoint OKS sigmas
// of the COCO evaluation (test-data/images/SOURCES.md). Sigmas are fractions of the object scale.

export const COCO_BODY_NAMES = [
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
export type CocoBodyName = (typeof COCO_BODY_NAMES)[number];

export const COCO_BODY_SIGMAS: readonly number[] = [
  0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107, 0.087, 0.087,
  0.089, 0.089,
];
