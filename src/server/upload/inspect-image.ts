import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import { PoseError } from '@/contract/pose-errors';
import type { UploadedImage } from '@/server/providers/pose-provider';

export type RasterFormat = UploadedImage['format'];

export interface InspectedImage {
  format: RasterFormat;
  /** Size after EXIF orientation, pixels. */
  width: number;
  height: number;
  /** Frames in the file (animated GIF/WebP > 1); only the first is analysed. */
  pages: number;
}

const RASTER: Record<string, RasterFormat> = {
  jpg: 'jpg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'avif',
  tif: 'tiff',
};

const MARKUP_MESSAGE =
  'SVG, HTML and other markup files are refused (they can carry active content). Use JPEG, PNG or WebP.';

/** Text that starts like markup: SVG, HTML, XML. file-type does not detect these (they are text). */
function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return head.startsWith('<');
}

/**
 * Decides what the bytes are from their magic numbers alone (never the name or Content-Type)
 * and refuses anything that is not a raster image we can decode.
 */
export async function sniffFormat(bytes: Uint8Array): Promise<RasterFormat> {
  const type = await fileTypeFromBuffer(bytes);
  if (type && (/xml|html|svg/.test(type.mime) || ['xml', 'svg', 'html'].includes(type.ext))) {
    throw new PoseError('UNSUPPORTED_MEDIA', MARKUP_MESSAGE);
  }
  if (type) {
    const raster = RASTER[type.ext];
    if (raster) return raster;
    if (type.ext === 'heic' || type.mime === 'image/heic' || type.mime === 'image/heif') {
      throw new PoseError(
        'UNSUPPORTED_MEDIA',
        'HEIC/HEIF photos (iPhone default) are not supported. Convert it to JPEG first (on iPhone: Settings > Camera > Formats > Most Compatible, or export as JPEG).',
      );
    }
    throw new PoseError(
      'UNSUPPORTED_MEDIA',
      `This file is ${type.mime}, not an image PoseScope can read. Use JPEG, PNG or WebP.`,
    );
  }
  if (looksLikeMarkup(bytes)) throw new PoseError('UNSUPPORTED_MEDIA', MARKUP_MESSAGE);
  throw new PoseError('UNSUPPORTED_MEDIA');
}

/** Narrower or lower than this (pixels) cannot hold a person worth finding: refused with 422. */
export const MIN_IMAGE_SIDE = 32;

/**
 * Sniffs and reads the header only: the size (refusing decompression bombs and images too small
 * to hold a person before any pixel is decoded) and the frame count. Nothing is decoded here: the
 * provider decodes the image once (the engine's decode, or NHN's conversion / truncation check),
 * and a truncated or corrupt file is refused there with 422.
 */
export async function inspectImage(bytes: Uint8Array, maxPixels: number): Promise<InspectedImage> {
  const format = await sniffFormat(bytes);
  let meta: Metadata;
  try {
    // Header only: no pixel is decoded here, so a 100k x 100k PNG costs nothing.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new PoseError('UNDECODABLE_IMAGE', undefined, { cause: error });
  }
  const rawWidth = meta.width;
  const rawHeight = meta.pageHeight ?? meta.height;
  if (!rawWidth || !rawHeight) throw new PoseError('UNDECODABLE_IMAGE');
  if (rawWidth * rawHeight > maxPixels) {
    throw new PoseError(
      'IMAGE_TOO_MANY_PIXELS',
      `The image is ${rawWidth} x ${rawHeight} pixels (${((rawWidth * rawHeight) / 1e6).toFixed(1)} MP); the limit is ${(maxPixels / 1e6).toFixed(1)} MP.`,
    );
  }
  if (rawWidth < MIN_IMAGE_SIDE || rawHeight < MIN_IMAGE_SIDE) {
    throw new PoseError(
      'IMAGE_TOO_SMALL',
      `The image is only ${rawWidth} x ${rawHeight} pixels: too small to hold a person. PoseScope needs at least ${MIN_IMAGE_SIDE} pixels on each side.`,
    );
  }
  // EXIF orientations 5..8 swap width and height.
  const swap = (meta.orientation ?? 1) >= 5;
  const width = swap ? rawHeight : rawWidth;
  const height = swap ? rawWidth : rawHeight;
  return { format, width, height, pages: meta.pages ?? 1 };
}
