// The body models a pose worker runs: MoveNet MultiPose (people and their poses in one pass),
// CenterNet (person boxes) and the single-person MoveNets (Thunder 256, Lightning 192) on a
// square crop. Inputs are sampled from a [1, h, w, 3] float image; every tensor is freed on every
// path, failures included (a test injects faults and checks tf.memory()).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { COCO_BODY_NAMES } from './coco-body';
import { faultPoint } from './fault-injection';
import { sampleRegion } from './image-tensor';
import { fromRegion, letterboxRegion, multiposeInputShape, type Region } from './letterbox';
import type { DetectionBox } from './box-nms';
import type { WorkerKeypoint } from './worker-protocol';

/** CenterNet's COCO class index for "person"; its input side (the graph is fixed at 512). */
const PERSON_CLASS = 0;
export const CENTERNET_SIZE = 512;

/** Runs a graph model on `input` (disposed here) and reads its first output. */
async function runOnce(model: GraphModel, input: tf.Tensor, outputs?: string[]): Promise<Float32Array> {
  let output: tf.Tensor | tf.Tensor[] | undefined;
  try {
    output = model.execute(input, outputs);
    faultPoint('model-output');
    const first = Array.isArray(output) ? output[0]! : output;
    return (await first.data()) as Float32Array;
  } finally {
    tf.dispose([input, ...(output === undefined ? [] : Array.isArray(output) ? output : [output])]);
  }
}

/** MoveNet's 17 (y, x, score) triples, normalised to `region`, as body keypoints in image pixels. */
export function keypointsFrom(values: ArrayLike<number>, offset: number, region: Region): WorkerKeypoint[] {
  return COCO_BODY_NAMES.map((name, i) => {
    const p = fromRegion(region, values[offset + 3 * i + 1]!, values[offset + 3 * i]!);
    return { name, part: 'body' as const, x: p.x, y: p.y, score: values[offset + 3 * i + 2]! };
  });
}

export interface MultiposePerson {
  /** MoveNet's person score. */
  score: number;
  keypoints: WorkerKeypoint[];
  /** MoveNet's own box around the person (image pixels). */
  box: Region;
}

/**
 * MoveNet MultiPose on the whole image, letterboxed so its longer side is `inputSize` (the other
 * a multiple of 32). Output [1, 6, 56]: per slot 17 x (y, x, score), then a box and the person
 * score. Slots scoring under `minScore` are empty. Keypoints in `img` pixels.
 */
export async function runMultipose(
  model: GraphModel,
  image: tf.Tensor4D,
  img: { width: number; height: number },
  inputSize: number,
  minScore: number,
): Promise<MultiposePerson[]> {
  const shape = multiposeInputShape(img.width, img.height, inputSize);
  const region = letterboxRegion(img.width, img.height, shape.width, shape.height);
  const input = tf.tidy(() => tf.cast(sampleRegion(image, img, region, shape.width, shape.height), 'int32'));
  const values = await runOnce(model, input);
  const people: MultiposePerson[] = [];
  for (let s = 0; s * 56 < values.length; s++) {
    const score = values[s * 56 + 55]!;
    if (score < minScore) continue;
    const a = fromRegion(region, values[s * 56 + 52]!, values[s * 56 + 51]!);
    const b = fromRegion(region, values[s * 56 + 54]!, values[s * 56 + 53]!);
    people.push({
      score,
      keypoints: keypointsFrom(values, s * 56, region),
      box: { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y },
    });
  }
  return people;
}

/** CenterNet's person boxes scoring at least `minScore`, in `img` pixels. */
export async function runCenterNet(
  model: GraphModel,
  image: tf.Tensor4D,
  img: { width: number; height: number },
  minScore: number,
): Promise<DetectionBox[]> {
  const region = letterboxRegion(img.width, img.height, CENTERNET_SIZE, CENTERNET_SIZE);
  const input = tf.tidy(() => sampleRegion(image, img, region, CENTERNET_SIZE, CENTERNET_SIZE));
  // Rows of (x1, y1, x2, y2, score, class) in input pixels, best first.
  const det = await runOnce(model, input, ['tower_0/detections']);
  const boxes: DetectionBox[] = [];
  for (let i = 0; i + 5 < det.length; i += 6) {
    if (det[i + 5] !== PERSON_CLASS || det[i + 4]! < minScore) continue;
    const a = fromRegion(region, det[i]! / CENTERNET_SIZE, det[i + 1]! / CENTERNET_SIZE);
    const b = fromRegion(region, det[i + 2]! / CENTERNET_SIZE, det[i + 3]! / CENTERNET_SIZE);
    boxes.push({ x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y, score: det[i + 4]! });
  }
  return boxes;
}

/** A single-person MoveNet (Thunder: 256, Lightning: 192) on a square crop; keypoints in image pixels. */
export async function poseOnCrop(
  model: GraphModel,
  inputSide: number,
  image: tf.Tensor4D,
  img: { width: number; height: number },
  crop: Region,
): Promise<WorkerKeypoint[]> {
  const input = tf.tidy(() => tf.cast(sampleRegion(image, img, crop, inputSide, inputSide), 'int32'));
  return keypointsFrom(await runOnce(model, input), 0, crop);
}
