// Decoded RGB pixels as tfjs tensors, and the sampling of image regions into model inputs.
import * as tf from '@tensorflow/tfjs-core';
import { cropAndResizeBox, type Region } from './letterbox';

export interface ImageRgb {
  /** RGB, 3 bytes per pixel, row-major. */
  data: Uint8Array;
  width: number;
  height: number;
}

/** [1, h, w, 3] float32 0..255: the source every crop of one request is sampled from. */
export function imageTensor(img: ImageRgb): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(img.data), [1, img.height, img.width, 3], 'float32');
}

/** Samples one region of `image` into a width x height float input (black outside the image). */
export function sampleRegion(
  image: tf.Tensor4D,
  img: { width: number; height: number },
  region: Region,
  width: number,
  height: number,
): tf.Tensor4D {
  return tf.image.cropAndResize(
    image,
    [cropAndResizeBox(region, img.width, img.height, width, height)],
    [0],
    [height, width],
    'bilinear',
    0,
  );
}
