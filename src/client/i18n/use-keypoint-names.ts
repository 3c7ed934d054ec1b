import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { keypointDisplayName } from '@/pose/keypoint-names';
import { keypointWordsFor } from './i18n';

/** Keypoint name -> its human name in the UI language ("right_shoulder" -> "Right shoulder"). */
export function useKeypointNames(): (name: string) => string {
  const { i18n } = useTranslation();
  const words = keypointWordsFor(i18n.language);
  return useCallback((name: string) => keypointDisplayName(name, words), [words]);
}
