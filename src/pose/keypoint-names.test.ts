import { describe, expect, it } from 'vitest';
import { WHOLEBODY_NAMES } from './keypoint-catalogue';
import { KO_KEYPOINT_WORDS } from './keypoint-names-ko';
import { EN_KEYPOINT_WORDS, faceRegionOf, keypointDisplayName } from './keypoint-names';

const en = (n: string) => keypointDisplayName(n, EN_KEYPOINT_WORDS);
const ko = (n: string) => keypointDisplayName(n, KO_KEYPOINT_WORDS);

describe('keypointDisplayName', () => {
  it('names body points with their side', () => {
    expect(en('right_shoulder')).toBe('Right shoulder');
    expect(ko('right_shoulder')).toBe('오른쪽 어깨');
    expect(en('nose')).toBe('Nose');
    expect(en('Left_Knee')).toBe('Left knee');
  });

  it('names face points by region, counting from 1 in each region', () => {
    expect(en('face-0')).toBe('Jaw 1');
    expect(en('face-2')).toBe('Jaw 3');
    expect(en('face-16')).toBe('Jaw 17');
    expect(en('face-17')).toBe('Right eyebrow 1');
    expect(en('face_26')).toBe('Left eyebrow 5');
    expect(en('face-30')).toBe('Nose bridge 4');
    expect(en('face-36')).toBe('Right eye 1');
    expect(en('face-47')).toBe('Left eye 6');
    expect(en('face-48')).toBe('Outer lip 1');
    expect(en('face-67')).toBe('Inner lip 8');
    expect(ko('face-2')).toBe('턱 3');
  });

  it('names hand points by finger and joint, and foot points by side', () => {
    expect(en('right_forefinger4')).toBe('Right index tip');
    expect(en('left_thumb1')).toBe('Left thumb base');
    expect(en('left_pinky_finger2')).toBe('Left little finger lower joint');
    expect(en('right_hand_root')).toBe('Right hand root');
    expect(ko('right_forefinger4')).toBe('오른손 검지 끝');
    expect(en('left_big_toe')).toBe('Left big toe');
    expect(ko('right_heel')).toBe('오른쪽 발뒤꿈치');
  });

  it('keeps names it does not know as they came', () => {
    expect(en('tail_tip')).toBe('tail_tip');
  });

  it('gives all 133 catalogue points a distinct name in both languages', () => {
    for (const words of [EN_KEYPOINT_WORDS, KO_KEYPOINT_WORDS]) {
      const names = WHOLEBODY_NAMES.map((n) => keypointDisplayName(n, words));
      expect(new Set(names).size).toBe(133);
      expect(names.filter((n) => /_|face-/.test(n))).toEqual([]);
    }
  });

  it('splits the 68 face points into regions of the iBUG sizes', () => {
    const sizes = new Map<string, number>();
    for (let i = 0; i < 68; i++) {
      const r = faceRegionOf(i).region;
      sizes.set(r, (sizes.get(r) ?? 0) + 1);
    }
    expect(Object.fromEntries(sizes)).toEqual({
      jaw: 17,
      rightEyebrow: 5,
      leftEyebrow: 5,
      noseBridge: 4,
      nostrils: 5,
      rightEye: 6,
      leftEye: 6,
      outerLip: 12,
      innerLip: 8,
    });
  });
});
