import { useTranslation } from 'react-i18next';

// The live camera's strings, English and Korean, in their own i18next namespace ("camera"),
// shipped with the lazily loaded feature and added to the running i18n instance on first use.

export const CAMERA_STRINGS = {
  en: {
    panel: 'Live camera',
    viewLabel: 'Live camera picture with the skeletons found on it',
    start: 'Start camera',
    stop: 'Stop camera',
    close: 'Close camera',
    starting: 'Starting the camera…',
    picker: 'Camera',
    mirror: 'Mirror',
    pause: 'Pause',
    resume: 'Resume',
    pausedNote: 'Paused: this frame is in the inspector, where every tool and export works on it.',
    record: 'Record',
    stopRecording: 'Stop recording',
    recording_one: 'Recording: {{count}} frame',
    recording_other: 'Recording: {{count}} frames',
    recorded_one: '{{count}} frame recorded (results only, no pictures)',
    recorded_other: '{{count}} frames recorded (results only, no pictures)',
    exportJsonl: 'Export JSON Lines',
    exportCsv: 'Export CSV',
    fps: '{{fps}} analysed frames/s',
    fpsNone: '– analysed frames/s',
    latency: 'latency {{ms}} ms (camera → skeleton, median)',
    latencyNone: 'latency –',
    quality: 'Live quality',
    quality_fast: 'Fast: one MultiPose pass (live default)',
    quality_balanced: 'Balanced: finders + Thunder (slower)',
    quality_accurate: 'Accurate: looks hardest (slowest)',
    qualityNote: 'Body keypoints only while live.',
    rate: 'At most (calls/s)',
    calls_one: '{{count}} NHN call this minute',
    calls_other: '{{count}} NHN calls this minute',
    paidNote: 'Each analysed frame is a paid NHN Cloud call.',
    hidden: 'The tab is hidden: no frames are sent until it is shown again.',
    frameFailed: 'A frame failed: {{reason}}. Trying again shortly.',
    unsupported:
      'This page cannot use a camera: the browser allows cameras only on https:// or localhost pages, or it has no camera support.',
    'no-camera':
      'No camera was found. Connect one (or enable it in the system settings) and press Start camera.',
    denied:
      'Camera access was refused. Allow the camera for this site (the camera icon in the address bar), then press Start camera.',
    'in-use': 'The camera is in use by another application or tab. Close it there, then press Start camera.',
    ended:
      'The camera stopped (unplugged, turned off or taken by another application). Press Start camera to try again.',
    other: 'The camera could not be started.',
    details: 'Details: {{detail}}',
  },
  ko: {
    panel: '실시간 카메라',
    viewLabel: '골격이 그려진 실시간 카메라 화면',
    start: '카메라 시작',
    stop: '카메라 정지',
    close: '카메라 닫기',
    starting: '카메라를 켜는 중…',
    picker: '카메라',
    mirror: '좌우 반전',
    pause: '일시정지',
    resume: '계속',
    pausedNote: '일시정지됨: 이 프레임이 검사기에 열려 있어 모든 도구와 내보내기를 쓸 수 있습니다.',
    record: '기록',
    stopRecording: '기록 중지',
    recording_other: '기록 중: {{count}}프레임',
    recorded_other: '{{count}}프레임 기록됨 (결과만, 이미지는 없음)',
    exportJsonl: 'JSON Lines 내보내기',
    exportCsv: 'CSV 내보내기',
    fps: '초당 {{fps}}프레임 분석',
    fpsNone: '초당 – 프레임 분석',
    latency: '지연 {{ms}} ms (카메라 → 골격, 중앙값)',
    latencyNone: '지연 –',
    quality: '실시간 품질',
    quality_fast: '빠름: MultiPose 한 번 (실시간 기본값)',
    quality_balanced: '균형: 탐지 + Thunder (느림)',
    quality_accurate: '정확: 가장 꼼꼼히 (가장 느림)',
    qualityNote: '실시간에서는 몸 키포인트만 찾습니다.',
    rate: '최대 (호출/초)',
    calls_other: '이번 1분 동안 NHN 호출 {{count}}회',
    paidNote: '분석하는 프레임마다 유료 NHN Cloud 호출입니다.',
    hidden: '탭이 숨겨져 있어 다시 보일 때까지 프레임을 보내지 않습니다.',
    frameFailed: '프레임 분석 실패: {{reason}}. 곧 다시 시도합니다.',
    unsupported:
      '이 페이지에서는 카메라를 쓸 수 없습니다: 브라우저는 https:// 또는 localhost 페이지에서만 카메라를 허용하거나, 카메라를 지원하지 않습니다.',
    'no-camera':
      '카메라를 찾지 못했습니다. 카메라를 연결하거나 시스템 설정에서 켠 뒤 카메라 시작을 누르세요.',
    denied:
      '카메라 접근이 거부되었습니다. 주소창의 카메라 아이콘에서 이 사이트에 카메라를 허용한 뒤 카메라 시작을 누르세요.',
    'in-use': '다른 앱이나 탭이 카메라를 쓰고 있습니다. 그쪽을 닫은 뒤 카메라 시작을 누르세요.',
    ended: '카메라가 멈췄습니다 (분리, 꺼짐, 또는 다른 앱이 사용). 카메라 시작을 눌러 다시 시도하세요.',
    other: '카메라를 시작하지 못했습니다.',
    details: '자세히: {{detail}}',
  },
} as const;

export type CameraStringKey = keyof (typeof CAMERA_STRINGS)['en'];

/** `t` of the camera namespace; registers the strings with the running i18n instance once. */
export function useCameraT() {
  const { i18n } = useTranslation();
  for (const lng of ['en', 'ko'] as const) {
    if (!i18n.hasResourceBundle(lng, 'camera')) i18n.addResourceBundle(lng, 'camera', CAMERA_STRINGS[lng]);
  }
  return useTranslation('camera').t;
}
