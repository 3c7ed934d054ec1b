import { z } from 'zod';
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
  /** Where the JPEG was made: a worker (WebCodecs) or the page (fallback). */
  encodedIn: 'worker' | 'page';
}

/** The frame size for a video of `w` x `h` (aspect kept, longest side at most MAX_FRAME_SIDE). */
export function frameSize(w: number, h: number): { width: number; height: number } {
  const k = Math.min(1, MAX_FRAME_SIDE / Math.max(1, w, h));
  return { width: Math.max(1, Math.round(w * k)), height: Math.max(1, Math.round(h * k)) };
}

const EncodeReply = z.union([
  z.object({
    id: z.number(),
    jpeg: z.instanceof(Blob),
    bitmap: z.custom<ImageBitmap>((v) => v instanceof ImageBitmap),
  }),
  z.object({ id: z.number(), error: z.string() }),
]);

/** Where the browser can (VideoFrame, Worker, OffscreenCanvas): frames are encoded in a worker. */
function workerEncodingAvailable(): boolean {
  return (
    typeof VideoFrame === 'function' && typeof Worker === 'function' && typeof OffscreenCanvas === 'function'
  );
}

/**
 * Grabs frames off a video. With WebCodecs the main thread only wraps the shown frame in a
 * VideoFrame (no pixel copy) and a worker (frame-encoder-worker.ts) does the copy, the colour
 * conversion and the JPEG; elsewhere (and if the worker fails) the same happens on the page
 * with createImageBitmap and one reusable offscreen surface (encoding copies its pixels, so
 * grabs may overlap).
 */
export function createFrameGrabber(): {
  grab: (video: HTMLVideoElement) => Promise<GrabbedFrame>;
  dispose: () => void;
} {
  let surface: OffscreenCanvas | HTMLCanvasElement | undefined;
  let worker: Worker | undefined;
  let workerBroken = !workerEncodingAvailable();
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (r: { jpeg: Blob; bitmap: ImageBitmap }) => void; reject: (e: Error) => void }
  >();

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

  const onPage = async (video: HTMLVideoElement, width: number, height: number): Promise<GrabbedFrame> => {
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
      return { bitmap, jpeg: await encode(surface), width, height, encodedIn: 'page' };
    } catch (error) {
      bitmap.close();
      throw error;
    }
  };

  const failAll = (error: Error) => {
    workerBroken = true;
    worker?.terminate();
    worker = undefined;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const inWorker = (video: HTMLVideoElement, width: number, height: number): Promise<GrabbedFrame> => {
    if (!worker) {
      worker = new Worker(new URL('./frame-encoder-worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<unknown>) => {
        const reply = EncodeReply.safeParse(e.data);
        if (!reply.success) return;
        const p = pending.get(reply.data.id);
        if (!p) return;
        pending.delete(reply.data.id);
        if ('error' in reply.data) p.reject(new Error(reply.data.error));
        else p.resolve(reply.data);
      };
      worker.onerror = () => failAll(new Error('the frame encoder stopped'));
    }
    const frame = new VideoFrame(video);
    const id = nextId++;
    const w = worker;
    return new Promise<{ jpeg: Blob; bitmap: ImageBitmap }>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, frame, width, height, quality: FRAME_JPEG_QUALITY }, [frame]);
    }).then((r) => ({ ...r, width, height, encodedIn: 'worker' as const }));
  };

  return {
    grab: async (video) => {
      const { width, height } = frameSize(video.videoWidth, video.videoHeight);
      if (!workerBroken) {
        try {
          return await inWorker(video, width, height);
        } catch {
          // A browser that lists the APIs but cannot use them here: the page does it from now on.
          failAll(new Error('the frame encoder failed'));
        }
      }
      return onPage(video, width, height);
    },
    dispose: () => failAll(new Error('the camera was closed')),
  };
}
