import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { successEnvelope } from '@/contract/envelope-builders';
import { DEFAULT_ONE_EURO } from '@/pose/one-euro';
import { trackStyle, personColour, type PersonStyle } from '@/pose/person-palette';
import {
  buildSequence,
  DEFAULT_SAMPLE_FPS,
  effectiveSampleFps,
  keypointTrail,
  nearestFrameIndex,
  sampleTimes,
  smoothSequence,
  trackedResult,
  type PoseSequence,
  type TimeRange,
} from '@/pose/pose-sequence';
import type { PoseAnswer, PoseQueryOptions } from '@/client/api/post-pose';
import type { ImageLoadState } from '@/client/canvas/use-loaded-image';
import type { StageOverlay } from '@/client/canvas/pose-stage';
import type { Analysis } from '@/client/features/analysis/use-analysis';
import { BatchQueue, type QueueSnapshot } from '@/client/features/batch/batch-queue';
import { classifyFailure } from '@/client/features/batch/use-batch';
import { analyseWithCache, lookupCached } from '@/client/features/history/cached-analysis';
import {
  HistoryStore,
  idbKeyValueStore,
  memoryKeyValueStore,
  toPoseAnswer,
  type HistoryEntry,
} from '@/client/features/history/history-store';
import { FrameGrabber, loadVideo, makeVideoElement, type VideoInfo } from './frame-grabber';
import { frameCacheKey, videoHash } from './video-files';

// A video file in the app: the element the user watches, frames sampled and sent through the
// batch queue (bounded concurrency, Retry-After, pause/resume) and the result cache keyed by
// (video hash, frame time, settings), the analysed sequence with tracks, and the frame shown.
// Only results (and the cache's small thumbnails) are kept, never frame bitmaps.

export interface VideoClip {
  /** Unique per opened clip. */
  id: string;
  file: Blob;
  name: string;
  url: string;
  element: HTMLVideoElement;
}

export type ClipState =
  | { status: 'loading' }
  | { status: 'ready'; info: VideoInfo; sourceFps: number | undefined; hash: string | undefined }
  | { status: 'error'; reason: string };

export interface FramePayload {
  time: number;
  /** Query options of the run (settings when it was started). */
  options: PoseQueryOptions | undefined;
}

export interface SamplingChoice {
  fps: number;
  range: TimeRange | undefined;
}

export interface MotionChoice {
  trails: boolean;
  /** Frames a trail spans. */
  trailLength: number;
  /** The keypoint whose path is drawn. */
  trailKeypoint: string;
  smoothing: boolean;
}

/** Paused, a presented frame further than this from currentTime is an earlier seek's frame. */
const STALE_FRAME_S = 0.25;

export const DEFAULT_MOTION: MotionChoice = {
  trails: false,
  trailLength: 10,
  trailKeypoint: 'right_wrist',
  smoothing: false,
};

let frameStore: HistoryStore | undefined;
/** Video frame results live in their own IndexedDB database: the photo history stays readable. */
export function videoFrameStore(): HistoryStore {
  frameStore ??= new HistoryStore(
    typeof indexedDB === 'undefined' ? memoryKeyValueStore() : idbKeyValueStore('posescope-video', 'frames'),
  );
  return frameStore;
}

/**
 * Query options of video frames: the header's settings, but a body-only request asks for
 * quality=fast (one MultiPose pass, ~0.8 s a 720p frame on this machine, against ~1.7 s for the
 * top-down default) so a 30 s clip at 5 frames/s fits the minute. NHN chooses its own.
 */
export function videoQueryOptions(options: PoseQueryOptions | undefined): PoseQueryOptions | undefined {
  if (!options || options.provider === 'nhn') return options;
  if ((options.parts ?? 'body') === 'body' && options.quality === undefined)
    return { ...options, quality: 'fast' };
  return options;
}

export interface VideoController {
  clip: VideoClip | undefined;
  clipState: ClipState | undefined;
  open: (file: Blob, name: string) => void;
  close: () => void;
  /** Seconds of the frame presented now (requestVideoFrameCallback's mediaTime). */
  mediaTime: number;
  frameKey: number;
  sampling: SamplingChoice;
  setSampling: (s: SamplingChoice) => void;
  plannedTimes: number[];
  sampleFps: number;
  requestOptions: PoseQueryOptions | undefined;
  start: () => void;
  stop: () => void;
  queue: BatchQueue<FramePayload>;
  snapshot: QueueSnapshot<FramePayload>;
  /** The analysed sequence (smoothed when asked), in time order. */
  sequence: PoseSequence;
  /** Index of the analysed frame shown with the current picture, -1 when none is near. */
  frameIndex: number;
  motion: MotionChoice;
  setMotion: (m: MotionChoice) => void;
  seek: (time: number) => void;
  step: (direction: 1 | -1) => void;
  /** What the Workspace draws. */
  imageState: ImageLoadState;
  answer: PoseAnswer | undefined;
  styleOf: (personId: string, index: number) => PersonStyle;
  trailsFor: (selectedPersonId: string | undefined) => StageOverlay['trails'];
  /** An Analysis for the status line and alerts (phase, current answer). */
  analysis: Analysis | undefined;
}

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

let clipCounter = 0;

export function useVideo(queryOptions: PoseQueryOptions | undefined): VideoController {
  const queryClient = useQueryClient();
  const [clip, setClip] = useState<VideoClip | undefined>(undefined);
  const [clipState, setClipState] = useState<ClipState | undefined>(undefined);
  const [mediaTime, setMediaTime] = useState(0);
  const [frameKey, setFrameKey] = useState(0);
  const [sampling, setSampling] = useState<SamplingChoice>({ fps: DEFAULT_SAMPLE_FPS, range: undefined });
  const [motion, setMotion] = useState<MotionChoice>(DEFAULT_MOTION);
  // Results of this clip by frame time: the cache's entries (react-query and IndexedDB hold them).
  const [entries, setEntries] = useState<ReadonlyMap<number, HistoryEntry>>(new Map());
  const grabber = useRef<FrameGrabber | undefined>(undefined);
  const clipRef = useRef<{ clip: VideoClip; hash: string } | undefined>(undefined);
  const requestOptions = useMemo(() => videoQueryOptions(queryOptions), [queryOptions]);

  const [queue] = useState(
    () =>
      new BatchQueue<FramePayload>({
        classify: classifyFailure,
        run: async (payload, ctx) => {
          const current = clipRef.current;
          const g = grabber.current;
          if (!current || !g) throw new Error('The video was closed.');
          const deps = { queryClient, store: videoFrameStore() };
          const key = frameCacheKey(current.hash, payload.time);
          const keep = (entry: HistoryEntry) => {
            if (clipRef.current !== current) return;
            setEntries((m) => new Map(m).set(payload.time, entry));
          };
          // A reopened clip: the result is found by (hash, time, settings) before any decoding.
          const hit = await lookupCached(deps, key, payload.options);
          if (hit) {
            keep(hit);
            return { personCount: hit.answer.result.keyPointList.length, fromCache: true };
          }
          const frame = await g.grab(payload.time, ctx.signal);
          const outcome = await analyseWithCache(
            new File([frame.blob], `${current.clip.name}@${payload.time.toFixed(3)}s.jpg`, {
              type: 'image/jpeg',
            }),
            `${current.clip.name}@${payload.time.toFixed(3)}s.jpg`,
            deps,
            {
              ...(payload.options ? { options: payload.options } : {}),
              signal: ctx.signal,
              onProgress: (p) => ctx.onProgress(p.phase, p.fraction),
              key,
              keepOriginal: false,
              listed: false,
            },
          );
          keep(outcome.entry);
          return {
            personCount: outcome.entry.answer.result.keyPointList.length,
            fromCache: outcome.fromCache,
          };
        },
      }),
  );
  const snapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot, queue.getSnapshot);
  useEffect(() => () => queue.dispose(), [queue]);

  const close = useCallback(() => {
    queue.clear();
    grabber.current?.dispose();
    grabber.current = undefined;
    clipRef.current = undefined;
    setClip((c) => {
      if (c) {
        c.element.pause();
        c.element.removeAttribute('src');
        c.element.load();
        URL.revokeObjectURL(c.url);
      }
      return undefined;
    });
    setClipState(undefined);
    setEntries(new Map());
    setMediaTime(0);
  }, [queue]);

  const open = useCallback(
    (file: Blob, name: string) => {
      close();
      const url = URL.createObjectURL(file);
      const element = makeVideoElement(url);
      const next: VideoClip = { id: `video-${++clipCounter}`, file, name, url, element };
      setClip(next);
      setClipState({ status: 'loading' });
      setSampling({ fps: DEFAULT_SAMPLE_FPS, range: undefined });
      const g = new FrameGrabber(url);
      grabber.current = g;
      void (async () => {
        try {
          const info = await loadVideo(element);
          const [hash, sourceFps] = await Promise.all([
            videoHash(file),
            g.frameRate().catch(() => undefined),
          ]);
          if (grabber.current !== g) return;
          clipRef.current = { clip: next, hash };
          setClipState({ status: 'ready', info, sourceFps, hash });
          setMediaTime(element.currentTime);
          setFrameKey((k) => k + 1);
        } catch (err) {
          if (grabber.current !== g) return;
          setClipState({ status: 'error', reason: err instanceof Error ? err.message : String(err) });
        }
      })();
    },
    [close],
  );

  useEffect(() => () => close(), [close]);

  // Every presented frame: its own timestamp (no drift against the picture) and a redraw.
  useEffect(() => {
    if (!clip) return;
    const v = clip.element as FrameCallbackVideo;
    let handle: number | undefined;
    const onFrame = (_: number, meta: { mediaTime: number }) => {
      // A frame presented while a newer seek is under way is the old position: 'seeked' will say
      // where the picture is (two quick seeks otherwise leave the first one's time behind). A
      // paused video can still present the first seek's frame just after the second has landed:
      // paused, a frame far from currentTime is that stale frame.
      const stale = v.paused && Math.abs(meta.mediaTime - v.currentTime) > STALE_FRAME_S;
      if (!v.seeking && !stale) {
        setMediaTime(meta.mediaTime);
        setFrameKey((k) => k + 1);
      }
      handle = v.requestVideoFrameCallback?.(onFrame);
    };
    handle = v.requestVideoFrameCallback?.(onFrame);
    // Browsers without frame callbacks (and a seek to the frame already shown) still update.
    const onSeeked = () => {
      setMediaTime(v.currentTime);
      setFrameKey((k) => k + 1);
    };
    v.addEventListener('seeked', onSeeked);
    return () => {
      if (handle !== undefined) v.cancelVideoFrameCallback?.(handle);
      v.removeEventListener('seeked', onSeeked);
    };
  }, [clip]);

  const ready = clipState?.status === 'ready' ? clipState : undefined;
  const sampleFps = effectiveSampleFps(sampling.fps, ready?.sourceFps);
  const plannedTimes = useMemo(
    () => (ready ? sampleTimes(ready.info.duration, sampling.fps, sampling.range, ready.sourceFps) : []),
    [ready, sampling],
  );

  const start = useCallback(() => {
    queue.clear();
    queue.resume();
    setEntries(new Map());
    queue.add(
      plannedTimes.map((time) => ({
        name: `${time.toFixed(3)} s`,
        payload: { time, options: requestOptions },
      })),
    );
  }, [queue, plannedTimes, requestOptions]);

  const stop = useCallback(() => queue.clear(), [queue]);

  const rawSequence = useMemo(
    () =>
      buildSequence(
        [...entries].map(([time, e]) => ({
          time,
          envelope: successEnvelope(e.answer.result, e.answer.meta),
        })),
      ),
    [entries],
  );
  const sequence = useMemo(
    () => (motion.smoothing ? smoothSequence(rawSequence, DEFAULT_ONE_EURO) : rawSequence),
    [rawSequence, motion.smoothing],
  );

  // The analysed frame shown with the picture: the nearest one, if within one sampling step.
  const frameIndex = useMemo(() => {
    const i = nearestFrameIndex(sequence.frames, mediaTime);
    if (i < 0) return -1;
    return Math.abs(sequence.frames[i]!.time - mediaTime) <= 1 / sampleFps + 1e-3 ? i : -1;
  }, [sequence, mediaTime, sampleFps]);
  const frame = frameIndex >= 0 ? sequence.frames[frameIndex] : undefined;

  const answer = useMemo<PoseAnswer | undefined>(() => {
    if (!frame) return undefined;
    const entry = entries.get(frame.time);
    const base = entry ? toPoseAnswer(entry.answer) : undefined;
    return {
      hash: base?.hash ?? `${clip?.id}@${frame.time}`,
      result: trackedResult(frame),
      meta: frame.envelope.meta,
      providerHeader: base?.providerHeader,
      serverTiming: base?.serverTiming ?? {},
      clientTiming: base?.clientTiming ?? { uploadMs: 0, waitMs: 0, totalMs: 0 },
    };
  }, [frame, entries, clip?.id]);

  // Track id -> colour index over the whole sequence (a track keeps its colour everywhere).
  const colours = useMemo(() => {
    const m = new Map<string, number>();
    for (const f of sequence.frames)
      f.trackIds.forEach((id, i) => m.set(String(id), f.colourIndices[i] ?? 0));
    return m;
  }, [sequence]);
  const styleOf = useCallback(
    (personId: string, index: number): PersonStyle => {
      const c = colours.get(personId);
      return c === undefined ? personColour(index) : trackStyle(c, Number(personId));
    },
    [colours],
  );

  const trailsFor = useCallback(
    (selectedPersonId: string | undefined): StageOverlay['trails'] => {
      if (!motion.trails || !frame) return undefined;
      const ids = selectedPersonId ? [Number(selectedPersonId)] : frame.trackIds;
      return ids.flatMap((id) => {
        const pts = keypointTrail(sequence, frame.index, id, motion.trailKeypoint, motion.trailLength, 0.3);
        if (pts.length < 2) return [];
        return [
          {
            key: `trail-${id}`,
            points: pts.flatMap((p) => [p.x, p.y]),
            colour: styleOf(String(id), 0).colour,
          },
        ];
      });
    },
    [motion, frame, sequence, styleOf],
  );

  const seekTo = useCallback(
    (time: number) => {
      const v = clip?.element;
      if (!v || !ready) return;
      v.currentTime = Math.min(Math.max(0, time), Math.max(0, ready.info.duration - 1e-3));
    },
    [clip, ready],
  );

  // Where the last step asked to go: a second key press before that seek lands steps on from
  // there, not from the frame still shown. Forgotten when the user moves the picture otherwise
  // (a seek from the scrubber or the chart, or play).
  const stepTarget = useRef<number | undefined>(undefined);
  const seek = useCallback(
    (time: number) => {
      stepTarget.current = undefined;
      seekTo(time);
    },
    [seekTo],
  );
  useEffect(() => {
    const v = clip?.element;
    if (!v) return;
    const forget = () => {
      stepTarget.current = undefined;
    };
    v.addEventListener('play', forget);
    return () => v.removeEventListener('play', forget);
  }, [clip]);

  // `,` `.`: to the previous / next analysed frame; one video frame when nothing is analysed.
  const step = useCallback(
    (direction: 1 | -1) => {
      const v = clip?.element;
      if (!v || !ready) return;
      v.pause();
      const now = stepTarget.current ?? mediaTime;
      const times = sequence.frames.map((f) => f.time);
      const target =
        times.length > 0
          ? direction > 0
            ? times.find((t) => t > now + 1e-4)
            : [...times].reverse().find((t) => t < now - 1e-4)
          : now + direction / (ready.sourceFps ?? 30);
      if (target === undefined) return;
      seekTo(target);
      stepTarget.current = target;
    },
    [clip, ready, mediaTime, sequence, seekTo],
  );

  const imageState = useMemo<ImageLoadState>(() => {
    if (!clip || !ready) return clip ? { status: 'loading', url: clip.url } : { status: 'none' };
    return {
      status: 'ready',
      url: clip.url,
      image: {
        full: clip.element,
        display: clip.element,
        width: ready.info.width,
        height: ready.info.height,
      },
    };
  }, [clip, ready]);

  const running = snapshot.items.some((i) => i.status.kind !== 'done' && i.status.kind !== 'failed');
  const analysis = useMemo<Analysis | undefined>(() => {
    if (!clip) return undefined;
    const count = answer?.result.keyPointList.length ?? 0;
    return {
      image: { id: -1_000_000 - clipCounter, file: clip.file, name: clip.name, url: '', hash: ready?.hash },
      phase: running && !answer ? 'analysing' : answer ? (count > 0 ? 'done' : 'empty') : 'idle',
      progress: 1,
      answer,
      error: undefined,
      pickFile: () => undefined,
      retry: () => undefined,
      dismiss: () => undefined,
    };
  }, [clip, answer, running, ready?.hash]);

  return {
    clip,
    clipState,
    open,
    close,
    mediaTime,
    frameKey,
    sampling,
    setSampling,
    plannedTimes,
    sampleFps,
    requestOptions,
    start,
    stop,
    queue,
    snapshot,
    sequence,
    frameIndex,
    motion,
    setMotion,
    seek,
    step,
    imageState,
    answer,
    styleOf,
    trailsFor,
    analysis,
  };
}
