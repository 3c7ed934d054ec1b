import { describe, expect, it } from 'vitest';
import type { Person } from '@/contract/pose-envelope';
import { COCO17_NAMES } from './keypoint-catalogue';
import {
  boxIou,
  createTracker,
  similarity,
  trackFrame,
  trackSequence,
  bodyPoints,
  keypointBox,
} from './tracking';

// A standing figure about 60 px wide and 200 px tall, its hip centre at (cx, cy); offsets per
// COCO keypoint (nose .. right_ankle). Left is the figure's left (image right).
const FIGURE: readonly (readonly [number, number])[] = [
  [0, -95],
  [4, -99],
  [-4, -99],
  [9, -96],
  [-9, -96],
  [22, -70],
  [-22, -70],
  [28, -35],
  [-28, -35],
  [30, 0],
  [-30, 0],
  [12, 0],
  [-12, 0],
  [13, 50],
  [-13, 50],
  [14, 100],
  [-14, 100],
];

function person(cx: number, cy: number, personId = '0', score = 0.9): Person {
  return {
    personId,
    inferKeypointList: COCO17_NAMES.map((name, i) => ({
      name,
      part: 'body' as const,
      x: cx + FIGURE[i]![0],
      y: cy + FIGURE[i]![1],
      score,
    })),
  };
}

describe('trackSequence', () => {
  it('keeps one id for a person walking across the frame at 5 frames/s', () => {
    // 300 px/s: 60 px between frames, as wide as the figure.
    const frames = Array.from({ length: 15 }, (_, i) => ({
      time: i * 0.2,
      people: [person(100 + 60 * i, 300)],
    }));
    const { ids } = trackSequence(frames);
    expect(new Set(ids.flat())).toEqual(new Set([1]));
  });

  it('keeps ids when two people swap sides with smooth motion, crossing in the middle', () => {
    // A walks right, B walks left, on the same line: they overlap at t = 1.05 s. At t = 1.2 s each
    // is nearer to where the other was last seen (A 440 vs B last at 410; B 380 vs A last at
    // 400), so only the motion prediction keeps the ids. The frame's person order also flips
    // halfway, so order alone cannot carry them either.
    const frames = Array.from({ length: 11 }, (_, i) => {
      const t = i * 0.2;
      const a = person(200 + 200 * t, 300, 'a');
      const b = person(620 - 200 * t, 300, 'b');
      return { time: t, people: i < 5 ? [a, b] : [b, a] };
    });
    const idsOf = (ids: number[][], who: string) =>
      frames.map((f, i) => ids[i]![f.people.findIndex((p) => p.personId === who)]);
    const { ids } = trackSequence(frames);
    expect(new Set(idsOf(ids, 'a'))).toEqual(new Set([1]));
    expect(new Set(idsOf(ids, 'b'))).toEqual(new Set([2]));
    // The same clip without motion prediction swaps them: the scenario really is a crossing.
    const still = trackSequence(frames, { maxPredict: 0 }).ids;
    expect(new Set(idsOf(still, 'a')).size).toBeGreaterThan(1);
  });

  it('a person who leaves and comes back within the gap keeps the id; beyond the gap gets a new one', () => {
    const stay = person(500, 300, 'stay');
    const back = person(150, 300, 'back');
    const within = trackSequence([
      { time: 0, people: [back, stay] },
      { time: 0.2, people: [back, stay] },
      { time: 0.4, people: [stay] },
      { time: 0.6, people: [stay] },
      { time: 1.2, people: [stay, person(155, 302, 'back')] },
    ]);
    expect(within.ids).toEqual([[1, 2], [1, 2], [2], [2], [2, 1]]);

    const beyond = trackSequence([
      { time: 0, people: [back, stay] },
      { time: 0.2, people: [stay] },
      { time: 0.8, people: [stay] },
      { time: 1.4, people: [stay, back] },
    ]);
    // 1.2 s since last seen > maxGap 1 s: the id is not reused, the next one is given.
    expect(beyond.ids).toEqual([[1, 2], [2], [2], [2, 3]]);
  });

  it('a doubtful match (a cut to another photo) sets no velocity: a still person keeps the id', () => {
    // After the cut the person 120 px lower is matched to the old track (similar place) with a low
    // similarity: that jump is no motion, and extrapolating it would lose them in the next frames.
    let state = createTracker();
    const frames = [
      { time: 0, people: [person(100, 300)] },
      { time: 0.5, people: [person(100, 360)] },
      { time: 1, people: [person(100, 360)] },
      { time: 1.5, people: [person(100, 360)] },
    ];
    const ids: number[][] = [];
    for (const f of frames) {
      const out = trackFrame(state, f);
      state = out.state;
      ids.push(out.ids);
      if (f.time === 0.5) expect(state.tracks[0]!.vy).toBe(0);
    }
    expect(ids).toEqual([[1], [1], [1], [1]]);
  });

  it('gives a new id to a person appearing far from every live track', () => {
    const { ids } = trackSequence([
      { time: 0, people: [person(100, 300)] },
      { time: 0.2, people: [person(100, 300), person(900, 300)] },
    ]);
    expect(ids).toEqual([[1], [1, 2]]);
  });

  it('hands out the lowest colour free among live tracks and keeps it per track', () => {
    const { ids, colourIndices } = trackSequence([
      { time: 0, people: [person(100, 300), person(400, 300), person(700, 300)] },
      { time: 0.6, people: [person(100, 300), person(700, 300)] },
      // Track 2 ended (unseen for 1.2 s, beyond the gap): its colour 1 is free again for the newcomer.
      { time: 1.2, people: [person(100, 300), person(700, 300), person(400, 600)] },
    ]);
    expect(ids).toEqual([
      [1, 2, 3],
      [1, 3],
      [1, 3, 4],
    ]);
    expect(colourIndices).toEqual([
      [0, 1, 2],
      [0, 2],
      [0, 2, 1],
    ]);
  });

  it('falls back to box IoU when the poses share too few body keypoints (a hands-only answer)', () => {
    const hand = (x: number): Person => ({
      personId: '0',
      inferKeypointList: Array.from({ length: 21 }, (_, i) => ({
        name: `left_hand_${i}`,
        part: 'hand' as const,
        x: x + (i % 5) * 10,
        y: 200 + Math.floor(i / 5) * 10,
        score: 0.8,
      })),
    });
    const { ids } = trackSequence([
      { time: 0, people: [hand(100)] },
      { time: 0.2, people: [hand(105)] },
      { time: 0.4, people: [hand(400)] },
    ]);
    expect(ids).toEqual([[1], [1], [2]]);
  });

  it('restarts when time goes backwards', () => {
    const first = trackFrame(createTracker(), { time: 2, people: [person(100, 300)] });
    const again = trackFrame(first.state, { time: 0, people: [person(100, 300)] });
    expect(again.ids).toEqual([1]);
    expect(again.state.nextId).toBe(2);
  });

  it('keeps the state plain data and does not mutate it', () => {
    const s0 = createTracker({ maxGap: 2 });
    const snapshot = JSON.stringify(s0);
    const { state } = trackFrame(s0, { time: 0, people: [person(100, 300)] });
    expect(JSON.stringify(s0)).toBe(snapshot);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state.options.maxGap).toBe(2);
  });
});

describe('similarity and boxes', () => {
  it('is 1 for the same pose, less when moved, 0 for disjoint boxes without shared keypoints', () => {
    const options = createTracker().options;
    const obs = (p: Person) => ({ body: bodyPoints(p), box: keypointBox(p.inferKeypointList, 0.2) });
    expect(similarity(obs(person(100, 300)), obs(person(100, 300)), options)).toBeCloseTo(1);
    const near = similarity(obs(person(100, 300)), obs(person(110, 300)), options);
    expect(near).toBeLessThan(1);
    expect(near).toBeGreaterThan(similarity(obs(person(100, 300)), obs(person(140, 300)), options));
  });

  it('computes IoU', () => {
    expect(boxIou({ x0: 0, y0: 0, x1: 10, y1: 10 }, { x0: 5, y0: 0, x1: 15, y1: 10 })).toBeCloseTo(50 / 150);
    expect(boxIou({ x0: 0, y0: 0, x1: 1, y1: 1 }, { x0: 2, y0: 2, x1: 3, y1: 3 })).toBe(0);
  });
});
