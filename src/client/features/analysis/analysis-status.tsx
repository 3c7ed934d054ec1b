import { useTranslation } from 'react-i18next';
import type { Analysis } from './use-analysis';

/** People the engine saw but did not return, when looking harder could still find them. */
export function unconfirmedToOffer(analysis: Analysis): number {
  const meta = analysis.answer?.meta;
  if (analysis.phase !== 'done' && analysis.phase !== 'empty') return 0;
  if (meta?.provider !== 'local' || meta.quality === 'accurate') return 0;
  return meta.unconfirmedPeople ?? 0;
}

/**
 * One live region for the whole upload flow: uploading % -> analysing -> done / error. After an
 * answer of the offline engine that saw more people than it returned, a "Look harder" button
 * (outside the live region, so it is not re-announced) re-analyses with quality=accurate.
 */
export function AnalysisStatus({
  analysis,
  onLookHarder,
}: {
  analysis: Analysis;
  onLookHarder?: () => void;
}) {
  const { t } = useTranslation();
  const count = analysis.answer?.result.keyPointList.length ?? 0;
  const unconfirmed = onLookHarder ? unconfirmedToOffer(analysis) : 0;
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
      if (unconfirmed > 0) text += ` ${t('status.unconfirmed', { count: unconfirmed })}`;
      break;
    case 'error':
      text = t('status.error');
      break;
  }
  return (
    <div className="analysis-status-row">
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
      {unconfirmed > 0 && onLookHarder && (
        <button
          type="button"
          className="button look-harder"
          data-testid="look-harder"
          title={t('status.lookHarderHint')}
          onClick={onLookHarder}
        >
          {t('status.lookHarder')}
        </button>
      )}
    </div>
  );
}
