import { COCO17_NAMES } from '@/pose/keypoint-catalogue';

// The 17 COCO body keypoints in the order MoveNet emits them, with the per-keypoint OKS sigmas
// of the COCO evaluation (test-data/images/SOURCES.md). Sigmas are fractions of the object scale.

// MoveNet emits the body keypoints in COCO order, so the catalogue's list is the model's order.
export const COCO_BODY_NAMES = COCO17_NAMES;
export type CocoBodyName = (typeof COCO_BODY_NAMES)[number];

export const COCO_BODY_SIGMAS: readonly number[] = [
  0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107, 0.087, 0.087,
  0.089, 0.089,
];
