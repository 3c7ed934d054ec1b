import type { PoseResult } from '@/contract/pose-envelope';
import { createTracker, trackFrame, type TrackerState } from '@/pose/tracking';

// The live view's tracker: src/pose/tracking.ts (the same rule as for video files) fed the
// answers in capture order. Two live differences, both because live frames can be far apart
// (NHN capped at 0.5 calls/s, or an engine busy with other work):
// - a track survives 3 s unseen (3 frame intervals at a slower rate cap), not 1 s;
// - the tracker's clock advances at most MAX_STEP_SECONDS between two analysed frames, so a
//   stall with no answers (a busy server) does not end every track: a person ends only after
//   being missed in frames that were analysed.

/** Seconds a live track survives unseen: 3 s, or 3 frame intervals at a slow rate cap. */
export function liveMaxGap(ratePerSecond: number | undefined): number {
  return ratePerSecond !== undefined && ratePerSecond > 0 ? Math.max(3, 3 / ratePerSecond) : 3;
}

/** Longest step of the tracker's clock between two analysed frames (s). */
export const MAX_STEP_SECONDS = 1;

export interface LiveTracker {
  track: (result: PoseResult, timeSeconds: number) => { ids: number[]; colourIndices: number[] };
}

export function createLiveTracker(ratePerSecond?: number): LiveTracker {
  const maxGap = liveMaxGap(ratePerSecond);
  // A slow cap spaces frames by 1/rate: the clock may step that far.
  const maxStep = Math.max(MAX_STEP_SECONDS, ratePerSecond ? 1 / ratePerSecond : 0);
  let state: TrackerState = createTracker({ maxGap });
  let lastReal: number | undefined;
  let clock = 0;
  return {
    track(result, timeSeconds) {
      if (lastReal !== undefined) clock += Math.min(Math.max(0, timeSeconds - lastReal), maxStep);
      lastReal = timeSeconds;
      const out = trackFrame(state, { time: clock, people: result.keyPointList });
      state = out.state;
      return { ids: out.ids, colourIndices: out.colourIndices };
    },
  };
}
