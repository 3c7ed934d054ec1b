// The body side of a pose worker's job: one MultiPose pass (quality=fast or mode=multipose), or
// top-down (person-finder.ts finds and poses every person). Keypoints stay in the decoded
// image's pixels; the worker maps them to the original per axis.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { runMultipose } from './body-models';
import { faultPoint } from './fault-injection';
import { imageTensor, type ImageRgb } from './image-tensor';
import { oksNms } from './oks';
import {
  FINDER_PLANS,
  findPeople,
  KEYPOINT_MIN,
  MAYBE_MIN,
  OKS_SAME_PERSON,
  type FinderModels,
  type Lender,
} from './person-finder';
import type { EngineMode, Quality, WorkerPerson } from './worker-protocol';

/** MoveNet MultiPose's own person score under which a slot is empty (tfjs-models' demos use 0.25). */
export const MULTIPOSE_MIN_SCORE = 0.2;
const MULTIPOSE_SLOTS = 6;

export interface BodyOptions {
  mode: EngineMode;
  quality: Quality;
  inputSize: number;
  /** Top-down with CenterNet alone as the finder (for measurements). */
  centernetOnly: boolean;
  /** Who may take top-down work off this worker, given this job's image tensor (default: nobody). */
  lender?: (image: tf.Tensor4D) => Lender;
}

export interface BodyOutput {
  people: WorkerPerson[];
  unconfirmed: number;
  model: string;
  preprocess: number;
  inference: number;
  postprocess: number;
}

export async function estimateBody(
  models: FinderModels,
  img: ImageRgb,
  options: BodyOptions,
): Promise<BodyOutput> {
  const t0 = performance.now();
  const image = imageTensor(img);
  try {
    const t1 = performance.now();
    faultPoint('body');
    if (options.mode === 'multipose') {
      return {
        ...(await multiposeOnly(models.multipose, image, img, options.inputSize)),
        preprocess: t1 - t0,
      };
    }
    const base = FINDER_PLANS[options.quality === 'accurate' ? 'accurate' : 'balanced'];
    // A larger inputSize asks for a finer MultiPose pass (small people), never a coarser one.
    const plan = { ...base, multiposeSize: Math.max(base.multiposeSize, options.inputSize) };
    const found = await findPeople(models, image, img, plan, {
      centernetOnly: options.centernetOnly,
      ...(options.lender ? { lender: options.lender(image) } : {}),
    });
    const t2 = performance.now();
    const finders = options.centernetOnly ? 'centernet' : `centernet+movenet-multipose@${plan.multiposeSize}`;
    return {
      people: found.people,
      unconfirmed: found.unconfirmed,
      // Every model the pipeline may draw a pose from (Lightning: crowds past the Thunder budget).
      model: `${finders}+movenet-lightning+movenet-thunder`,
      preprocess: t1 - t0,
      inference: t2 - t1,
      postprocess: 0,
    };
  } finally {
    image.dispose();
  }
}

async function multiposeOnly(
  model: GraphModel,
  image: tf.Tensor4D,
  img: { width: number; height: number },
  inputSize: number,
): Promise<Omit<BodyOutput, 'preprocess'>> {
  const t0 = performance.now();
  const all = await runMultipose(model, image, img, inputSize, MAYBE_MIN / 2);
  const t1 = performance.now();
  const people = oksNms(
    all.filter((p) => p.score >= MULTIPOSE_MIN_SCORE),
    OKS_SAME_PERSON,
    KEYPOINT_MIN,
  );
  // Slots MultiPose half-believed in, not duplicating anyone returned: worth a thorough look.
  const unconfirmed = oksNms(all, OKS_SAME_PERSON, KEYPOINT_MIN).filter(
    (p) => p.score < MULTIPOSE_MIN_SCORE && !people.includes(p),
  ).length;
  return {
    people,
    // All slots taken: there may be more people than MultiPose can return.
    unconfirmed: all.length === MULTIPOSE_SLOTS ? Math.max(unconfirmed, 1) : unconfirmed,
    model: `movenet-multipose@${inputSize}`,
    inference: t1 - t0,
    postprocess: performance.now() - t1,
  };
}
