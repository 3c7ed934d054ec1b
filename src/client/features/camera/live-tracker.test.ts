import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { COCO17_NAMES } from '@/pose/keypoint-catalogue';
import { createLiveTracker, liveMaxGap } from './live-tracker';

/** A standing person as 17 body keypoints around (cx, 200). */
function person(id: string, cx: number) {
  return {
    personId: id,
    inferKeypointList: COCO17_NAMES.map((name, i) => ({
      name,
      part: 'body' as const,
      x: cx + ((i % 2) * 2 - 1) * (10 + i * 2),
      y: 100 + i * 15,
      score: 0.9,
    })),
  };
}

function frame(...people: ReturnType<typeof person>[]): PoseResult {
  return { fileType: 'jpg', numberOfPerson: people.length, keyPointList: people };
}

describe('live tracker', () => {
  it('keeps ids across frames, in any answer order', () => {
    const t = createLiveTracker();
    expect(t.track(frame(person('0', 150), person('1', 450)), 0).ids).toEqual([1, 2]);
    expect(t.track(frame(person('0', 455), person('1', 152)), 0.2).ids).toEqual([2, 1]);
  });

  it('a stall with no analysed frames (a busy server) does not end the tracks', () => {
    const t = createLiveTracker();
    t.track(frame(person('0', 150), person('1', 450)), 0);
    // 10 s without an answer: still the same two people.
    expect(t.track(frame(person('0', 150), person('1', 450)), 10).ids).toEqual([1, 2]);
  });

  it('a person missed in analysed frames for longer than the gap gets a new id', () => {
    const t = createLiveTracker();
    t.track(frame(person('0', 150), person('1', 450)), 0);
    // Person 1 is missed in frames covering 4 s (> 3 s), then comes back.
    for (let s = 0.5; s <= 4; s += 0.5) t.track(frame(person('1', 450)), s);
    expect(t.track(frame(person('0', 150), person('1', 450)), 4.5).ids).toEqual([3, 2]);
  });

  it('the gap follows a slow NHN rate cap', () => {
    expect(liveMaxGap(undefined)).toBe(3);
    expect(liveMaxGap(2)).toBe(3);
    expect(liveMaxGap(0.5)).toBe(6);
    // At 0.5 calls/s frames are 2 s apart: a person missed in one frame keeps the id.
    const t = createLiveTracker(0.5);
    t.track(frame(person('0', 150)), 0);
    t.track(frame(), 2);
    expect(t.track(frame(person('0', 150)), 4).ids).toEqual([1]);
  });
});
