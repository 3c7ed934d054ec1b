// Turns times of a video file into JPEG frames, one at a time, on a <video> element of its own
// (the one the user watches keeps playing or scrubbing meanwhile). Only one frame bitmap lives at
// a time: drawn to one reused canvas, encoded, and the blob handed on; nothing is kept.

/** What the browser measured of the file. */
export interface VideoInfo {
  /** Seconds; may be Infinity for some WebM files without a duration in their header. */
  duration: number;
  width: number;
  height: number;
}

export interface GrabbedFrame {
  blob: Blob;
  /** The presented frame's own timestamp (seconds), from requestVideoFrameCallback when present. */
  mediaTime: number;
  width: number;
  height: number;
}

/** JPEG quality of frames sent for analysis: detail enough for keypoints, ~100 KB at 720p. */
export const FRAME_JPEG_QUALITY = 0.9;

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/** Resolves on the element's event, rejects on `error` (the browser cannot decode the file). */
function once(video: HTMLVideoElement, event: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      video.removeEventListener(event, ok);
      video.removeEventListener('error', bad);
      signal?.removeEventListener('abort', aborted);
    };
    const ok = () => {
      cleanup();
      resolve();
    };
    const bad = () => {
      cleanup();
      reject(new VideoDecodeError(video.error?.message || 'the browser cannot decode this video'));
    };
    const aborted = () => {
      cleanup();
      reject(new DOMException('aborted', 'AbortError'));
    };
    video.addEventListener(event, ok);
    video.addEventListener('error', bad);
    signal?.addEventListener('abort', aborted);
  });
}

export class VideoDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VideoDecodeError';
  }
}

/** A muted, inline, never-shown element: Chromium decodes and seeks it like a visible one. */
export function makeVideoElement(url: string): HTMLVideoElement {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  video.crossOrigin = 'anonymous';
  video.src = url;
  return video;
}

/** Loads metadata and the first frame. A WebM without a duration is asked for it by a far seek. */
export async function loadVideo(video: HTMLVideoElement): Promise<VideoInfo> {
  if (video.readyState < HTMLMediaElement.HAVE_METADATA) await once(video, 'loadedmetadata');
  if (!(video.videoWidth > 0 && video.videoHeight > 0))
    throw new VideoDecodeError('the file has no picture the browser can decode');
  let duration = video.duration;
  if (!Number.isFinite(duration)) {
    // MediaRecorder's WebM files carry no duration: seeking past the end makes Chromium find it.
    video.currentTime = 1e9;
    await once(video, 'seeked');
    duration = video.duration;
    video.currentTime = 0;
    await once(video, 'seeked');
  }
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) await once(video, 'loadeddata');
  return { duration, width: video.videoWidth, height: video.videoHeight };
}

/**
 * Seeks and waits until the frame at `time` is presented; resolves with its mediaTime. With
 * requestVideoFrameCallback the callback fires once the seeked frame is ready to paint, which
 * 'seeked' alone does not promise.
 */
export async function seekTo(video: HTMLVideoElement, time: number, signal?: AbortSignal): Promise<number> {
  const v = video as FrameCallbackVideo;
  if (Math.abs(video.currentTime - time) < 1e-6 && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA)
    return time;
  const presented =
    typeof v.requestVideoFrameCallback === 'function'
      ? new Promise<number>((resolve) => v.requestVideoFrameCallback!((_, meta) => resolve(meta.mediaTime)))
      : undefined;
  const seeked = once(video, 'seeked', signal);
  video.currentTime = time;
  await seeked;
  // A seek to the frame already shown presents nothing new: 'seeked' is then the last word.
  const mediaTime = presented
    ? await Promise.race([presented, new Promise<number>((r) => setTimeout(() => r(time), 250))])
    : time;
  return mediaTime;
}

/**
 * The video's own frame rate, measured: plays a few frames muted and takes the smallest step
 * between presented mediaTimes. Undefined when the browser cannot tell (no frame callbacks).
 */
export async function measureFrameRate(video: HTMLVideoElement): Promise<number | undefined> {
  const v = video as FrameCallbackVideo;
  if (typeof v.requestVideoFrameCallback !== 'function') return undefined;
  const times: number[] = [];
  const done = new Promise<void>((resolve) => {
    const onFrame = (_: number, meta: { mediaTime: number }) => {
      times.push(meta.mediaTime);
      if (times.length >= 8) resolve();
      else v.requestVideoFrameCallback!(onFrame);
    };
    v.requestVideoFrameCallback!(onFrame);
    setTimeout(resolve, 1500);
  });
  try {
    await video.play();
  } catch {
    return undefined;
  }
  await done;
  video.pause();
  await seekTo(video, 0);
  const steps = times
    .slice(1)
    .map((t, i) => t - times[i]!)
    .filter((d) => d > 1e-4);
  if (steps.length === 0) return undefined;
  const step = Math.min(...steps);
  // Common rates are whole numbers (or 23.976 / 29.97): two decimals are plenty.
  return Math.round(100 / step) / 100;
}

/** Grabs frames one after another (calls are queued: one element seeks one time at a time). */
export class FrameGrabber {
  private readonly video: HTMLVideoElement;
  private chain: Promise<unknown> = Promise.resolve();
  private canvas: HTMLCanvasElement | undefined;
  private ready: Promise<VideoInfo>;

  constructor(url: string) {
    this.video = makeVideoElement(url);
    this.ready = loadVideo(this.video);
  }

  info(): Promise<VideoInfo> {
    return this.ready;
  }

  frameRate(): Promise<number | undefined> {
    return this.enqueue(async () => {
      await this.ready;
      return measureFrameRate(this.video);
    });
  }

  grab(time: number, signal?: AbortSignal): Promise<GrabbedFrame> {
    return this.enqueue(async () => {
      if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
      const info = await this.ready;
      const mediaTime = await seekTo(this.video, time, signal);
      this.canvas ??= document.createElement('canvas');
      const c = this.canvas;
      c.width = info.width;
      c.height = info.height;
      const ctx = c.getContext('2d');
      if (!ctx) throw new Error('no 2D canvas');
      ctx.drawImage(this.video, 0, 0, c.width, c.height);
      const blob = await new Promise<Blob | null>((resolve) =>
        c.toBlob(resolve, 'image/jpeg', FRAME_JPEG_QUALITY),
      );
      if (!blob) throw new Error('the frame could not be encoded');
      return { blob, mediaTime, width: c.width, height: c.height };
    });
  }

  dispose(): void {
    this.video.removeAttribute('src');
    this.video.load();
    this.canvas = undefined;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
