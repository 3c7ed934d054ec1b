import { z } from 'zod';
import type { PoseResult } from '@/contract/pose-envelope';
import { CATALOGUES, catalogueFor, keypointInfo, type CatalogueId } from './keypoint-catalogue';
import { isNotDetected } from './pose-view-model';
import { SKELETON_EDGES } from './skeleton-edges';

// COCO keypoints annotation file (the format of person_keypoints_*.json), one category
// "person" whose `keypoints` are the COCO-17 or the 133 COCO-WholeBody names in dataset order.
//
// Visibility v from the threshold (our choice, since a detector has no "occluded" flag):
//   v = 2  score >= threshold                      (confident: "labeled and visible")
//   v = 1  below the threshold but a real detection (weak: "labeled, not visible")
//   v = 0  missing, a "not detected" placeholder, or a name outside the catalogue; x = y = 0
// num_keypoints counts v > 0, as COCO does. bbox is the tight extent of the v = 2 points
// (of the v = 1 points when none is confident), [x, y, width, height] in image pixels.
// People with no v > 0 keypoint are left out (COCO tools reject zero-size boxes).
// WholeBody is written as one flat 133 x 3 array (not the split foot_kpts/face_kpts/... of
// the original COCO-WholeBody files), which every generic COCO keypoints reader accepts.

const Visibility = z.union([z.literal(0), z.literal(1), z.literal(2)]);

export const CocoImage = z.object({
  id: z.number().int().positive(),
  file_name: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const CocoAnnotation = z.object({
  id: z.number().int().positive(),
  image_id: z.number().int().positive(),
  category_id: z.number().int().positive(),
  /** [x1, y1, v1, x2, y2, v2, ...] in the category's keypoint order. */
  keypoints: z.array(z.number()),
  num_keypoints: z.number().int().nonnegative(),
  bbox: z.tuple([z.number(), z.number(), z.number().nonnegative(), z.number().nonnegative()]),
  area: z.number().nonnegative(),
  iscrowd: z.union([z.literal(0), z.literal(1)]),
  /** Mean score of the v > 0 keypoints (as in COCO result files; readers ignore it). */
  score: z.number().min(0).max(1).optional(),
  /** The personId from the pose answer. */
  person_id: z.string().optional(),
});

export const CocoCategory = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  supercategory: z.string(),
  keypoints: z.array(z.string()).min(1),
  /** 1-based index pairs into `keypoints`. */
  skeleton: z.array(z.tuple([z.number().int().positive(), z.number().int().positive()])),
});

/**
 * A valid COCO keypoints file, with the cross-references COCO tools rely on checked.
 * Example: { images: [{ id: 1, file_name: "a.jpg", width: 640, height: 425 }],
 *   annotations: [{ id: 1, image_id: 1, category_id: 1, keypoints: [367, 81, 2, ...], num_keypoints: 17,
 *   bbox: [280, 44, 218, 346], area: 75428, iscrowd: 0 }], categories: [{ id: 1, name: "person", ... }] }
 */
export const CocoKeypointsFile = z
  .object({
    info: z
      .object({
        description: z.string(),
        version: z.string(),
        year: z.number().int(),
        date_created: z.string(),
      })
      .optional(),
    licenses: z.array(z.unknown()).optional(),
    images: z.array(CocoImage),
    annotations: z.array(CocoAnnotation),
    categories: z.array(CocoCategory).min(1),
  })
  .superRefine((file, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const imageIds = new Set<number>();
    file.images.forEach((im, i) => {
      if (imageIds.has(im.id)) issue(['images', i, 'id'], `duplicate image id ${im.id}`);
      imageIds.add(im.id);
    });
    const categories = new Map(file.categories.map((c) => [c.id, c]));
    file.categories.forEach((c, i) =>
      c.skeleton.forEach(([a, b], j) => {
        if (a > c.keypoints.length || b > c.keypoints.length || a === b)
          issue(['categories', i, 'skeleton', j], `bad skeleton pair [${a}, ${b}]`);
      }),
    );
    const annIds = new Set<number>();
    file.annotations.forEach((a, i) => {
      if (annIds.has(a.id)) issue(['annotations', i, 'id'], `duplicate annotation id ${a.id}`);
      annIds.add(a.id);
      if (!imageIds.has(a.image_id)) issue(['annotations', i, 'image_id'], `no image with id ${a.image_id}`);
      const cat = categories.get(a.category_id);
      if (!cat) return issue(['annotations', i, 'category_id'], `no category with id ${a.category_id}`);
      if (a.keypoints.length !== 3 * cat.keypoints.length)
        return issue(['annotations', i, 'keypoints'], `expected ${3 * cat.keypoints.length} numbers`);
      let labelled = 0;
      for (let k = 0; k < a.keypoints.length; k += 3) {
        const v = a.keypoints[k + 2];
        if (!Visibility.safeParse(v).success)
          issue(['annotations', i, 'keypoints', k + 2], `v must be 0, 1 or 2`);
        else if (v === 0 && (a.keypoints[k] !== 0 || a.keypoints[k + 1] !== 0))
          issue(['annotations', i, 'keypoints', k], 'a v=0 keypoint must be at (0, 0)');
        else if (v !== 0) labelled++;
      }
      if (labelled !== a.num_keypoints)
        issue(
          ['annotations', i, 'num_keypoints'],
          `num_keypoints ${a.num_keypoints} but ${labelled} keypoints have v > 0`,
        );
    });
  });
export type CocoKeypointsFile = z.infer<typeof CocoKeypointsFile>;
export type CocoAnnotation = z.infer<typeof CocoAnnotation>;

export interface CocoImageInput {
  fileName: string;
  /** Pixels of the frame the coordinates refer to. */
  width: number;
  height: number;
  result: PoseResult;
}

export interface CocoExportOptions {
  /** Score at or above which a keypoint is v = 2. */
  threshold: number;
  /** 'auto' (default): WholeBody when any image has a non-body catalogue keypoint, else COCO-17. */
  catalogue?: 'auto' | CatalogueId;
  /** ISO date for info.date_created; defaults to now. */
  dateCreated?: string;
}

/** Category skeleton as 1-based index pairs into the catalogue's names. */
export function cocoSkeleton(catalogue: CatalogueId): [number, number][] {
  const names = CATALOGUES[catalogue];
  const index = new Map(names.map((n, i) => [n, i + 1]));
  const pairs: [number, number][] = [];
  for (const e of SKELETON_EDGES) {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a !== undefined && b !== undefined) pairs.push([a, b]);
  }
  return pairs;
}

function extent(points: { x: number; y: number }[]): [number, number, number, number] | undefined {
  if (points.length === 0) return undefined;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return [x, y, Math.max(...xs) - x, Math.max(...ys) - y];
}

/** Build a COCO keypoints file for one or more images (batch export). */
export function exportCoco(images: readonly CocoImageInput[], options: CocoExportOptions): CocoKeypointsFile {
  const catalogue: CatalogueId =
    options.catalogue && options.catalogue !== 'auto'
      ? options.catalogue
      : catalogueFor(
          images.flatMap((im) =>
            im.result.keyPointList.flatMap((p) => p.inferKeypointList.map((k) => k.name)),
          ),
        );
  const names = CATALOGUES[catalogue];
  const date = options.dateCreated ?? new Date().toISOString();
  const annotations: CocoAnnotation[] = [];

  images.forEach((im, imageIndex) => {
    if (!(im.width > 0 && im.height > 0))
      throw new Error(`COCO export needs the size of ${im.fileName}: got ${im.width}x${im.height}`);
    const imageId = imageIndex + 1;
    for (const person of im.result.keyPointList) {
      // Best-scoring detection per catalogue slot.
      const slots: ({ x: number; y: number; score: number } | undefined)[] = names.map(() => undefined);
      for (const kp of person.inferKeypointList) {
        const info = keypointInfo(kp.name);
        if (!info || info.index >= names.length || isNotDetected(kp, im.width, im.height)) continue;
        const prev = slots[info.index];
        if (!prev || kp.score > prev.score) slots[info.index] = kp;
      }
      const keypoints: number[] = [];
      const confident: { x: number; y: number }[] = [];
      const weak: { x: number; y: number }[] = [];
      let scoreSum = 0;
      for (const s of slots) {
        if (!s) {
          keypoints.push(0, 0, 0);
          continue;
        }
        const v = s.score >= options.threshold ? 2 : 1;
        keypoints.push(s.x, s.y, v);
        (v === 2 ? confident : weak).push(s);
        scoreSum += s.score;
      }
      const labelled = confident.length + weak.length;
      if (labelled === 0) continue;
      const bbox = (extent(confident) ?? extent(weak))!;
      annotations.push({
        id: annotations.length + 1,
        image_id: imageId,
        category_id: 1,
        keypoints,
        num_keypoints: labelled,
        bbox,
        area: bbox[2] * bbox[3],
        iscrowd: 0,
        score: scoreSum / labelled,
        person_id: person.personId,
      });
    }
  });

  return {
    info: {
      description: `PoseScope export (${catalogue === 'coco17' ? 'COCO-17' : 'COCO-WholeBody'}, v=2 at score >= ${options.threshold})`,
      version: '1.0',
      year: Number(date.slice(0, 4)) || new Date().getUTCFullYear(),
      date_created: date,
    },
    licenses: [],
    images: images.map((im, i) => ({
      id: i + 1,
      file_name: im.fileName,
      width: Math.round(im.width),
      height: Math.round(im.height),
    })),
    annotations,
    categories: [
      {
        id: 1,
        name: 'person',
        supercategory: 'person',
        keypoints: [...names],
        skeleton: cocoSkeleton(catalogue),
      },
    ],
  };
}

/** The file as text, as downloaded. */
export function exportCocoJson(images: readonly CocoImageInput[], options: CocoExportOptions): string {
  return `${JSON.stringify(exportCoco(images, options), null, 2)}\n`;
}
