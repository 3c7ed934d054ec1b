import type { PersonView } from '@/pose/pose-view-model';
import { drawPerson, SCREEN_STYLE } from '@/client/canvas/draw-skeleton';
import { loadVideo, makeVideoElement, seekTo } from './frame-grabber';

// The annotated video for slides: the clip played once on an element of its own, each presented
// frame drawn with its skeletons onto a canvas at the video's size, the canvas captured by
// MediaRecorder as WebM. Real time (MediaRecorder records what is painted, as it is painted).

export interface RecordOptions {
  url: string;
  /** Seconds of the video to record. */
  start: number;
  end: number;
  /** The people to draw over the frame at this mediaTime (seconds). */
  personsAt: (mediaTime: number) => readonly PersonView[];
  /** Mark size factor as in the PNG export (marks look as on a 1280 px wide view). */
  markScale: number;
  colourBy: 'person' | 'part';
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
};

/** The first WebM type this browser's MediaRecorder can write. */
export function recorderMimeType(): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined;
  return ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((t) =>
    MediaRecorder.isTypeSupported(t),
  );
}

export async function recordAnnotatedWebm(o: RecordOptions): Promise<Blob> {
  const mimeType = recorderMimeType();
  if (!mimeType) throw new Error('this browser cannot record WebM');
  const video = makeVideoElement(o.url) as FrameCallbackVideo;
  try {
    const info = await loadVideo(video);
    const canvas = document.createElement('canvas');
    canvas.width = info.width;
    canvas.height = info.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    const end = Math.min(o.end, info.duration);
    await seekTo(video, o.start);
    const draw = (mediaTime: number) => {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      for (const p of o.personsAt(mediaTime))
        drawPerson(ctx, p, { ...SCREEN_STYLE, scale: o.markScale, emphasised: false, colourBy: o.colourBy });
      o.onProgress?.(Math.min(1, Math.max(0, (mediaTime - o.start) / Math.max(1e-6, end - o.start))));
    };
    draw(video.currentTime);

    const stream = canvas.captureStream(30);
    const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 4_000_000 });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    const stopped = new Promise<void>((resolve) => {
      recorder.onstop = () => resolve();
    });
    recorder.start(250);

    await new Promise<void>((resolve, reject) => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        video.pause();
        resolve();
      };
      const onFrame = (_: number, meta: { mediaTime: number }) => {
        if (finished) return;
        draw(meta.mediaTime);
        if (meta.mediaTime >= end || o.signal?.aborted) finish();
        else video.requestVideoFrameCallback?.(onFrame);
      };
      if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(onFrame);
      else {
        // Without frame callbacks: draw on timeupdate (coarser, still in step with the frame shown).
        video.addEventListener('timeupdate', () => {
          draw(video.currentTime);
          if (video.currentTime >= end) finish();
        });
      }
      video.addEventListener('ended', finish, { once: true });
      o.signal?.addEventListener('abort', finish, { once: true });
      video.play().catch((err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
    });
    recorder.stop();
    await stopped;
    for (const track of stream.getTracks()) track.stop();
    if (o.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return new Blob(chunks, { type: 'video/webm' });
  } finally {
    video.removeAttribute('src');
    video.load();
  }
}
