import type { Person } from '@/contract/pose-envelope';
import { keypointInfo } from './keypoint-catalogue';
import type { Point } from './geometry';

/**
 * Angle at B between rays B->A and B->C, in degrees 0..180 (image pixels; y down does not
 * matter for an unsigned angle). Undefined when A or C coincides with B.
 */
export function angleAt(a: Point, b: Point, c: Point): number | undefined {
  const ux = a.x - b.x;
  const uy = a.y - b.y;
  const vx = c.x - b.x;
  const vy = c.y - b.y;
  if ((ux === 0 && uy === 0) || (vx === 0 && vy === 0)) return undefined;
  // atan2 of cross and dot is stable near 0 and 180 degrees, unlike acos.
  return (Math.abs(Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)) * 180) / Math.PI;
}

export type StandardJoint =
  | 'left_elbow'
  | 'right_elbow'
  | 'left_shoulder'
  | 'right_shoulder'
  | 'left_hip'
  | 'right_hip'
  | 'left_knee'
  | 'right_knee';

/** The keypoint triplet (A, vertex B, C) that defines each joint angle. */
export const STANDARD_JOINTS: Readonly<Record<StandardJoint, readonly [string, string, string]>> = {
  left_elbow: ['left_shoulder', 'left_elbow', 'left_wrist'],
  right_elbow: ['right_shoulder', 'right_elbow', 'right_wrist'],
  left_shoulder: ['left_elbow', 'left_shoulder', 'left_hip'],
  right_shoulder: ['right_elbow', 'right_shoulder', 'right_hip'],
  left_hip: ['left_shoulder', 'left_hip', 'left_knee'],
  right_hip: ['right_shoulder', 'right_hip', 'right_knee'],
  left_knee: ['left_hip', 'left_knee', 'left_ankle'],
  right_knee: ['right_hip', 'right_knee', 'right_ankle'],
};

export interface JointAngle {
  joint: StandardJoint;
  /** Names of A, B (vertex), C. */
  names: readonly [string, string, string];
  degrees: number;
  /** The vertex in image pixels (where to draw the arc / label). */
  vertex: Point;
  /** The weakest of the three scores. */
  score: number;
}

/**
 * Elbow, shoulder, hip and knee angles on both sides, each only when all three keypoints
 * exist and score >= threshold. Returned in STANDARD_JOINTS order.
 */
export function standardJointAngles(person: Person, threshold: number): JointAngle[] {
  // Best-scoring keypoint per catalogue name.
  const best = new Map<string, { x: number; y: number; score: number }>();
  for (const kp of person.inferKeypointList) {
    const name = keypointInfo(kp.name)?.name;
    if (!name) continue;
    const prev = best.get(name);
    if (!prev || kp.score > prev.score) best.set(name, kp);
  }
  const out: JointAngle[] = [];
  for (const [joint, names] of Object.entries(STANDARD_JOINTS) as [
    StandardJoint,
    readonly [string, string, string],
  ][]) {
    const [a, b, c] = names.map((n) => best.get(n));
    if (!a || !b || !c) continue;
    if (a.score < threshold || b.score < threshold || c.score < threshold) continue;
    const degrees = angleAt(a, b, c);
    if (degrees === undefined) continue;
    out.push({
      joint,
      names,
      degrees,
      vertex: { x: b.x, y: b.y },
      score: Math.min(a.score, b.score, c.score),
    });
  }
  return out;
}
