import { z } from 'zod';
import { PoseSuccess, type Person, type PoseResult } from '@/contract/pose-envelope';
import { numberCell, textCell } from './export-csv';
import { standardJointAngles, type StandardJoint } from './joint-angles';
import { oneEuroStep, type OneEuroParams, type OneEuroState } from './one-euro';
import { isNotDetected } from './pose-view-model';
import { trackSequence, type TrackerOptions } from './tracking';

// An analysed video: the answers of the sampled frames in time order, each with the track id of
// every person (src/pose/tracking.ts), and what is made of them (exports, smoothing, angle
// series, trails). Pure data and functions: the browser's video feature and the live camera's
// recording both build on it.

/** One analysed frame. */
export interface PoseFrame {
  /** Position in the sequence, 0-based (frames are in increasing time). */
  index: number;
  /** Seconds from the start of the video (the sample time that was analysed). */
  time: number;
  /** The normalised NHN envelope `POST /api/pose` answered for this frame. */
  envelope: PoseSuccess;
  /** Track id of each person of `envelope.result.keyPointList`, in the same order. */
  trackIds: number[];
  /** Colour index of each person's track (stable per track), in the same order. */
  colourIndices: number[];
}

export interface PoseSequence {
  frames: PoseFrame[];
}

// ---------------------------------------------------------------------------------------------
// Sampling

/** Frames analysed per second of video unless the user picks another rate. */
export const DEFAULT_SAMPLE_FPS = 5;

/** Seconds, inclusive at both ends. */
export interface TimeRange {
  start: number;
  end: number;
}

/** The rate actually used: the requested one, but never above the video's own frame rate. */
export function effectiveSampleFps(fps: number, sourceFps?: number): number {
  const f = fps > 0 && Number.isFinite(fps) ? fps : DEFAULT_SAMPLE_FPS;
  return sourceFps !== undefined && sourceFps > 0 && Number.isFinite(sourceFps) ? Math.min(f, sourceFps) : f;
}

/** Microsecond rounding: 0.1 * 3 is 0.3, so times work as cache keys and compare equal. */
function roundTime(t: number): number {
  return Math.round(t * 1e6) / 1e6;
}

/**
 * The times (seconds) to analyse: from the range's start, every 1/fps seconds, up to the range's
 * end (inclusive), never at or past the video's duration (a seek there shows no new frame).
 * `fps` is capped at `sourceFps` when the video's rate is known. An unknown (non-finite) or
 * empty duration gives no times.
 */
export function sampleTimes(
  duration: number,
  fps: number = DEFAULT_SAMPLE_FPS,
  range?: Partial<TimeRange>,
  sourceFps?: number,
): number[] {
  if (!(duration > 0) || !Number.isFinite(duration)) return [];
  const f = effectiveSampleFps(fps, sourceFps);
  const start = Math.min(Math.max(0, range?.start ?? 0), duration);
  const end = Math.min(Math.max(start, range?.end ?? duration), duration);
  const times: number[] = [];
  for (let i = 0; ; i++) {
    const t = roundTime(start + i / f);
    if (t > end + 1e-9 || t >= duration) break;
    times.push(t);
  }
  return times;
}

// ---------------------------------------------------------------------------------------------
// Building and reading a sequence

export interface AnalysedFrame {
  time: number;
  envelope: PoseSuccess;
}

/** Sorts the answers by time and tracks their people from a fresh tracker. */
export function buildSequence(
  answers: readonly AnalysedFrame[],
  tracker: Partial<TrackerOptions> = {},
): PoseSequence {
  const sorted = [...answers].sort((a, b) => a.time - b.time);
  const { ids, colourIndices } = trackSequence(
    sorted.map((a) => ({ time: a.time, people: a.envelope.result.keyPointList })),
    tracker,
  );
  return {
    frames: sorted.map((a, index) => ({
      index,
      time: a.time,
      envelope: a.envelope,
      trackIds: ids[index]!,
      colourIndices: colourIndices[index]!,
    })),
  };
}

/**
 * Index of the frame whose time is nearest to `t` (seconds); the earlier one on a tie. -1 for
 * an empty sequence. Binary search: frames are in increasing time.
 */
export function nearestFrameIndex(frames: readonly { time: number }[], t: number): number {
  if (frames.length === 0) return -1;
  let lo = 0;
  let hi = frames.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (frames[mid]!.time < t) lo = mid + 1;
    else hi = mid;
  }
  // lo: first frame at or after t (or the last frame).
  if (lo > 0 && Math.abs(frames[lo - 1]!.time - t) <= Math.abs(frames[lo]!.time - t)) return lo - 1;
  return lo;
}

/** The frame's result with each person's id replaced by its track id (what the viewer draws). */
export function trackedResult(frame: PoseFrame): PoseResult {
  const { result } = frame.envelope;
  return {
    ...result,
    keyPointList: result.keyPointList.map((p, i) => ({
      ...p,
      personId: String(frame.trackIds[i] ?? p.personId),
    })),
  };
}

/** Every track id of the sequence with its colour index, in id order. */
export function sequenceTracks(
  seq: PoseSequence,
): { trackId: number; colourIndex: number; frames: number }[] {
  const byId = new Map<number, { trackId: number; colourIndex: number; frames: number }>();
  for (const f of seq.frames)
    f.trackIds.forEach((id, i) => {
      const t = byId.get(id) ?? { trackId: id, colourIndex: f.colourIndices[i] ?? 0, frames: 0 };
      t.frames += 1;
      byId.set(id, t);
    });
  return [...byId.values()].sort((a, b) => a.trackId - b.trackId);
}

// ---------------------------------------------------------------------------------------------
// Exports

/** One JSON Lines record: the NHN envelope plus where it sits in the video. */
export const PoseSequenceLine = PoseSuccess.extend({
  /** 0-based frame index in the sequence. */
  frame: z.number().int().nonnegative(),
  /** Seconds from the start of the video. */
  time: z.number().nonnegative(),
  /** Track id of each person of result.keyPointList, in the same order. */
  trackIds: z.array(z.number().int().positive()),
});
export type PoseSequenceLine = z.infer<typeof PoseSequenceLine>;

/**
 * JSON Lines: one line per analysed frame, each the normalised NHN envelope (readable by any NHN
 * client, which ignores the extra fields) plus `frame`, `time` and `trackIds`. LF after every
 * line. Each line is parsed by the contract on the way out.
 */
export function exportSequenceJsonl(seq: PoseSequence): string {
  return seq.frames
    .map((f) => {
      const line = PoseSequenceLine.parse({
        ...f.envelope,
        frame: f.index,
        time: f.time,
        trackIds: f.trackIds,
      });
      return `${JSON.stringify(line)}\n`;
    })
    .join('');
}

/** Parses JSON Lines written by exportSequenceJsonl (blank lines skipped); throws naming the line. */
export function parseSequenceJsonl(text: string): PoseSequenceLine[] {
  const out: PoseSequenceLine[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = PoseSequenceLine.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`line ${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    out.push(parsed.data);
  });
  return out;
}

export const SEQUENCE_CSV_COLUMNS = ['frame', 'time', 'track', 'keypoint', 'x', 'y', 'score'] as const;

/**
 * CSV (RFC 4180, CRLF, header row): one row per keypoint per person per frame; x, y in the
 * frame's pixels, time in seconds. Keypoint names that look like formulas are guarded as in
 * exportCsv. `threshold` drops keypoints below it (default 0: all).
 */
export function exportSequenceCsv(seq: PoseSequence, options: { threshold?: number } = {}): string {
  const threshold = options.threshold ?? 0;
  const rows: string[] = [SEQUENCE_CSV_COLUMNS.join(',')];
  for (const f of seq.frames)
    f.envelope.result.keyPointList.forEach((person, i) => {
      for (const kp of person.inferKeypointList) {
        if (kp.score < threshold) continue;
        rows.push(
          [
            String(f.index),
            numberCell(f.time),
            String(f.trackIds[i] ?? ''),
            textCell(kp.name, true),
            numberCell(kp.x),
            numberCell(kp.y),
            numberCell(kp.score),
          ].join(','),
        );
      }
    });
  return rows.map((r) => `${r}\r\n`).join('');
}

// ---------------------------------------------------------------------------------------------
// Motion: smoothing, angle series, trails

/**
 * The sequence with every keypoint's x and y passed through a One Euro filter per (track,
 * keypoint name), in time order. Placeholders for keypoints the model did not find are left
 * as they are and do not feed the filter. Scores and everything else are unchanged.
 */
export function smoothSequence(seq: PoseSequence, params: OneEuroParams): PoseSequence {
  const states = new Map<string, { x: OneEuroState | undefined; y: OneEuroState | undefined }>();
  const frames = seq.frames.map((f): PoseFrame => {
    const w = f.envelope.meta?.imageWidth ?? 0;
    const h = f.envelope.meta?.imageHeight ?? 0;
    const keyPointList = f.envelope.result.keyPointList.map((person, i): Person => {
      const track = f.trackIds[i];
      if (track === undefined) return person;
      return {
        ...person,
        inferKeypointList: person.inferKeypointList.map((kp) => {
          if (isNotDetected(kp, w, h)) return kp;
          const key = `${track}\u0000${kp.name}`;
          const s = states.get(key) ?? { x: undefined, y: undefined };
          const x = oneEuroStep(s.x, kp.x, f.time, params);
          const y = oneEuroStep(s.y, kp.y, f.time, params);
          states.set(key, { x: x.state, y: y.state });
          return { ...kp, x: x.value, y: y.value };
        }),
      };
    });
    return { ...f, envelope: { ...f.envelope, result: { ...f.envelope.result, keyPointList } } };
  });
  return { frames };
}

export interface AngleSample {
  time: number;
  /** Degrees 0..180, undefined where the track is absent or a keypoint is below the threshold. */
  degrees: number | undefined;
}

/** A joint angle of one track over the whole sequence (one sample per frame). */
export function jointAngleSeries(
  seq: PoseSequence,
  trackId: number,
  joint: StandardJoint,
  threshold: number,
): AngleSample[] {
  return seq.frames.map((f) => {
    const i = f.trackIds.indexOf(trackId);
    const person = i < 0 ? undefined : f.envelope.result.keyPointList[i];
    const angle = person && standardJointAngles(person, threshold).find((a) => a.joint === joint);
    return { time: f.time, degrees: angle?.degrees };
  });
}

export interface TrailPoint {
  x: number;
  y: number;
  /** The keypoint's score in that frame. */
  score: number;
  frame: number;
}

/**
 * The path of one keypoint of one track over the last `length` frames up to and including
 * `frameIndex` (oldest first). Frames where the track or the keypoint is absent or below the
 * threshold are skipped.
 */
export function keypointTrail(
  seq: PoseSequence,
  frameIndex: number,
  trackId: number,
  keypointName: string,
  length: number,
  threshold: number,
): TrailPoint[] {
  const out: TrailPoint[] = [];
  for (let fi = Math.max(0, frameIndex - length + 1); fi <= frameIndex && fi < seq.frames.length; fi++) {
    const f = seq.frames[fi]!;
    const i = f.trackIds.indexOf(trackId);
    if (i < 0) continue;
    const w = f.envelope.meta?.imageWidth ?? 0;
    const h = f.envelope.meta?.imageHeight ?? 0;
    const kp = f.envelope.result.keyPointList[i]!.inferKeypointList.find((k) => k.name === keypointName);
    if (!kp || kp.score < threshold || isNotDetected(kp, w, h)) continue;
    out.push({ x: kp.x, y: kp.y, score: kp.score, frame: fi });
  }
  return out;
}
