import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { EN_KEYPOINT_WORDS, keypointDisplayName } from '@/pose/keypoint-names';
import { KO_KEYPOINT_WORDS } from '@/pose/keypoint-names-ko';

/** Keypoint name -> its human name in the UI language ("right_shoulder" -> "Right shoulder"). */
export function useKeypointNames(): (name: string) => string {
  const { i18n } = useTranslation();
  const words = i18n.language === 'ko' ? KO_KEYPOINT_WORDS : EN_KEYPOINT_WORDS;
  return useCallback((name: string) => keypointDisplayName(name, words), [words]);
}
