import type { PoseResult } from '@/contract/pose-envelope';
import { createTracker, trackFrame, type TrackerState } from '@/pose/tracking';

// The live view's tracker: src/pose/tracking.ts (the same rule as for video files) fed the
// answers in capture order, with capture time in seconds. Holds the state between frames.
// The gap a track survives is longer than for video files: live frames can be seconds apart
// (NHN capped at 0.5 calls/s, or an engine busy with other work), and a person standing still
// between two such frames must keep their id.

/** Seconds a live track survives unseen: 3 s, or 3 frame intervals at a slow rate cap. */
export function liveMaxGap(ratePerSecond: number | undefined): number {
  return ratePerSecond !== undefined && ratePerSecond > 0 ? Math.max(3, 3 / ratePerSecond) : 3;
}

export interface LiveTracker {
  track: (result: PoseResult, timeSeconds: number) => { ids: number[]; colourIndices: number[] };
}

export function createLiveTracker(ratePerSecond?: number): LiveTracker {
  let state: TrackerState = createTracker({ maxGap: liveMaxGap(ratePerSecond) });
  return {
    track(result, timeSeconds) {
      const out = trackFrame(state, { time: timeSeconds, people: result.keyPointList });
      state = out.state;
      return { ids: out.ids, colourIndices: out.colourIndices };
    },
  };
}
