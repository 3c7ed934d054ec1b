import { useTranslation } from 'react-i18next';
import { PoseRequestError } from '@/client/api/post-pose';
import { formatBytes } from '@/client/features/upload/file-checks';
import type { Analysis, AnalysisError } from './use-analysis';

// Every failure as one alert over the image (the image stays): the human message and the
// code, the offending field for schema failures, and Retry.

function useErrorText(error: AnalysisError): { message: string; detail: string | undefined } {
  const { t, i18n } = useTranslation();
  const localised = (code: number | undefined, fallback: string) =>
    code !== undefined && i18n.language !== 'en' && i18n.exists(`errors.${code}`)
      ? t(`errors.${code}`)
      : fallback;
  if (error.kind === 'file') {
    const p = error.problem;
    const base =
      p.kind === 'too-large'
        ? t('upload.tooLarge', {
            name: error.fileName,
            size: formatBytes(error.size),
            limit: formatBytes(p.limit),
          })
        : p.kind === 'empty'
          ? localised(p.resultCode, t('errors.-40003'))
          : t('upload.notImage', { name: error.fileName });
    return { message: t('error.withCode', { message: base, code: p.resultCode }), detail: undefined };
  }
  const e = error.error;
  if (e instanceof PoseRequestError) {
    let base = e.message;
    if (e.kind === 'envelope') base = localised(e.resultCode, e.message);
    else if (e.kind === 'network') base = t('error.network');
    else if (e.kind === 'timeout') base = t('error.timeout');
    else if (e.kind === 'http' && i18n.language !== 'en') base = t('error.notJson', { status: e.status });
    else if (e.kind === 'schema' && i18n.language !== 'en')
      base = t('error.schema', { field: e.field ?? '' });
    const message =
      e.resultCode !== undefined
        ? t('error.withCode', { message: base, code: e.resultCode })
        : e.status > 0 && e.kind !== 'http'
          ? t('error.withStatus', { message: base, status: e.status })
          : base;
    return { message, detail: e.field ? t('error.field', { field: e.field }) : undefined };
  }
  return { message: e.message, detail: undefined };
}

function ErrorAlert({
  error,
  onRetry,
  canRetry,
}: {
  error: AnalysisError;
  onRetry: () => void;
  canRetry: boolean;
}) {
  const { t } = useTranslation();
  const { message, detail } = useErrorText(error);
  return (
    <div className="error-message" role="alert" data-testid="error-message">
      <p className="error-text">{message}</p>
      {detail && (
        <p className="error-detail" data-testid="error-field">
          {detail}
        </p>
      )}
      {canRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}

/** The alert for the current analysis, or "No people detected" for an empty answer. */
export function AnalysisAlert({ analysis }: { analysis: Analysis }) {
  const { t } = useTranslation();
  if (analysis.phase === 'empty') {
    return (
      <div className="error-message is-empty" role="alert" data-testid="error-message">
        <p className="error-text">{t('status.empty')}</p>
      </div>
    );
  }
  if (analysis.phase !== 'error' || !analysis.error) return null;
  // A refused file cannot be retried (the previous image, if any, is still analysed fine).
  const canRetry = analysis.error.kind === 'request' && analysis.image !== undefined;
  return <ErrorAlert error={analysis.error} onRetry={analysis.retry} canRetry={canRetry} />;
}
