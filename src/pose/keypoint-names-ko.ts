import type { KeypointVocabulary } from './keypoint-names';

// Korean keypoint words, in their own module so the first screen of an English user does not
// carry them (loaded with the Korean UI strings).

export const KO_KEYPOINT_WORDS: KeypointVocabulary = {
  separator: ' ',
  body: {
    nose: '코',
    left_eye: '왼쪽 눈',
    right_eye: '오른쪽 눈',
    left_ear: '왼쪽 귀',
    right_ear: '오른쪽 귀',
    left_shoulder: '왼쪽 어깨',
    right_shoulder: '오른쪽 어깨',
    left_elbow: '왼쪽 팔꿈치',
    right_elbow: '오른쪽 팔꿈치',
    left_wrist: '왼쪽 손목',
    right_wrist: '오른쪽 손목',
    left_hip: '왼쪽 엉덩이',
    right_hip: '오른쪽 엉덩이',
    left_knee: '왼쪽 무릎',
    right_knee: '오른쪽 무릎',
    left_ankle: '왼쪽 발목',
    right_ankle: '오른쪽 발목',
  },
  side: { left: '왼쪽', right: '오른쪽' },
  foot: { big_toe: '엄지발가락', small_toe: '새끼발가락', heel: '발뒤꿈치' },
  face: {
    jaw: '턱',
    rightEyebrow: '오른쪽 눈썹',
    leftEyebrow: '왼쪽 눈썹',
    noseBridge: '콧등',
    nostrils: '콧방울',
    rightEye: '오른쪽 눈',
    leftEye: '왼쪽 눈',
    outerLip: '입술 바깥',
    innerLip: '입술 안쪽',
  },
  hand: { left: '왼손', right: '오른손' },
  handRoot: '손목',
  finger: {
    thumb: '엄지',
    forefinger: '검지',
    middle_finger: '중지',
    ring_finger: '약지',
    pinky_finger: '새끼손가락',
  },
  joint: ['뿌리', '아래 마디', '위 마디', '끝'],
};
