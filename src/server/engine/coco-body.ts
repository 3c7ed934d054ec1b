import { COCO17_NAMES } from '@/pose/keypoint-catalogue';

// The 17 COCO body keypoints in the order MoveNet emits them (their OKS sigmas:
// src/pose/object-keypoint-similarity.ts).

// MoveNet emits the body keypoints in COCO order, so the catalogue's list is the model's order.
export const COCO_BODY_NAMES = COCO17_NAMES;
export type CocoBodyName = (typeof COCO_BODY_NAMES)[number];
