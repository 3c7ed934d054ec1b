import { describe, expect, it } from 'vitest';
import type { Person } from '@/contract/pose-envelope';
import { angleAt, standardJointAngles } from './joint-angles';

describe('angleAt', () => {
  it('measures right, straight, acute and obtuse angles in degrees', () => {
    expect(angleAt({ x: 0, y: 10 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBeCloseTo(90, 12);
    expect(angleAt({ x: -5, y: 0 }, { x: 0, y: 0 }, { x: 7, y: 0 })).toBeCloseTo(180, 12);
    expect(angleAt({ x: 3, y: 0 }, { x: 0, y: 0 }, { x: 9, y: 0 })).toBeCloseTo(0, 12);
    expect(angleAt({ x: 1, y: 0 }, { x: 0, y: 0 }, { x: 1, y: Math.sqrt(3) })).toBeCloseTo(60, 10);
    expect(angleAt({ x: 1, y: 0 }, { x: 0, y: 0 }, { x: -1, y: 1 })).toBeCloseTo(135, 10);
  });

  it('is symmetric in A and C and unsigned', () => {
    const a = { x: 12, y: 3 };
    const b = { x: 4, y: 8 };
    const c = { x: -2, y: 20 };
    expect(angleAt(a, b, c)).toBeCloseTo(angleAt(c, b, a)!, 12);
  });

  it('is undefined for a zero-length arm', () => {
    expect(angleAt({ x: 1, y: 1 }, { x: 1, y: 1 }, { x: 5, y: 1 })).toBeUndefined();
  });
});

describe('standardJointAngles', () => {
  // Left arm bent at 90 degrees at the elbow, right leg straight; the right wrist is weak.
  const person: Person = {
    personId: '0',
    inferKeypointList: [
      { name: 'left_shoulder', part: 'body', x: 100, y: 100, score: 0.9 },
      { name: 'left_elbow', part: 'body', x: 100, y: 200, score: 0.9 },
      { name: 'left_wrist', part: 'body', x: 200, y: 200, score: 0.8 },
      { name: 'left_hip', part: 'body', x: 100, y: 300, score: 0.9 },
      { name: 'right_shoulder', part: 'body', x: 50, y: 100, score: 0.9 },
      { name: 'right_elbow', part: 'body', x: 50, y: 200, score: 0.9 },
      { name: 'right_wrist', part: 'body', x: 50, y: 300, score: 0.1 },
      { name: 'right_hip', part: 'body', x: 50, y: 300, score: 0.9 },
      { name: 'right_knee', part: 'body', x: 50, y: 400, score: 0.9 },
      { name: 'right_ankle', part: 'body', x: 50, y: 500, score: 0.7 },
    ],
  };

  it('computes the joints whose three keypoints pass the threshold', () => {
    const angles = standardJointAngles(person, 0.5);
    const byJoint = Object.fromEntries(angles.map((a) => [a.joint, a]));
    expect(Object.keys(byJoint)).toEqual([
      'left_elbow',
      'left_shoulder',
      'right_shoulder',
      'right_hip',
      'right_knee',
    ]);
    expect(byJoint.left_elbow!.degrees).toBeCloseTo(90, 10);
    expect(byJoint.left_elbow).toMatchObject({
      names: ['left_shoulder', 'left_elbow', 'left_wrist'],
      vertex: { x: 100, y: 200 },
      score: 0.8,
    });
    // Elbow straight below the shoulder, hip straight below too: the shoulder angle is 0.
    expect(byJoint.left_shoulder!.degrees).toBeCloseTo(0, 10);
    expect(byJoint.right_knee!.degrees).toBeCloseTo(180, 10);
    expect(byJoint.right_hip!.degrees).toBeCloseTo(180, 10);
  });

  it('adds the right elbow once the threshold drops below the wrist score', () => {
    const angles = standardJointAngles(person, 0.05);
    expect(angles.find((a) => a.joint === 'right_elbow')?.degrees).toBeCloseTo(180, 10);
  });

  it('returns nothing for a person without the needed points', () => {
    expect(standardJointAngles({ personId: 'x', inferKeypointList: [] }, 0)).toEqual([]);
  });
});
