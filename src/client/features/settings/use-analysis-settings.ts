import { useCallback, useState } from 'react';
import { loadAnalysisSettings, saveAnalysisSettings, type AnalysisSettings } from './analysis-settings';

/** The analysis settings, read once from localStorage and written back on every change. */
export function useAnalysisSettings(): [AnalysisSettings, (next: AnalysisSettings) => void] {
  const [settings, setSettings] = useState<AnalysisSettings>(loadAnalysisSettings);
  const update = useCallback((next: AnalysisSettings) => {
    setSettings(next);
    saveAnalysisSettings(next);
  }, []);
  return [settings, update];
}
