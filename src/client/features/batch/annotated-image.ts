import type { PoseResult } from '@/contract/pose-envelope';
import { ALL_PARTS_ON, buildPoseViewModel } from '@/pose/pose-view-model';
import { drawPerson, SCREEN_STYLE } from '@/client/canvas/draw-skeleton';

// Image + skeleton drawn without touching the DOM: createImageBitmap decodes the file off the
// main thread (and applies EXIF orientation), an OffscreenCanvas draws and encodes. Used for
// the gallery thumbnails (small JPEG) and the ZIP's annotated PNGs (full resolution).
// Every bitmap is closed as soon as it is drawn, so 200 queued photos never hold 200 decodes.

export interface RenderedImage {
  blob: Blob;
  /** The decoded (oriented) frame of the source, pixels: what the coordinates refer to. */
  sourceWidth: number;
  sourceHeight: number;
}

export function canRenderOffscreen(): boolean {
  return typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function';
}

export interface RenderOptions {
  /** Longest side of the output, px; undefined keeps the source size. */
  maxSide?: number;
  type: 'image/png' | 'image/jpeg';
  /** JPEG quality 0..1. */
  quality?: number;
  /**
   * The oriented source size when already known (the server's meta): the decoder then scales
   * while decoding, off the main thread, instead of a full-size decode + drawImage downscale.
   */
  knownSize?: { width: number; height: number };
}

/** undefined when the browser cannot draw off-screen or cannot decode the file. */
export async function renderAnnotated(
  file: Blob,
  result: PoseResult | undefined,
  options: RenderOptions,
): Promise<RenderedImage | undefined> {
  if (!canRenderOffscreen()) return undefined;
  let bitmap: ImageBitmap | undefined;
  try {
    const known = options.knownSize;
    let sw: number;
    let sh: number;
    let k: number;
    if (known && known.width > 0 && known.height > 0 && options.maxSide) {
      sw = known.width;
      sh = known.height;
      k = Math.min(1, options.maxSide / Math.max(sw, sh));
      bitmap = await createImageBitmap(file, {
        imageOrientation: 'from-image',
        resizeWidth: Math.max(1, Math.round(sw * k)),
        resizeHeight: Math.max(1, Math.round(sh * k)),
        resizeQuality: 'medium',
      });
    } else {
      bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      sw = bitmap.width;
      sh = bitmap.height;
      k = options.maxSide ? Math.min(1, options.maxSide / Math.max(sw, sh)) : 1;
    }
    const w = Math.max(1, Math.round(sw * k));
    const h = Math.max(1, Math.round(sh * k));
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    if (!ctx) return undefined;
    ctx.drawImage(bitmap, 0, 0, w, h);
    bitmap.close();
    bitmap = undefined;
    if (result && result.keyPointList.length > 0) {
      const vm = buildPoseViewModel(result, {
        threshold: 0,
        parts: { ...ALL_PARTS_ON },
        mapping: 'linear',
        imageWidth: sw,
        imageHeight: sh,
      });
      // Marks sized as on screen for a photo shown 1280 px wide (as the viewer's PNG export),
      // and at least 1 px on a thumbnail.
      const markScale = Math.max(k, Math.min(1, 1280 / Math.max(sw, sh)));
      ctx.setTransform(k, 0, 0, k, 0, 0);
      for (const person of vm.drawOrder) {
        // drawPerson only uses the path/stroke API that both context types share.
        drawPerson(ctx as unknown as CanvasRenderingContext2D, person, {
          ...SCREEN_STYLE,
          scale: k === 1 ? markScale : k,
          emphasised: false,
        });
      }
    }
    const blob = await canvas.convertToBlob({ type: options.type, quality: options.quality });
    return { blob, sourceWidth: sw, sourceHeight: sh };
  } catch {
    return undefined;
  } finally {
    bitmap?.close();
  }
}

/** Longest side of gallery thumbnails, px (2x the 96 px cell for sharp HiDPI screens). */
export const THUMBNAIL_SIDE = 192;

export function renderThumbnail(
  file: Blob,
  result?: PoseResult,
  knownSize?: { width: number; height: number },
): Promise<RenderedImage | undefined> {
  return renderAnnotated(file, result, {
    maxSide: THUMBNAIL_SIDE,
    type: 'image/jpeg',
    quality: 0.8,
    ...(knownSize ? { knownSize } : {}),
  });
}

/**
 * A queue preview before any answer: the decoder scales to THUMBNAIL_SIDE px wide while
 * decoding (aspect kept), so no full-size bitmap ever reaches the main thread.
 */
export async function renderPreview(file: Blob): Promise<Blob | undefined> {
  if (!canRenderOffscreen()) return undefined;
  let bitmap: ImageBitmap | undefined;
  try {
    bitmap = await createImageBitmap(file, {
      imageOrientation: 'from-image',
      resizeWidth: THUMBNAIL_SIDE,
      resizeQuality: 'low',
    });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return undefined;
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    bitmap = undefined;
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 });
  } catch {
    return undefined;
  } finally {
    bitmap?.close();
  }
}
