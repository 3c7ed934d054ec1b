// The photo sets with ground truth that `npm run eval`, the bench and the accuracy-floor test
// read: test-data/images (4 COCO photos, COCO-WholeBody labels) and test-data/coco-mini (120
// COCO photos, COCO body labels, 63 with nobody). Both gt.json files share one shape.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { COCO_BODY_NAMES } from './coco-body';
import type { DtPerson, EvalImage, GtPerson } from './coco-eval';

export const EVAL_SETS = ['coco-mini', 'images'] as const;
export type EvalSet = (typeof EVAL_SETS)[number];

const Keypoint = z.object({
  name: z.string(),
  part: z.string(),
  x: z.number(),
  y: z.number(),
  v: z.number(),
});
export const GroundTruth = z.object({
  images: z.array(
    z.object({
      file: z.string(),
      width: z.number(),
      height: z.number(),
      persons: z.array(
        z.object({
          bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
          area: z.number(),
          keypoints: z.array(Keypoint),
        }),
      ),
    }),
  ),
});
export type GroundTruth = z.infer<typeof GroundTruth>;

function setDir(set: EvalSet): URL {
  return new URL(`../../../test-data/${set}/`, import.meta.url);
}

export function readGroundTruth(set: EvalSet): GroundTruth {
  return GroundTruth.parse(JSON.parse(readFileSync(new URL('gt.json', setDir(set)), 'utf8')));
}

/** The photo's bytes (coco-mini keeps its photos under images/). */
export function readSetImage(set: EvalSet, file: string): Uint8Array {
  const dir = set === 'coco-mini' ? new URL('images/', setDir(set)) : setDir(set);
  return new Uint8Array(readFileSync(new URL(file, dir)));
}

/** A labelled person's 17 body keypoints in COCO order (score = COCO's v; 0 = unlabelled). */
export function gtPerson(p: GroundTruth['images'][number]['persons'][number]): GtPerson {
  return {
    bbox: p.bbox,
    area: p.area,
    keypoints: COCO_BODY_NAMES.map((name) => {
      const k = p.keypoints.find((q) => q.name === name);
      return k ? { x: k.x, y: k.y, score: k.v } : { x: 0, y: 0, score: 0 };
    }),
  };
}

/** One answered person's 17 body keypoints in COCO order, scored by the engine's person score. */
export function dtPerson(
  inferKeypointList: readonly { name: string; x: number; y: number; score: number }[],
  score: number,
): DtPerson {
  return {
    score,
    keypoints: COCO_BODY_NAMES.map((name) => {
      const k = inferKeypointList.find((q) => q.name === name);
      return { x: k?.x ?? 0, y: k?.y ?? 0, score: k?.score ?? 0 };
    }),
  };
}

/** Runs `estimate` over a set and pairs its answers with the ground truth, for cocoKeypointAp. */
export async function evaluateSet(
  set: EvalSet,
  estimate: (bytes: Uint8Array) => Promise<{
    people: { inferKeypointList: { name: string; x: number; y: number; score: number }[] }[];
    personScores: number[];
  }>,
): Promise<{ images: EvalImage[]; latencies: number[] }> {
  const gt = readGroundTruth(set);
  const images: EvalImage[] = [];
  const latencies: number[] = [];
  for (const image of gt.images) {
    const bytes = readSetImage(set, image.file);
    const t0 = performance.now();
    const answer = await estimate(bytes);
    latencies.push(performance.now() - t0);
    images.push({
      gts: image.persons.map(gtPerson),
      dts: answer.people.map((p, i) => dtPerson(p.inferKeypointList, answer.personScores[i] ?? 0)),
    });
  }
  return { images, latencies };
}
