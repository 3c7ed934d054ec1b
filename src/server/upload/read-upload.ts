import type { UploadedImage } from '@/server/providers/pose-provider';
import type { StageTimings } from '@/server/http/server-timing';
import { inspectImage } from './inspect-image';
import { extractImageField } from './multipart-file';
import { readBodyLimited } from './read-body';

/** Room for multipart boundaries and part headers on top of the file itself, bytes. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export interface UploadLimits {
  maxUploadBytes: number;
  maxImagePixels: number;
  bodyTimeoutMs: number;
}

export interface ReadUpload {
  image: UploadedImage;
  /** Frames in the file; > 1 means an animation of which only the first frame is analysed. */
  pages: number;
  bodyBytes: number;
}

/** Request -> checked UploadedImage, or a PoseError naming what is wrong (400/408/413/415/422). */
export async function readUpload(
  request: Request,
  limits: UploadLimits,
  timings: StageTimings,
): Promise<ReadUpload> {
  const body = await timings.time('upload', () =>
    readBodyLimited(request, limits.maxUploadBytes + MULTIPART_OVERHEAD_BYTES, limits.bodyTimeoutMs),
  );
  const part = await timings.time('parse', () =>
    extractImageField(body, request.headers.get('content-type') ?? undefined, limits.maxUploadBytes),
  );
  const inspected = await timings.time('decode', () => inspectImage(part.bytes, limits.maxImagePixels));
  return {
    image: {
      bytes: part.bytes,
      format: inspected.format,
      width: inspected.width,
      height: inspected.height,
      ...(part.filename ? { filename: part.filename } : {}),
    },
    pages: inspected.pages,
    bodyBytes: body.byteLength,
  };
}
