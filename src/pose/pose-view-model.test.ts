import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { PERSON_PALETTE } from './person-palette';
import {
  ALL_PARTS_ON,
  buildPoseViewModel,
  isNotDetected,
  personSummary,
  type PoseViewOptions,
} from './pose-view-model';

const RESULT: PoseResult = {
  fileType: 'jpg',
  numberOfPerson: 2,
  keyPointList: [
    {
      personId: '0',
      inferKeypointList: [
        { name: 'left_shoulder', part: 'body', x: 399, y: 108, score: 0.9 },
        { name: 'left_elbow', part: 'body', x: 433, y: 142, score: 0.8 },
        { name: 'left_wrist', part: 'body', x: 440, y: 190, score: 0.2 },
        { name: 'left_hand_root', part: 'hand', x: 442, y: 200, score: 0.7 },
        { name: 'left_thumb1', part: 'hand', x: 445, y: 205, score: 0.6 },
        { name: 'left_ankle', part: 'body', x: 0, y: 0, score: 0.001 }, // not detected
        { name: 'left_heel', part: 'foot', x: 700, y: 300, score: 0.005 }, // off-image, not detected
        { name: 'tail', part: 'other', x: 380, y: 300, score: 0.95 }, // unknown name
      ],
    },
    {
      personId: '7',
      inferKeypointList: [
        { name: 'right_hip', part: 'body', x: 100, y: 300, score: 0.95 },
        { name: 'right_knee', part: 'body', x: 110, y: 360, score: 0.5 },
      ],
    },
  ],
};

const OPTIONS: PoseViewOptions = {
  threshold: 0.3,
  parts: { ...ALL_PARTS_ON },
  mapping: 'linear',
  imageWidth: 640,
  imageHeight: 425,
};

describe('isNotDetected', () => {
  it('flags near-zero scores at the origin or off the image', () => {
    expect(isNotDetected({ x: 0, y: 0, score: 0 }, 640, 425)).toBe(true);
    expect(isNotDetected({ x: 0.4, y: 0.2, score: 0.009 }, 640, 425)).toBe(true);
    expect(isNotDetected({ x: -3, y: 50, score: 0.0 }, 640, 425)).toBe(true);
    expect(isNotDetected({ x: 641, y: 50, score: 0.0 }, 640, 425)).toBe(true);
    expect(isNotDetected({ x: 50, y: 426, score: 0.0 }, 640, 425)).toBe(true);
  });

  it('keeps real points, even weak ones inside the image or confident ones at the origin', () => {
    expect(isNotDetected({ x: 320, y: 200, score: 0.001 }, 640, 425)).toBe(false);
    expect(isNotDetected({ x: 0, y: 0, score: 0.5 }, 640, 425)).toBe(false);
    expect(isNotDetected({ x: 640, y: 425, score: 0 }, 640, 425)).toBe(false); // on the edge
    expect(isNotDetected({ x: 5000, y: 5, score: 0 }, 0, 0)).toBe(false); // size unknown
  });
});

describe('buildPoseViewModel', () => {
  it('builds points with part, opacity, visibility and not-detected flags', () => {
    const vm = buildPoseViewModel(RESULT, OPTIONS);
    const p0 = vm.persons[0]!;
    expect(p0.colour).toEqual({ ...PERSON_PALETTE[0], marker: 'circle', number: 1 });
    expect(vm.persons[1]!.colour).toEqual({ ...PERSON_PALETTE[1], marker: 'circle', number: 2 });
    expect([p0.number, vm.persons[1]!.number]).toEqual([1, 2]);
    const byName = Object.fromEntries(p0.points.map((p) => [p.name, p]));
    expect(byName.left_shoulder).toMatchObject({
      personId: '0',
      index: 0,
      part: 'body',
      side: 'left',
      known: true,
      x: 399,
      y: 108,
      score: 0.9,
      visible: true,
      notDetected: false,
    });
    expect(byName.left_shoulder!.opacity).toBeCloseTo(0.15 + 0.85 * 0.9);
    expect(byName.left_wrist).toMatchObject({ visible: false, notDetected: false }); // below threshold
    expect(byName.left_ankle).toMatchObject({ visible: false, notDetected: true });
    expect(byName.left_heel).toMatchObject({ visible: false, notDetected: true, part: 'foot' });
    expect(byName.tail).toMatchObject({ visible: true, known: false, part: 'other' });
  });

  it('draws limbs only between visible known points, scored by the weaker end', () => {
    const vm = buildPoseViewModel(RESULT, OPTIONS);
    const limbs = vm.persons[0]!.limbs;
    expect(limbs.map((l) => `${l.from}-${l.to}`)).toEqual([
      'left_shoulder-left_elbow',
      'left_hand_root-left_thumb1',
    ]);
    expect(limbs[0]).toMatchObject({
      x1: 399,
      y1: 108,
      x2: 433,
      y2: 142,
      score: 0.8,
      side: 'left',
      part: 'body',
    });
    expect(limbs[0]!.opacity).toBeCloseTo(0.15 + 0.85 * 0.8);

    // Lowering the threshold lets the wrist in: elbow-wrist and wrist-hand_root appear.
    const low = buildPoseViewModel(RESULT, { ...OPTIONS, threshold: 0.1 }).persons[0]!.limbs;
    expect(low.map((l) => `${l.from}-${l.to}`)).toContain('left_elbow-left_wrist');
    expect(low.find((l) => l.from === 'left_wrist')).toMatchObject({ to: 'left_hand_root', score: 0.2 });
  });

  it('part toggles hide points and their limbs', () => {
    const vm = buildPoseViewModel(RESULT, {
      ...OPTIONS,
      threshold: 0,
      parts: { ...ALL_PARTS_ON, hand: false },
    });
    const p0 = vm.persons[0]!;
    expect(p0.points.filter((p) => p.part === 'hand').every((p) => !p.visible)).toBe(true);
    expect(p0.limbs.some((l) => l.part === 'hand')).toBe(false);
    expect(p0.limbs.map((l) => l.from)).toContain('left_elbow');
  });

  it('uses the emphasised mapping', () => {
    const vm = buildPoseViewModel(RESULT, { ...OPTIONS, mapping: 'emphasised' });
    expect(vm.persons[1]!.points[1]!.opacity).toBeCloseTo(0.15 + 0.85 * 0.25);
  });

  it('selection dims the others and draws the selected person last', () => {
    const vm = buildPoseViewModel(RESULT, { ...OPTIONS, selectedPersonId: '0' });
    expect(vm.persons.map((p) => [p.personId, p.selected, p.dimmed])).toEqual([
      ['0', true, false],
      ['7', false, true],
    ]);
    expect(vm.drawOrder.map((p) => p.personId)).toEqual(['7', '0']);
  });

  it('solo shows one person; unknown ids are ignored', () => {
    const solo = buildPoseViewModel(RESULT, { ...OPTIONS, soloPersonId: '7' });
    expect(solo.drawOrder.map((p) => p.personId)).toEqual(['7']);
    expect(solo.persons.map((p) => p.shown)).toEqual([false, true]);
    const ghost = buildPoseViewModel(RESULT, { ...OPTIONS, soloPersonId: '99', selectedPersonId: '42' });
    expect(ghost.drawOrder).toHaveLength(2);
    expect(ghost.persons.some((p) => p.dimmed)).toBe(false);
  });

  it('keeps the best-scoring duplicate of a name for limbs', () => {
    const dup: PoseResult = {
      fileType: 'png',
      numberOfPerson: 1,
      keyPointList: [
        {
          personId: 'a',
          inferKeypointList: [
            { name: 'left_hip', part: 'body', x: 10, y: 10, score: 0.5 },
            { name: 'left_hip', part: 'body', x: 20, y: 20, score: 0.9 },
            { name: 'left_knee', part: 'body', x: 30, y: 60, score: 0.9 },
          ],
        },
      ],
    };
    const limbs = buildPoseViewModel(dup, OPTIONS).persons[0]!.limbs;
    expect(limbs).toHaveLength(1);
    expect(limbs[0]).toMatchObject({ x1: 30, y1: 60, x2: 20, y2: 20 });
  });

  it('handles an empty result', () => {
    const vm = buildPoseViewModel({ fileType: 'png', numberOfPerson: 0, keyPointList: [] }, OPTIONS);
    expect(vm).toEqual({ persons: [], drawOrder: [] });
  });
});

describe('personSummary', () => {
  it('counts and averages', () => {
    const s = personSummary(RESULT.keyPointList[0]!, 0.5);
    expect(s.total).toBe(8);
    expect(s.meanScore).toBeCloseTo((0.9 + 0.8 + 0.2 + 0.7 + 0.6 + 0.001 + 0.005 + 0.95) / 8, 12);
    expect(s.countAbove).toBe(5);
    expect(s.countByPart).toEqual({ body: 2, foot: 0, face: 0, hand: 2, other: 1 });
    expect(s.totalByPart).toEqual({ body: 4, foot: 1, face: 0, hand: 2, other: 1 });
  });

  it('is zero for a person without keypoints', () => {
    expect(personSummary({ personId: 'x', inferKeypointList: [] }, 0.5)).toMatchObject({
      meanScore: 0,
      total: 0,
      countAbove: 0,
    });
  });
});
