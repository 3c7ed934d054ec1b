// Image probing and decoding with sharp. Coordinates everywhere refer to the image after its
// EXIF orientation is applied: the way browsers display it (CSS image-orientation: from-image).
import sharp, { type Metadata } from 'sharp';
// Relative import: this module also runs inside pose workers, loaded by tsx without the @/ alias.
import { PoseError } from '../../contract/pose-errors';

export interface ImageProbe {
  /** Lower-case extension without a dot, from the decoder's sniffing of the bytes. */
  fileType: string;
  /** Size after EXIF orientation. */
  width: number;
  height: number;
}

const FILE_TYPES: Record<string, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  tiff: 'tiff',
  avif: 'avif',
  heif: 'heif',
  svg: 'svg',
};

/** Reads only the header: refuses a decompression bomb (width x height > maxPixels) before decoding. */
export async function probeImage(bytes: Uint8Array, maxPixels: number): Promise<ImageProbe> {
  let meta: Metadata;
  try {
    // Header only: sharp's own pixel limit is off here so that our limit decides, with our message.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new PoseError('UNDECODABLE_IMAGE', undefined, { cause });
  }
  const { width, height } = meta;
  if (!width || !height) throw new PoseError('UNDECODABLE_IMAGE');
  if (width * height > maxPixels) {
    throw new PoseError(
      'IMAGE_TOO_MANY_PIXELS',
      `The image has ${width}x${height} pixels; the limit is ${Math.round(maxPixels / 1e6)} megapixels.`,
    );
  }
  // EXIF orientations 5-8 turn the image by 90 degrees: width and height swap.
  const swap = (meta.orientation ?? 1) >= 5;
  let fileType = FILE_TYPES[meta.format] ?? meta.format;
  // sharp reports AVIF as the HEIF container with AV1 compression.
  if (meta.format === 'heif' && meta.compression === 'av1') fileType = 'avif';
  return { fileType, width: swap ? height : width, height: swap ? width : height };
}

export interface DecodedImage {
  /** RGB, 3 bytes per pixel, row-major. */
  data: Uint8Array;
  width: number;
  height: number;
  /** Size of the oriented original; data may be a downscaled copy of it. */
  originalWidth: number;
  originalHeight: number;
}

/**
 * Decodes with EXIF orientation applied, flattens transparency onto white and shrinks the image
 * so its longer side is at most maxSide pixels (models never need more; it keeps tensors small).
 */
export async function decodeOriented(
  bytes: Uint8Array,
  maxSide: number,
  maxPixels: number,
): Promise<DecodedImage> {
  try {
    // metadata() reads the header only and reports the stored (un-rotated) size and orientation.
    const oriented = await sharp(bytes, { limitInputPixels: maxPixels }).metadata();
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels })
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
    const swap = (oriented.orientation ?? 1) >= 5;
    const ow = swap ? oriented.height : oriented.width;
    const oh = swap ? oriented.width : oriented.height;
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      originalWidth: ow ?? info.width,
      originalHeight: oh ?? info.height,
    };
  } catch (cause) {
    if (cause instanceof Error && /pixel limit/i.test(cause.message)) {
      throw new PoseError('IMAGE_TOO_MANY_PIXELS', undefined, { cause });
    }
    throw new PoseError('UNDECODABLE_IMAGE', undefined, { cause });
  }
}

/** A copy of decoded RGB pixels shrunk (with sharp's filtering) so the longer side is maxSide. */
export async function shrinkRgb(
  img: { data: Uint8Array; width: number; height: number },
  maxSide: number,
): Promise<{ data: Uint8Array; width: number; height: number }> {
  if (Math.max(img.width, img.height) <= maxSide) return img;
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize({ width: maxSide, height: maxSide, fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}
