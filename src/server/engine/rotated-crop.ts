// Rotated square crops for the face and hand pipelines: the maths that maps a crop turned by an
// angle to a model's input and back, and one runner for a landmark model on such a crop.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';

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
 */
export function rotatedCropTransform(crop: RotatedSquare, n: number): number[] {
  const s = crop.size / n;
  const cos = Math.cos(crop.angle);
  const sin = Math.sin(crop.angle);
  const half = s / 2 - crop.size / 2;
  const cx = crop.cx - 0.5;
  const cy = crop.cy - 0.5;
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
export function rotatedCrop(image: tf.Tensor4D, crop: RotatedSquare, n: number): tf.Tensor4D {
  return tf.tidy(() =>
    tf.div(
      tf.image.transform(
        image,
        tf.tensor2d([rotatedCropTransform(crop, n)], [1, 8]),
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
  outputs: string[],
  count: number,
): Promise<{ points: { x: number; y: number; z: number }[]; presence: number }> {
  const input = rotatedCrop(image, crop, n);
  let tensors: tf.Tensor[] = [];
  let raw: Float32Array | Int32Array | Uint8Array;
  let flag: Float32Array | Int32Array | Uint8Array;
  try {
    tensors = model.execute(input, outputs) as tf.Tensor[];
    [raw, flag] = (await Promise.all(tensors.map((t) => t.data()))) as [typeof raw, typeof flag];
  } finally {
    // Freed on every path: a failed run must not leak the crop or the model's outputs.
    tf.dispose([input, ...tensors]);
  }
  const points = Array.from({ length: count }, (_, i) => ({
    ...fromRotated(crop, n, raw[3 * i]!, raw[3 * i + 1]!),
    // Depth stays in crop input pixels: only the face uses it, relative to itself.
    z: raw[3 * i + 2]!,
  }));
  return { points, presence: flag[0]! };
}
