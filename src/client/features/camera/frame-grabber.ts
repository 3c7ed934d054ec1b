// Takes the frame the <video> shows now: a bitmap (drawn later, under its own skeletons) and a
// JPEG of it (sent to POST /api/pose). Drawn at the video's own size, scaled down only when the
// camera ignored the 640x480 request, since the engine's time grows with the pixels it decodes.

/** Longest side of a sent frame (px): 640x480 passes unchanged. */
export const MAX_FRAME_SIDE = 640;
/** JPEG quality of sent frames: ~30-50 KB at 640x480, no visible loss for pose models. */
export const FRAME_JPEG_QUALITY = 0.8;

export interface GrabbedFrame {
  bitmap: ImageBitmap;
  jpeg: Blob;
  width: number;
  height: number;
}

/** The frame size for a video of `w` x `h` (aspect kept, longest side at most MAX_FRAME_SIDE). */
export function frameSize(w: number, h: number): { width: number; height: number } {
  const k = Math.min(1, MAX_FRAME_SIDE / Math.max(1, w, h));
  return { width: Math.max(1, Math.round(w * k)), height: Math.max(1, Math.round(h * k)) };
}

/** One reusable offscreen surface per grabber: encoding copies its pixels, so grabs may overlap. */
export function createFrameGrabber(): (video: HTMLVideoElement) => Promise<GrabbedFrame> {
  let surface: OffscreenCanvas | HTMLCanvasElement | undefined;

  const encode = (c: OffscreenCanvas | HTMLCanvasElement): Promise<Blob> =>
    c instanceof HTMLCanvasElement
      ? new Promise((resolve, reject) =>
          c.toBlob(
            (b) => (b ? resolve(b) : reject(new Error('JPEG encoding failed'))),
            'image/jpeg',
            FRAME_JPEG_QUALITY,
          ),
        )
      : c.convertToBlob({ type: 'image/jpeg', quality: FRAME_JPEG_QUALITY });

  return async (video) => {
    const { width, height } = frameSize(video.videoWidth, video.videoHeight);
    // Resize options only when needed: without them the copy is cheaper (no scaling pass).
    const bitmap =
      width === video.videoWidth && height === video.videoHeight
        ? await createImageBitmap(video)
        : await createImageBitmap(video, {
            resizeWidth: width,
            resizeHeight: height,
            resizeQuality: 'medium',
          });
    if (!surface || surface.width !== width || surface.height !== height) {
      surface =
        typeof OffscreenCanvas === 'function'
          ? new OffscreenCanvas(width, height)
          : Object.assign(document.createElement('canvas'), { width, height });
    }
    const ctx = surface.getContext('2d') as
      OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
    if (!ctx) {
      bitmap.close();
      throw new Error('no 2D context for the frame');
    }
    ctx.drawImage(bitmap, 0, 0);
    try {
      return { bitmap, jpeg: await encode(surface), width, height };
    } catch (error) {
      bitmap.close();
      throw error;
    }
  };
}
