import { describe, expect, it } from 'vitest';
import { COCO17_NAMES, WHOLEBODY_NAMES, keypointInfo } from './keypoint-catalogue';
import { COCO17_EDGES, SKELETON_EDGES, edgesAmong } from './skeleton-edges';

const key = (a: string, b: string) => [a, b].sort().join('|');

describe('skeleton edges', () => {
  it('has 19 body, 6 foot, 63 face and 42 hand edges', () => {
    const count = (part: string) => SKELETON_EDGES.filter((e) => e.part === part).length;
    expect(count('body')).toBe(19);
    expect(count('foot')).toBe(6);
    expect(count('face')).toBe(16 + 4 + 4 + 3 + 4 + 6 + 6 + 12 + 8);
    expect(count('hand')).toBe(2 * 21);
    expect(COCO17_EDGES).toHaveLength(19);
  });

  it('only names catalogue keypoints and has no duplicate or self edges', () => {
    const seen = new Set<string>();
    for (const e of SKELETON_EDGES) {
      expect(keypointInfo(e.from), e.from).toBeDefined();
      expect(keypointInfo(e.to), e.to).toBeDefined();
      expect(e.from).not.toBe(e.to);
      expect(seen.has(key(e.from, e.to))).toBe(false);
      seen.add(key(e.from, e.to));
    }
  });

  it('contains the COCO limbs, the foot links, face loops and hand chains', () => {
    const all = new Set(SKELETON_EDGES.map((e) => key(e.from, e.to)));
    for (const [a, b] of [
      ['left_shoulder', 'left_elbow'],
      ['right_knee', 'right_ankle'],
      ['left_hip', 'right_hip'],
      ['nose', 'left_eye'],
      ['left_ankle', 'left_heel'],
      ['right_ankle', 'right_big_toe'],
      ['face-16', 'face-15'],
      ['face-41', 'face-36'], // right eye closed
      ['face-59', 'face-48'], // outer lip closed
      ['face-67', 'face-60'], // inner lip closed
      ['left_wrist', 'left_hand_root'],
      ['left_hand_root', 'left_pinky_finger1'],
      ['right_middle_finger3', 'right_middle_finger4'],
    ] as const)
      expect(all.has(key(a, b)), `${a}-${b}`).toBe(true);
    // Contours that must not be joined: jaw end to brow, brows to each other, nose to lips.
    expect(all.has(key('face-16', 'face-17'))).toBe(false);
    expect(all.has(key('face-21', 'face-22'))).toBe(false);
    expect(all.has(key('face-35', 'face-36'))).toBe(false);
  });

  it('connects every WholeBody keypoint', () => {
    const touched = new Set(SKELETON_EDGES.flatMap((e) => [e.from, e.to]));
    expect(WHOLEBODY_NAMES.filter((n) => !touched.has(n))).toEqual([]);
  });

  it('gives sides: same-side limbs keep it, cross-body links are center', () => {
    const find = (a: string, b: string) => SKELETON_EDGES.find((e) => key(e.from, e.to) === key(a, b));
    expect(find('left_elbow', 'left_wrist')?.side).toBe('left');
    expect(find('right_hip', 'right_knee')?.side).toBe('right');
    expect(find('left_hip', 'right_hip')?.side).toBe('center');
    expect(find('nose', 'left_eye')?.side).toBe('left');
    expect(find('right_wrist', 'right_hand_root')).toMatchObject({ side: 'right', part: 'hand' });
  });

  it('edgesAmong keeps edges with both ends present', () => {
    const e = edgesAmong(['left_shoulder', 'left_elbow', 'left_wrist', 'nose', 'tail']);
    expect(e.map((x) => key(x.from, x.to)).sort()).toEqual(
      [key('left_shoulder', 'left_elbow'), key('left_elbow', 'left_wrist')].sort(),
    );
    expect(edgesAmong(['tail', 'wing'])).toEqual([]);
    expect(edgesAmong(COCO17_NAMES)).toHaveLength(19);
    expect(edgesAmong(WHOLEBODY_NAMES)).toHaveLength(SKELETON_EDGES.length);
  });

  it('edgesAmong resolves spelling variants', () => {
    expect(edgesAmong(['Face_0', 'face 1'])).toHaveLength(1);
  });
});
