import { describe, expect, it } from 'vitest';
import { cocoKeypointAp, cocoOks, garbledPeople, type GtPerson } from './coco-eval';

function person(dx: number, v = 2): GtPerson {
  const keypoints = Array.from({ length: 17 }, (_, i) => ({
    x: 100 + dx + (i % 3) * 30,
    y: 50 + i * 15,
    score: v,
  }));
  return { bbox: [100 + dx, 50, 90, 255], area: 15_000, keypoints };
}

describe('cocoKeypointAp', () => {
  it('is 1 for perfect detections and 0 for none', () => {
    const gts = [person(0), person(300)];
    const dts = gts.map((g) => ({ score: 0.9, keypoints: g.keypoints.map((k) => ({ ...k, score: 0.9 })) }));
    expect(cocoKeypointAp([{ gts, dts }]).ap).toBeCloseTo(1);
    expect(cocoKeypointAp([{ gts, dts: [] }]).ap).toBe(0);
  });

  it('halves AP when only one of two people is found', () => {
    const gts = [person(0), person(300)];
    const dts = [{ score: 0.9, keypoints: gts[0]!.keypoints }];
    // Recall reaches 0.5 with precision 1: 51 of 101 recall points.
    expect(cocoKeypointAp([{ gts, dts }]).ap).toBeCloseTo(51 / 101);
  });

  it('ranks by score across images: a confident false positive costs precision', () => {
    const gt = person(0);
    const good = { score: 0.5, keypoints: gt.keypoints };
    const bad = { score: 0.9, keypoints: person(600).keypoints };
    const r = cocoKeypointAp([{ gts: [gt], dts: [good, bad] }]);
    expect(r.ap).toBeCloseTo(0.5);
  });

  it('ignores people without labelled keypoints: a detection on them is neither hit nor miss', () => {
    const gt = person(0);
    const unlabelled = person(300, 0);
    const dts = [
      { score: 0.9, keypoints: unlabelled.keypoints },
      { score: 0.8, keypoints: gt.keypoints },
    ];
    expect(cocoOks(dts[0]!, unlabelled)).toBeCloseTo(1);
    expect(cocoKeypointAp([{ gts: [gt, unlabelled], dts }]).ap).toBeCloseTo(1);
  });
});

describe('garbledPeople', () => {
  // Two people side by side: boxes x 100-190 and x 400-490 (person(0), person(300)).
  const gts = [person(0), person(300)];
  const on = (g: GtPerson) => g.keypoints.map((k) => ({ ...k, score: 0.9 }));

  it('counts a pose whose limbs lie on two people, not one that stays on its person', () => {
    const straddling = [...on(gts[0]!).slice(0, 9), ...on(gts[1]!).slice(9)];
    expect(garbledPeople([{ gts, dts: [{ score: 0.9, keypoints: on(gts[0]!) }] }])).toBe(0);
    expect(garbledPeople([{ gts, dts: [{ score: 0.9, keypoints: straddling }] }])).toBe(1);
  });

  it('ignores faint keypoints and poses over background (those are invented, not garbled)', () => {
    const faintArm = [
      ...on(gts[0]!).slice(0, 13),
      ...on(gts[1]!)
        .slice(13)
        .map((k) => ({ ...k, score: 0.1 })),
    ];
    const background = on(person(900));
    expect(garbledPeople([{ gts, dts: [{ score: 0.9, keypoints: faintArm }] }])).toBe(0);
    expect(garbledPeople([{ gts, dts: [{ score: 0.9, keypoints: background }] }])).toBe(0);
  });
});
