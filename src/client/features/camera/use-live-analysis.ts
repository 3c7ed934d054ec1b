import { useCallback, useEffect, useRef, useState } from 'react';
import type { PoseAnswer, PoseQueryOptions } from '@/client/api/post-pose';
import { PoseRequestError } from '@/client/api/post-pose';
import { createFrameGrabber, type GrabbedFrame } from './frame-grabber';
import { drawLiveFrame } from './live-canvas';
import { liveScene, livePeople } from './live-scene';
import { framesPerSecond, LATENCY_SAMPLES, median, pushBounded } from './live-stats';
import { createLiveTracker, type LiveTracker } from './live-tracker';
import { nextSendAfter, pruneCalls, sendDecision, type SendDecision } from './send-gate';
import { useFrameMutation } from './use-frame-mutation';

// The live loop. Every new video frame (requestVideoFrameCallback) and every answer asks
// send-gate.ts whether a frame may go: at most 2 in flight, none while paused or hidden, none
// faster than the rate cap or before a Retry-After. A frame is grabbed (bitmap + JPEG), posted
// through react-query, tracked (track ids in capture order; an answer older than the one on
// screen is dropped) and drawn with its own picture, so a skeleton is never drawn over a later
// frame than the one it was found on. React renders only the figures, a few times a second;
// the picture is drawn straight onto the canvas.

/** A frame on screen: its JPEG (what the server saw), answer and tracks. */
export interface LiveFrame {
  seq: number;
  /** performance.now() when the frame was taken off the video (ms). */
  capturedAt: number;
  width: number;
  height: number;
  jpeg: Blob;
  answer: PoseAnswer;
  trackIds: number[];
  colourIndices: number[];
}

/** One recorded result (no picture): seconds since the recording started, the answer, the tracks. */
export interface RecordedFrame {
  seq: number;
  time: number;
  width: number;
  height: number;
  answer: PoseAnswer;
  trackIds: number[];
  colourIndices: number[];
}

export interface LiveStats {
  /** Analysed frames drawn per second (recent window). */
  fps: number | undefined;
  /** Median ms from taking a frame off the video to its skeletons drawn (recent frames). */
  latencyMs: number | undefined;
  /** Requests sent in the last 60 s (with NHN: paid calls). */
  callsThisMinute: number;
  framesDrawn: number;
  recorded: number;
  /** Why the last frame was not sent, or 'send'. */
  gate: SendDecision | undefined;
  lastError: Error | undefined;
}

export interface LiveAnalysisInput {
  video: HTMLVideoElement | null;
  canvas: HTMLCanvasElement | null;
  /** The stream is live and the user has not paused. */
  running: boolean;
  visible: boolean;
  options: PoseQueryOptions | undefined;
  /** Requests per second at most; undefined: as fast as answers come back. */
  ratePerSecond: number | undefined;
  mirrored: boolean;
}

export interface LiveAnalysis {
  stats: LiveStats;
  /** The frame on screen now, if any. */
  shownFrame: () => LiveFrame | undefined;
  /** The recorded results so far (a copy). */
  recordedFrames: () => RecordedFrame[];
  /**
   * Starts (a fresh recording) or stops keeping results. Takes effect at once, so the count the
   * panel shows on stop is exactly what the export will hold.
   */
  setRecording: (on: boolean) => void;
}

/** The live view draws keypoints from this score up (the inspector has its own threshold). */
const LIVE_THRESHOLD = 0.2;
/** After a failure without Retry-After, wait this long before the next frame (ms). */
const ERROR_BACKOFF_MS = 1_000;
/** React state is refreshed at most this often from the loop (ms). */
const STATS_EVERY_MS = 250;

/** A grabbed frame that was not sent (hidden or paused meanwhile): not an error. */
class FrameNotSent extends Error {}

const EMPTY_STATS: LiveStats = {
  fps: undefined,
  latencyMs: undefined,
  callsThisMinute: 0,
  framesDrawn: 0,
  recorded: 0,
  gate: undefined,
  lastError: undefined,
};

export function useLiveAnalysis(input: LiveAnalysisInput): LiveAnalysis {
  const { mutateAsync } = useFrameMutation();
  const [stats, setStats] = useState<LiveStats>(EMPTY_STATS);
  const inputRef = useRef(input);
  inputRef.current = input;

  // Loop state lives in refs: it changes per frame and must not re-render React.
  const loop = useRef({
    seq: 0,
    lastDrawnSeq: 0,
    inFlight: 0,
    latestFrame: 0,
    sentFrame: 0,
    notBefore: 0,
    calls: [] as number[],
    drawnAt: [] as number[],
    latencies: [] as number[],
    framesDrawn: 0,
    gate: undefined as SendDecision | undefined,
    lastError: undefined as Error | undefined,
    statsAt: 0,
    recordStart: undefined as number | undefined,
  });
  const shown = useRef<(LiveFrame & { bitmap: ImageBitmap }) | undefined>(undefined);
  const recorded = useRef<RecordedFrame[]>([]);
  const recordingRef = useRef(false);
  // Made once (lazy state), not on every render: the grabber owns a worker.
  const [firstTracker] = useState(createLiveTracker);
  const tracker = useRef<LiveTracker>(firstTracker);
  const [grabber] = useState(createFrameGrabber);
  const grab = useRef(grabber);
  const abortRef = useRef<AbortController>(new AbortController());

  const publish = useCallback((force = false) => {
    const l = loop.current;
    const now = performance.now();
    if (!force && now - l.statsAt < STATS_EVERY_MS) return;
    l.statsAt = now;
    l.calls = pruneCalls(l.calls, now);
    setStats({
      fps: framesPerSecond(l.drawnAt, now),
      latencyMs: median(l.latencies),
      callsThisMinute: l.calls.length,
      framesDrawn: l.framesDrawn,
      recorded: recorded.current.length,
      gate: l.gate,
      lastError: l.lastError,
    });
  }, []);

  const draw = useCallback((frame: LiveFrame & { bitmap: ImageBitmap }) => {
    const canvas = inputRef.current.canvas;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const persons = liveScene({
      result: frame.answer.result,
      trackIds: frame.trackIds,
      colourIndices: frame.colourIndices,
      width: frame.width,
      height: frame.height,
      mirrored: inputRef.current.mirrored,
      threshold: LIVE_THRESHOLD,
    });
    drawLiveFrame(ctx, {
      frame: frame.bitmap,
      width: frame.width,
      height: frame.height,
      persons,
      mirrored: inputRef.current.mirrored,
      // object-fit: contain scales the canvas by the smaller ratio.
      displayScale:
        canvas.clientWidth > 0 && canvas.clientHeight > 0
          ? Math.min(canvas.clientWidth / frame.width, canvas.clientHeight / frame.height)
          : 1,
    });
    // For tests and tools: what is drawn, in the frame's own (unmirrored) pixels.
    canvas.dataset.frameSeq = String(frame.seq);
    canvas.dataset.frameSize = JSON.stringify({ width: frame.width, height: frame.height });
    canvas.dataset.people = JSON.stringify(livePeople(frame.answer.result, frame.trackIds));
  }, []);

  const onAnswer = useCallback(
    (seq: number, capturedAt: number, grabbed: GrabbedFrame, answer: PoseAnswer) => {
      const l = loop.current;
      // Paused meanwhile, or a later frame is already on screen: this answer is not shown.
      if (!inputRef.current.running || seq <= l.lastDrawnSeq) {
        grabbed.bitmap.close();
        return;
      }
      l.lastDrawnSeq = seq;
      const tracked = tracker.current.track(answer.result, capturedAt / 1000);
      const frame = {
        seq,
        capturedAt,
        width: grabbed.width,
        height: grabbed.height,
        jpeg: grabbed.jpeg,
        bitmap: grabbed.bitmap,
        answer,
        trackIds: tracked.ids,
        colourIndices: tracked.colourIndices,
      };
      draw(frame);
      const drawnAt = performance.now();
      // Per frame, for npm run bench (the figure shown is a median of recent frames).
      const canvas = inputRef.current.canvas;
      if (canvas) {
        canvas.dataset.latencyMs = (drawnAt - capturedAt).toFixed(1);
        canvas.dataset.encodedIn = grabbed.encodedIn;
      }
      shown.current?.bitmap.close();
      shown.current = frame;
      l.framesDrawn++;
      l.drawnAt = pushBounded(l.drawnAt, drawnAt, 64);
      l.latencies = pushBounded(l.latencies, drawnAt - capturedAt, LATENCY_SAMPLES);
      l.lastError = undefined;
      if (recordingRef.current) {
        l.recordStart ??= capturedAt;
        recorded.current.push({
          seq,
          time: (capturedAt - l.recordStart) / 1000,
          width: grabbed.width,
          height: grabbed.height,
          answer,
          trackIds: tracked.ids,
          colourIndices: tracked.colourIndices,
        });
      }
      publish();
    },
    [draw, publish],
  );

  const tryCapture = useCallback(() => {
    const l = loop.current;
    const inp = inputRef.current;
    const video = inp.video;
    const now = performance.now();
    const decision = sendDecision({
      running: inp.running && video !== null && video.videoWidth > 0,
      visible: inp.visible,
      inFlight: l.inFlight,
      now,
      notBefore: l.notBefore,
      latestFrame: l.latestFrame,
      sentFrame: l.sentFrame,
    });
    l.gate = decision;
    if (decision !== 'send' || !video) return;
    const seq = ++l.seq;
    l.inFlight++;
    l.sentFrame = l.latestFrame;
    l.notBefore = nextSendAfter(now, inp.ratePerSecond);
    const signal = abortRef.current.signal;
    let grabbed: GrabbedFrame | undefined;
    void grab.current
      .grab(video)
      .then((g) => {
        grabbed = g;
        // The tab was hidden (or the view paused) while the frame was being encoded: a call
        // nobody would see is not made. Read from the document, not React state, which
        // follows a render later.
        if (document.visibilityState === 'hidden' || !inputRef.current.running || signal.aborted) {
          throw new FrameNotSent();
        }
        // Counted when sent: "calls this minute" is what was actually sent.
        l.calls.push(performance.now());
        return mutateAsync({
          file: g.jpeg,
          fileName: `camera-${seq}.jpg`,
          // Ties the answer to its frame (no content hash needed: frames are never re-sent).
          hash: `camera-frame-${seq}`,
          ...(inp.options ? { options: inp.options } : {}),
          signal,
        });
      })
      .then((answer) => {
        const g = grabbed!;
        grabbed = undefined;
        onAnswer(seq, now, g, answer);
      })
      .catch((error: unknown) => {
        grabbed?.bitmap.close();
        if (error instanceof FrameNotSent) return;
        if (error instanceof PoseRequestError && error.kind === 'aborted') return;
        const err = error instanceof Error ? error : new Error(String(error));
        l.lastError = err;
        const wait =
          err instanceof PoseRequestError && err.retryAfterMs !== undefined
            ? err.retryAfterMs
            : ERROR_BACKOFF_MS;
        l.notBefore = Math.max(l.notBefore, performance.now() + wait);
        publish(true);
      })
      .finally(() => {
        l.inFlight--;
        // An answer frees a slot: the next frame goes now, not at the next video frame.
        tryCapture();
      });
  }, [mutateAsync, onAnswer, publish]);

  // The frame clock: requestVideoFrameCallback where the browser has it, else animation frames.
  const { video, running } = input;
  useEffect(() => {
    if (!video || !running) return;
    let stopped = false;
    let handle = 0;
    const l = loop.current;
    const rvfc = typeof video.requestVideoFrameCallback === 'function';
    const onFrame = (presented: number) => {
      if (stopped) return;
      l.latestFrame = Math.max(l.latestFrame + (rvfc ? 0 : 1), presented);
      tryCapture();
      schedule();
    };
    const schedule = () => {
      handle = rvfc
        ? video.requestVideoFrameCallback((_now, meta) => onFrame(meta.presentedFrames))
        : requestAnimationFrame(() => onFrame(0));
    };
    schedule();
    return () => {
      stopped = true;
      if (rvfc) video.cancelVideoFrameCallback(handle);
      else cancelAnimationFrame(handle);
    };
  }, [video, running, tryCapture]);

  // Pause: answers still on their way are of no use; a resumed view starts a fresh tracker
  // (people may have moved or changed), and the figures start again.
  useEffect(() => {
    if (running) {
      abortRef.current = new AbortController();
      tracker.current = createLiveTracker(inputRef.current.ratePerSecond);
      Object.assign(loop.current, {
        drawnAt: [],
        latencies: [],
        lastDrawnSeq: loop.current.seq,
        notBefore: 0,
      });
      return () => abortRef.current.abort();
    }
    return undefined;
  }, [running]);

  // Visible again: the loop picks up at the next video frame; refresh the figures now and then
  // (calls this minute fall as time passes even without frames).
  const { visible } = input;
  useEffect(() => {
    publish(true);
    if (!running) return;
    const id = setInterval(() => publish(true), 1000);
    return () => clearInterval(id);
  }, [running, visible, publish]);

  useEffect(
    () => () => {
      abortRef.current.abort();
      grab.current.dispose();
      shown.current?.bitmap.close();
      shown.current = undefined;
    },
    [],
  );

  const shownFrame = useCallback((): LiveFrame | undefined => {
    const f = shown.current;
    if (!f) return undefined;
    const { bitmap: _bitmap, ...frame } = f;
    return frame;
  }, []);
  const recordedFrames = useCallback(() => [...recorded.current], []);
  const setRecording = useCallback(
    (on: boolean) => {
      recordingRef.current = on;
      if (on) {
        // A new recording starts its clock at its first frame.
        recorded.current = [];
        loop.current.recordStart = undefined;
      }
      publish(true);
    },
    [publish],
  );

  return { stats, shownFrame, recordedFrames, setRecording };
}
