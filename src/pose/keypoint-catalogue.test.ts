import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  COCO17_NAMES,
  WHOLEBODY_NAMES,
  canonicalKeypointName,
  catalogueFor,
  keypointInfo,
  partOfKeypoint,
  sideOfKeypoint,
} from './keypoint-catalogue';

describe('keypoint catalogue', () => {
  it('has the 17 COCO names in COCO order', () => {
    expect(COCO17_NAMES).toHaveLength(17);
    expect(COCO17_NAMES[0]).toBe('nose');
    expect(COCO17_NAMES[5]).toBe('left_shoulder');
    expect(COCO17_NAMES[16]).toBe('right_ankle');
  });

  it('has 133 unique WholeBody names in dataset order', () => {
    expect(WHOLEBODY_NAMES).toHaveLength(133);
    expect(new Set(WHOLEBODY_NAMES).size).toBe(133);
    expect(WHOLEBODY_NAMES.slice(17, 23)).toEqual([
      'left_big_toe',
      'left_small_toe',
      'left_heel',
      'right_big_toe',
      'right_small_toe',
      'right_heel',
    ]);
    expect(WHOLEBODY_NAMES[23]).toBe('face-0');
    expect(WHOLEBODY_NAMES[90]).toBe('face-67');
    expect(WHOLEBODY_NAMES[91]).toBe('left_hand_root');
    expect(WHOLEBODY_NAMES[92]).toBe('left_thumb1');
    expect(WHOLEBODY_NAMES[96]).toBe('left_forefinger1');
    expect(WHOLEBODY_NAMES[111]).toBe('left_pinky_finger4');
    expect(WHOLEBODY_NAMES[112]).toBe('right_hand_root');
    expect(WHOLEBODY_NAMES[132]).toBe('right_pinky_finger4');
  });

  it('matches the names and parts of the COCO-WholeBody ground truth shipped in test-data', () => {
    const gt = JSON.parse(readFileSync('test-data/images/gt.json', 'utf8')) as {
      images: { persons: { keypoints: { name: string; part: string }[] }[] }[];
    };
    let checked = 0;
    for (const image of gt.images)
      for (const person of image.persons)
        for (const kp of person.keypoints) {
          expect(keypointInfo(kp.name)?.part, kp.name).toBe(kp.part);
          checked++;
        }
    expect(checked).toBeGreaterThan(500);
  });

  it('describes part, side and index', () => {
    expect(keypointInfo('left_wrist')).toEqual({ name: 'left_wrist', part: 'body', side: 'left', index: 9 });
    expect(keypointInfo('right_heel')).toEqual({
      name: 'right_heel',
      part: 'foot',
      side: 'right',
      index: 22,
    });
    expect(keypointInfo('face-8')).toMatchObject({ part: 'face', side: 'center', index: 31 });
    expect(keypointInfo('face-0')?.side).toBe('right'); // iBUG jaw starts on the subject's right
    expect(keypointInfo('face-45')?.side).toBe('left');
    expect(keypointInfo('right_ring_finger2')).toMatchObject({ part: 'hand', side: 'right', index: 126 });
    expect(keypointInfo('nose')?.side).toBe('center');
    expect(keypointInfo('tail')).toBeUndefined();
    expect(keypointInfo('face-68')).toBeUndefined();
  });

  it('accepts spelling variants', () => {
    expect(canonicalKeypointName(' Left_Wrist ')).toBe('left_wrist');
    expect(canonicalKeypointName('face_07')).toBe('face-7');
    expect(keypointInfo('FACE 12')?.index).toBe(35);
  });

  it('partOfKeypoint trusts the catalogue over the declared part, and the declared part for unknowns', () => {
    expect(partOfKeypoint('left_wrist', 'face')).toBe('body');
    expect(partOfKeypoint('left_thumb1', 'other')).toBe('hand');
    expect(partOfKeypoint('tail', 'other')).toBe('other');
    expect(partOfKeypoint('tail', 'body')).toBe('body');
  });

  it('guesses the side of unknown names from the prefix', () => {
    expect(sideOfKeypoint('left_antenna')).toBe('left');
    expect(sideOfKeypoint('tail')).toBe('center');
  });

  it('chooses the smallest catalogue holding the names', () => {
    expect(catalogueFor(['nose', 'left_eye', 'tail'])).toBe('coco17');
    expect(catalogueFor(['nose', 'face-3'])).toBe('wholebody');
    expect(catalogueFor([])).toBe('coco17');
  });
});
