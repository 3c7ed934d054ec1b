import { describe, expect, it } from 'vitest';
import { COCO_BODY_NAMES } from './coco-body';
import {
  cropsFor,
  FINDER_PLANS,
  finderPass,
  keepPeople,
  personScore,
  poseConfidence,
  pooledCandidates,
  poseStaysOn,
  type Posed,
} from './person-finder';
import type { WorkerKeypoint } from './worker-protocol';

// The person-finding policy's pure parts, with worked numbers: how candidates pool, which crops
// Thunder sees, how people are scored, grouped, kept and counted as "maybe".

/** A standing person, 17 joints spread over x..x+60, y..y+160 (one per 10 px down). */
function standing(x: number, y: number, score = 0.9): WorkerKeypoint[] {
  return COCO_BODY_NAMES.map((name, i) => ({
    name,
    part: 'body',
    x: x + (i % 2) * 60,
    y: y + i * 10,
    score,
  }));
}

function expectRegion(
  r: { x: number; y: number; width: number; height: number } | undefined,
  want: number[],
) {
  expect([r?.x, r?.y, r?.width, r?.height].map((v) => Math.round((v ?? NaN) * 1000) / 1000)).toEqual(want);
}

function posedAt(x: number, score: number, confidence = 0.9): Posed {
  return { score, confidence, keypoints: standing(x, 100, confidence) };
}

describe('person score', () => {
  it('averages only the 8 most confident joints: a person cut by the frame is not punished', () => {
    const cut = standing(0, 0).map((k, i) => ({ ...k, score: i < 9 ? 0.8 : 0 }));
    expect(poseConfidence(cut)).toBeCloseTo(0.8);
    // sqrt(0.5 x 0.8) = 0.632
    expect(personScore(0.5, cut)).toBeCloseTo(0.6325, 3);
    expect(personScore(-1, cut)).toBe(0);
  });
});

describe('finderPass', () => {
  const box = (score: number) => ({ x: 0, y: 0, width: 50, height: 120, score });

  it('beside a box CenterNet is sure of (>= 0.3), runs MultiPose and keeps the weak boxes too', () => {
    const pass = finderPass([box(0.35), box(0.12)], FINDER_PLANS.balanced);
    expect(pass.multipose).toBe(true);
    expect(pass.boxes.map((b) => b.score)).toEqual([0.35, 0.12]);
  });

  it('sure of nobody: no MultiPose, and only boxes reaching the maybe cut (0.2) are candidates', () => {
    const pass = finderPass([box(0.25), box(0.12)], FINDER_PLANS.balanced);
    expect(pass.multipose).toBe(false);
    expect(pass.boxes.map((b) => b.score)).toEqual([0.25]);
    expect(finderPass([box(0.15)], FINDER_PLANS.balanced)).toEqual({ boxes: [], multipose: false });
  });

  it('looking harder runs MultiPose on every photo and keeps every box', () => {
    expect(finderPass([box(0.06)], FINDER_PLANS.accurate)).toEqual({ boxes: [box(0.06)], multipose: true });
    expect(finderPass([], FINDER_PLANS.accurate).multipose).toBe(true);
  });
});

describe('pooledCandidates', () => {
  const plan = FINDER_PLANS.balanced;
  const mp = (x: number, score: number) => ({
    score,
    keypoints: standing(x, 100),
    box: { x, y: 100, width: 60, height: 160 },
  });

  it('joins a MultiPose person to the CenterNet box it overlaps (IoU >= 0.5) and keeps the rest', () => {
    const boxes = [
      { x: 2, y: 98, width: 60, height: 165, score: 0.4 },
      { x: 500, y: 100, width: 60, height: 160, score: 0.3 },
      { x: 900, y: 100, width: 60, height: 160, score: 0.05 }, // under the box cut
    ];
    const candidates = pooledCandidates(boxes, [mp(0, 0.6), mp(250, 0.3)], plan);
    expect(candidates).toHaveLength(3);
    expect(candidates[0]).toMatchObject({ score: 0.6, box: { x: 2 } });
    expect(candidates[0]!.multipose?.box.x).toBe(0);
    expect(candidates[1]).toMatchObject({ score: 0.3, box: { x: 500 } });
    expect(candidates[1]!.multipose).toBeUndefined();
    expect(candidates[2]).toMatchObject({ score: 0.3, multipose: { box: { x: 250 } } });
    expect(candidates[2]!.box).toBeUndefined();
  });
});

describe('cropsFor', () => {
  it('poses a box-and-keypoints candidate on two squares, each remembering the box it came from', () => {
    const box = { x: 0, y: 0, width: 100, height: 200 };
    const crops = cropsFor(
      { score: 0.5, box, multipose: { score: 0.5, keypoints: standing(20, 20), box } },
      FINDER_PLANS.balanced,
    );
    expect(crops).toHaveLength(2);
    // 200 x 1.1 = 220 square around the box centre (50, 100).
    expectRegion(crops[0]!.region, [-60, -10, 220, 220]);
    expect(crops[0]!.around).toEqual(box);
    // Keypoint box x 20..80, y 20..180 (60 x 160), x 1.25 -> 75 x 200 around (50, 100).
    expectRegion(crops[1]!.around, [12.5, 0, 75, 200]);
    expectRegion(crops[1]!.region, [-50, 0, 200, 200]);
  });
});

describe('poseStaysOn', () => {
  const box = { x: 100, y: 100, width: 60, height: 160 };

  it('keeps a pose on its box, limbs reaching a little past it included', () => {
    expect(poseStaysOn(standing(100, 100), box)).toBe(true);
    // The box grown by 30 %: x 91..169. Wrists at x 165 are still on the person.
    expect(poseStaysOn(standing(105, 100), box)).toBe(true);
  });

  it("drops a pose whose joints lie mostly on the neighbour's side of the square crop", () => {
    // A square crop of a 60 x 160 box spans x 50..210: a neighbour at x 180..240 is inside it.
    expect(poseStaysOn(standing(180, 100), box)).toBe(false);
    // Half on the person, half on the neighbour: straddling, dropped.
    const straddling = standing(100, 100).map((k, i) => (i >= 8 ? { ...k, x: k.x + 120 } : k));
    expect(poseStaysOn(straddling, box)).toBe(false);
    // Faint joints do not count either way.
    const faintStray = standing(100, 100).map((k, i) => (i >= 8 ? { ...k, x: k.x + 120, score: 0.1 } : k));
    expect(poseStaysOn(faintStray, box)).toBe(true);
  });
});

describe('keepPeople', () => {
  it('groups two poses of one person (OKS > 0.5) and draws the more confident one at the best score', () => {
    const a = posedAt(100, 0.6, 0.7);
    const b = { ...posedAt(102, 0.5, 0.95) };
    const other = posedAt(400, 0.4);
    const { people, unconfirmed } = keepPeople([a, b, other]);
    expect(people).toHaveLength(2);
    expect(people[0]!.score).toBe(0.6);
    expect(people[0]!.keypoints[0]!.x).toBe(102); // b is more confident
    expect(people[1]!.score).toBe(0.4);
    expect(unconfirmed).toBe(0);
  });

  it('returns people from 0.3, counts 0.2-0.3 as "maybe" and forgets the rest', () => {
    const { people, unconfirmed } = keepPeople([posedAt(0, 0.31), posedAt(300, 0.25), posedAt(600, 0.19)]);
    expect(people.map((p) => p.score)).toEqual([0.31]);
    expect(unconfirmed).toBe(1);
  });
});
