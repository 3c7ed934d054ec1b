// The model side of the engine, run inside a pose worker: tensors in, people in image pixels out.
// Every tensor is created inside tf.tidy or disposed explicitly (a test checks numTensors).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { COCO_BODY_NAMES } from './coco-body';
import {
  cropAndResizeBox,
  fromRegion,
  letterboxRegion,
  multiposeInputShape,
  squareAround,
  type Region,
} from './letterbox';
import { oksNms } from './oks';
import { boxNms, type DetectionBox } from './box-nms';
import type { WorkerPerson } from './worker-protocol';

/** Below this MoveNet person score a MultiPose slot is empty (tfjs-models uses 0.25 for its demos). */
export const MIN_PERSON_SCORE = 0.2;
/** Keypoints below this score do not count towards a person's box or score. */
export const KEYPOINT_MIN = 0.2;
/** Two poses with OKS above this are the same person found twice (a common NMS setting for OKS). */
export const OKS_NMS_THRESHOLD = 0.5;
/** CenterNet's COCO class index for "person" and the detection score that admits a box. */
const PERSON_CLASS = 0;
const MIN_DETECTION_SCORE = 0.2;
/** At most this many people are posed per image in top-down mode (bounds the latency). */
export const MAX_TOPDOWN_PEOPLE = 20;
/** MoveNet MultiPose returns at most this many people. */
const MULTIPOSE_CAP = 6;
/** Context around a person box for the single-person model (MoveNet crops are loose). */
const CROP_SCALE = 1.25;
const DETECTOR_SIZE = 512;

export interface ImageRgb {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface PipelineOutput {
  people: WorkerPerson[];
  preprocess: number;
  inference: number;
  postprocess: number;
}

export function imageTensor(img: ImageRgb): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(img.data), [1, img.height, img.width, 3], 'float32');
}

/** Samples regions of the image into a batch of width x height crops (black outside). */
function crops(
  image: tf.Tensor4D,
  img: ImageRgb,
  regions: Region[],
  width: number,
  height: number,
): tf.Tensor4D {
  const boxes = regions.map((r) => cropAndResizeBox(r, img.width, img.height, width, height));
  return tf.image.cropAndResize(
    image,
    boxes,
    regions.map(() => 0),
    [height, width],
    'bilinear',
    0,
  );
}

function personScore(keypoints: { score: number }[]): number {
  const good = keypoints.filter((k) => k.score >= KEYPOINT_MIN);
  return good.length === 0 ? 0 : good.reduce((s, k) => s + k.score, 0) / keypoints.length;
}

/** MoveNet's (y, x, score) triples, normalised to a square region, back to image pixels. */
function keypointsFrom(values: ArrayLike<number>, offset: number, region: Region, scale: number) {
  return COCO_BODY_NAMES.map((name, i) => {
    const ny = values[offset + 3 * i]!;
    const nx = values[offset + 3 * i + 1]!;
    const p = fromRegion(region, nx, ny);
    return {
      name,
      part: 'body' as const,
      x: p.x * scale,
      y: p.y * scale,
      score: values[offset + 3 * i + 2]!,
    };
  });
}

/**
 * MoveNet MultiPose on the letterboxed image (longer side inputSize, shorter side a multiple of
 * 32). Output [1, 6, 56]: per slot 17 x (y, x, score) then ymin, xmin, ymax, xmax, person score,
 * all normalised to the input's height (y) and width (x).
 * `scale` converts decoded-image pixels to original pixels.
 */
export async function runMultipose(
  model: GraphModel,
  img: ImageRgb,
  inputSize: number,
  scale: number,
): Promise<PipelineOutput> {
  const t0 = performance.now();
  const shape = multiposeInputShape(img.width, img.height, inputSize);
  const region = letterboxRegion(img.width, img.height, shape.width, shape.height);
  const input = tf.tidy(() => {
    const image = imageTensor(img);
    return tf.cast(crops(image, img, [region], shape.width, shape.height), 'int32');
  });
  const t1 = performance.now();
  const output = model.execute(input) as tf.Tensor;
  const values = await output.data();
  tf.dispose([input, output]);
  const t2 = performance.now();
  const slots = values.length / 56;
  const people: WorkerPerson[] = [];
  for (let s = 0; s < slots; s++) {
    const score = values[s * 56 + 55]!;
    if (score < MIN_PERSON_SCORE) continue;
    people.push({ score, keypoints: keypointsFrom(values, s * 56, region, scale) });
  }
  const kept = oksNms(people, OKS_NMS_THRESHOLD, KEYPOINT_MIN);
  return { people: kept, preprocess: t1 - t0, inference: t2 - t1, postprocess: performance.now() - t2 };
}

/** The box around a pose's confident keypoints (image pixels), or undefined if none is confident. */
function keypointBox(keypoints: { x: number; y: number; score: number }[]): Region | undefined {
  const good = keypoints.filter((k) => k.score >= KEYPOINT_MIN);
  if (good.length === 0) return undefined;
  const xs = good.map((k) => k.x);
  const ys = good.map((k) => k.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

async function detectPeople(
  detector: GraphModel,
  image: tf.Tensor4D,
  img: ImageRgb,
): Promise<DetectionBox[]> {
  const region = letterboxRegion(img.width, img.height, DETECTOR_SIZE, DETECTOR_SIZE);
  const detInput = tf.tidy(() => crops(image, img, [region], DETECTOR_SIZE, DETECTOR_SIZE));
  const detOut = detector.execute(detInput, ['tower_0/detections']) as tf.Tensor;
  const det = await detOut.data();
  tf.dispose([detInput, detOut]);
  const boxes: DetectionBox[] = [];
  for (let i = 0; i + 5 < det.length; i += 6) {
    if (det[i + 5] !== PERSON_CLASS || det[i + 4]! < MIN_DETECTION_SCORE) continue;
    const a = fromRegion(region, det[i]! / DETECTOR_SIZE, det[i + 1]! / DETECTOR_SIZE);
    const b = fromRegion(region, det[i + 2]! / DETECTOR_SIZE, det[i + 3]! / DETECTOR_SIZE);
    boxes.push({ x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y, score: det[i + 4]! });
  }
  return boxNms(boxes, 0.5).slice(0, MAX_TOPDOWN_PEOPLE);
}

export interface TopdownModels {
  multipose: GraphModel;
  detector: GraphModel;
  single: GraphModel;
  /** Input side of the single-person model (256 for MoveNet Thunder). */
  singleSize: number;
  /** Skip MultiPose and let CenterNet find the people every time. */
  alwaysDetector: boolean;
}

/**
 * Top-down: find people, then pose each one on its own square crop with MoveNet Thunder (more
 * pixels per person than any whole-image pass). People are found by MultiPose on `small` (the
 * image shrunk to `inputSize`); when MultiPose is full (6 people, its cap) CenterNet finds them
 * instead on `full`, so crowds are not cut at 6. Crops are taken from `full`.
 * `scale` converts `full` pixels to original pixels.
 */
export async function runTopdown(
  models: TopdownModels,
  full: ImageRgb,
  small: ImageRgb,
  inputSize: number,
  scale: number,
): Promise<PipelineOutput & { finder: 'multipose' | 'centernet' }> {
  const t0 = performance.now();
  const found = models.alwaysDetector
    ? { people: [], preprocess: 0, inference: 0 }
    : await runMultipose(models.multipose, small, inputSize, full.width / small.width);
  let preprocess = found.preprocess;
  let inference = found.inference;
  const image = imageTensor(full);
  let finder: 'multipose' | 'centernet' = 'multipose';
  let persons: DetectionBox[] = found.people.flatMap((p) => {
    const box = keypointBox(p.keypoints);
    return box ? [{ ...box, score: p.score }] : [];
  });
  if (models.alwaysDetector || found.people.length >= MULTIPOSE_CAP) {
    finder = 'centernet';
    const d0 = performance.now();
    persons = await detectPeople(models.detector, image, full);
    inference += performance.now() - d0;
  }
  const people: WorkerPerson[] = [];
  for (const box of persons) {
    const p0 = performance.now();
    const cropRegion = squareAround(box, CROP_SCALE);
    const input = tf.tidy(() =>
      tf.cast(crops(image, full, [cropRegion], models.singleSize, models.singleSize), 'int32'),
    );
    const p1 = performance.now();
    const out = models.single.execute(input) as tf.Tensor;
    const values = await out.data();
    tf.dispose([input, out]);
    preprocess += p1 - p0;
    inference += performance.now() - p1;
    const keypoints = keypointsFrom(values, 0, cropRegion, scale);
    // Geometric mean of finder and pose confidence: on the same 0..1 scale as MultiPose's
    // person score, so MIN_PERSON_SCORE means the same in both modes.
    people.push({ score: Math.sqrt(box.score * personScore(keypoints)), keypoints });
  }
  image.dispose();
  const kept = oksNms(
    people.filter((p) => p.score >= MIN_PERSON_SCORE),
    OKS_NMS_THRESHOLD,
    KEYPOINT_MIN,
  );
  // Everything that is neither crop preparation nor a model run: box maths, NMS, bookkeeping.
  const postprocess = Math.max(0, performance.now() - t0 - preprocess - inference);
  return { people: kept, preprocess, inference, postprocess, finder };
}

/**
 * A square crop of the image turned by `angle` (radians, image axes: x right, y down): its
 * centre and side in image pixels. The crop's x axis points along (cos angle, sin angle) in the
 * image, its y axis along (-sin angle, cos angle). Face and hand crops use it so that the model
 * sees an upright face (eye line horizontal) or upright hand (fingers up).
 */
export interface RotatedSquare {
  cx: number;
  cy: number;
  size: number;
  angle: number;
}

/**
 * The projective transform for tf.image.transform that samples `crop` into an n x n input.
 * tf.image.transform maps each output pixel (u, v) to the input pixel (a0 u + a1 v + a2,
 * b0 u + b1 v + b2) (no perspective here: c0 = c1 = 0), both in pixel-index coordinates
 * (pixel i's centre at i). Output pixel u's centre is the crop-local continuous coordinate
 * (u + 0.5) * size / n - size / 2; image continuous coordinates are pixel index + 0.5.
 * `scale` divides image pixels into the tensor's pixels (decoded image smaller than original).
 */
export function rotatedCropTransform(crop: RotatedSquare, n: number, scale = 1): number[] {
  const s = crop.size / scale / n;
  const cos = Math.cos(crop.angle);
  const sin = Math.sin(crop.angle);
  const half = s / 2 - crop.size / scale / 2;
  const cx = crop.cx / scale - 0.5;
  const cy = crop.cy / scale - 0.5;
  return [
    s * cos,
    -s * sin,
    cx + cos * half - sin * half,
    s * sin,
    s * cos,
    cy + sin * half + cos * half,
    0,
    0,
  ];
}

/** A model's output point, in input pixels of an n x n crop (0..n), back to image pixels. */
export function fromRotated(
  crop: RotatedSquare,
  n: number,
  px: number,
  py: number,
): { x: number; y: number } {
  const dx = (px / n - 0.5) * crop.size;
  const dy = (py / n - 0.5) * crop.size;
  const cos = Math.cos(crop.angle);
  const sin = Math.sin(crop.angle);
  return { x: crop.cx + cos * dx - sin * dy, y: crop.cy + sin * dx + cos * dy };
}

/** Image pixels into the crop's own frame, centred on it (the inverse rotation of fromRotated). */
export function intoRotated(crop: RotatedSquare, x: number, y: number): { u: number; v: number } {
  const cos = Math.cos(crop.angle);
  const sin = Math.sin(crop.angle);
  const dx = x - crop.cx;
  const dy = y - crop.cy;
  return { u: cos * dx + sin * dy, v: -sin * dx + cos * dy };
}

/**
 * Samples one rotated square of `image` ([1, h, w, 3] float 0..255) into an n x n input scaled
 * to 0..1 (MediaPipe's face and hand models take 0..1 RGB). Black outside the image.
 */
export function rotatedCrop(image: tf.Tensor4D, crop: RotatedSquare, n: number, scale: number): tf.Tensor4D {
  return tf.tidy(() =>
    tf.div(
      tf.image.transform(
        image,
        tf.tensor2d([rotatedCropTransform(crop, n, scale)], [1, 8]),
        'bilinear',
        'constant',
        0,
        [n, n],
      ),
      255,
    ),
  );
}

/**
 * Runs a landmark model (facemesh, handlandmark) on a rotated square crop of n x n input pixels.
 * Answers its landmarks mapped back to image pixels and its presence score (the second output).
 */
export async function landmarksOnRotatedCrop(
  model: GraphModel,
  image: tf.Tensor4D,
  crop: RotatedSquare,
  n: number,
  scale: number,
  outputs: string[],
  count: number,
): Promise<{ points: { x: number; y: number; z: number }[]; presence: number }> {
  const input = rotatedCrop(image, crop, n, scale);
  const tensors = model.execute(input, outputs) as tf.Tensor[];
  const [raw, flag] = await Promise.all(tensors.map((t) => t.data()));
  tf.dispose([input, ...tensors]);
  const points = Array.from({ length: count }, (_, i) => ({
    ...fromRotated(crop, n, raw![3 * i]!, raw![3 * i + 1]!),
    // Depth stays in crop input pixels: only the face uses it, relative to itself.
    z: raw![3 * i + 2]!,
  }));
  return { points, presence: flag![0]! };
}
