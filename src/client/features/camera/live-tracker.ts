import type { PoseResult } from '@/contract/pose-envelope';
import { createTracker, trackFrame, type TrackerState } from '@/pose/tracking';

// The live view's tracker: src/pose/tracking.ts (the same rule as for video files) fed the
// answers in capture order, with capture time in seconds. Holds the state between frames.

export interface LiveTracker {
  track: (result: PoseResult, timeSeconds: number) => { ids: number[]; colourIndices: number[] };
}

export function createLiveTracker(): LiveTracker {
  let state: TrackerState = createTracker();
  return {
    track(result, timeSeconds) {
      const out = trackFrame(state, { time: timeSeconds, people: result.keyPointList });
      state = out.state;
      return { ids: out.ids, colourIndices: out.colourIndices };
    },
  };
}
