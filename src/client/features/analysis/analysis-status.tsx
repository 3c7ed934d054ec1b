import { useTranslation } from 'react-i18next';
import type { Analysis } from './use-analysis';

/** One live region for the whole upload flow: uploading % -> analysing -> done / error. */
export function AnalysisStatus({ analysis }: { analysis: Analysis }) {
  const { t } = useTranslation();
  const count = analysis.answer?.result.keyPointList.length ?? 0;
  let text: string;
  switch (analysis.phase) {
    case 'idle':
      text = t('status.idle');
      break;
    case 'uploading':
      text = t('status.uploading', { percent: Math.round(analysis.progress * 100) });
      break;
    case 'analysing':
      text = t('status.analysing');
      break;
    case 'done':
    case 'empty':
      // "No people detected" itself is the alert's text; the status only counts.
      text = t('status.done', { count });
      break;
    case 'error':
      text = t('status.error');
      break;
  }
  return (
    <p
      className={`analysis-status status-${analysis.phase}`}
      role="status"
      data-testid="analysis-status"
      data-phase={analysis.phase}
    >
      {(analysis.phase === 'uploading' || analysis.phase === 'analysing') && (
        <span className="spinner" aria-hidden="true" />
      )}
      {text}
      {analysis.phase === 'uploading' && (
        <progress className="upload-progress" max={1} value={analysis.progress} aria-hidden="true" />
      )}
    </p>
  );
}
