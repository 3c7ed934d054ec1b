import sharp from 'sharp';
import type { PoseResult } from '@/contract/pose-envelope';
import { PoseError } from '@/contract/pose-errors';
import type { UploadedImage } from './pose-provider';

/**
 * What NHN's sibling AI services document as accepted: PNG or JPEG, at most 5 MB. Decimal MB
 * (5,000,000 bytes), not MiB: a file of 5,100,000 bytes is over NHN's limit though under 5 MiB.
 */
export const NHN_MAX_BYTES = 5_000_000;
/** Downscale passes before giving up on fitting the limit. */
const MAX_SHRINK_PASSES = 6;
const NHN_FORMATS = new Set<UploadedImage['format']>(['jpg', 'png']);

export interface PreparedUpload {
  bytes: Uint8Array;
  filename: string;
  contentType: 'image/jpeg' | 'image/png';
  /** Size of the image actually sent, pixels (after orientation and any downscale). */
  sentWidth: number;
  sentHeight: number;
  /** Human note for meta.converted, undefined when the original bytes are forwarded. */
  converted: string | undefined;
}

/** "holiday photo.webp" -> "holiday photo.jpg"; no name -> "image.jpg". */
export function renameExtension(filename: string | undefined, ext: 'jpg' | 'png'): string {
  const base = filename && filename.length > 0 ? filename : 'image';
  const dot = base.lastIndexOf('.');
  return `${dot > 0 ? base.slice(0, dot) : base}.${ext}`;
}

/**
 * Forwards the original bytes when NHN can take them (PNG/JPEG, <= 5 MB, no EXIF rotation);
 * otherwise re-encodes as JPEG in the oriented frame, downscaling until it fits in 5 MB.
 */
export async function prepareForNhn(image: UploadedImage, maxBytes = NHN_MAX_BYTES): Promise<PreparedUpload> {
  const meta = await sharp(image.bytes).metadata();
  const rotated = (meta.orientation ?? 1) !== 1;
  if (NHN_FORMATS.has(image.format) && image.bytes.byteLength <= maxBytes && !rotated) {
    // The upload route decodes nothing, so this is the one decode on the NHN path: a truncated
    // file is refused here (422) instead of being sent. JPEG decodes at 1/8 via shrink-on-load.
    await sharp(image.bytes, { failOn: 'truncated' }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
    return {
      bytes: image.bytes,
      filename: image.filename ?? `image.${image.format}`,
      contentType: image.format === 'png' ? 'image/png' : 'image/jpeg',
      sentWidth: image.width,
      sentHeight: image.height,
      converted: undefined,
    };
  }
  const reasons: string[] = [];
  if (!NHN_FORMATS.has(image.format)) reasons.push(`${image.format} converted to jpeg`);
  else if (image.bytes.byteLength > maxBytes) reasons.push(`${image.format} re-encoded as jpeg`);
  if (rotated) reasons.push('EXIF rotation applied');

  let width = image.width;
  let height = image.height;
  let bytes = await encodeJpeg(image.bytes, width, height);
  // Each pass shrinks the area in proportion to the overshoot, with a 10 % margin.
  for (let pass = 0; bytes.byteLength > maxBytes && pass < MAX_SHRINK_PASSES; pass++) {
    const scale = Math.sqrt(maxBytes / bytes.byteLength) * 0.9;
    width = Math.max(1, Math.round(width * scale));
    height = Math.max(1, Math.round(height * scale));
    bytes = await encodeJpeg(image.bytes, width, height);
  }
  // NHN would refuse it (or worse, answer something odd): say so here instead of sending it.
  if (bytes.byteLength > maxBytes) {
    throw new PoseError(
      'FILE_TOO_LARGE',
      `This image cannot be made to fit NHN Cloud's ${formatMb(maxBytes)} limit (still ${formatMb(bytes.byteLength)} as JPEG at ${width}x${height}). Use a smaller image or the offline engine.`,
    );
  }
  if (width !== image.width || height !== image.height) {
    reasons.push(
      `downscaled from ${image.width}x${image.height} to ${width}x${height} to fit NHN's 5 MB limit`,
    );
  }
  return {
    bytes,
    filename: renameExtension(image.filename, 'jpg'),
    contentType: 'image/jpeg',
    sentWidth: width,
    sentHeight: height,
    converted: `${reasons.join('; ')} before sending to NHN Cloud (coordinates mapped back to the original pixels)`,
  };
}

/** Decimal megabytes, like NHN's documentation: 5000000 -> "5 MB". */
function formatMb(bytes: number): string {
  return `${Math.round(bytes / 100_000) / 10} MB`;
}

async function encodeJpeg(input: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const buffer = await sharp(input)
    .autoOrient()
    .resize(width, height, { fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 90, mozjpeg: false })
    .toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Maps coordinates from the sent image back to the original (oriented) image's pixels. */
export function mapResultToOriginal(
  result: PoseResult,
  sent: { width: number; height: number },
  original: { width: number; height: number },
): PoseResult {
  if (sent.width === original.width && sent.height === original.height) return result;
  const sx = original.width / sent.width;
  const sy = original.height / sent.height;
  return {
    ...result,
    keyPointList: result.keyPointList.map((person) => ({
      ...person,
      inferKeypointList: person.inferKeypointList.map((k) => ({ ...k, x: k.x * sx, y: k.y * sy })),
    })),
  };
}
