import { useTranslation } from 'react-i18next';
import { PoseRequestError } from '@/client/api/post-pose';
import { formatBytes } from '@/client/features/upload/file-checks';
import { isRetryable } from './retryable';
import type { Analysis, AnalysisError } from './use-analysis';

// Every failure as one alert over the image (the image stays). The message is always in the UI
// language, chosen by resultCode (or by what happened when there is none), with its code; the
// server's own words, which may be English or NHN's, go to the details line. Retry only where
// a retry can succeed; Dismiss always.

interface ErrorText {
  message: string;
  /** The offending field of a schema failure. */
  field: string | undefined;
  /** What the server itself said, when it differs from our message. */
  serverText: string | undefined;
}

function useErrorText(error: AnalysisError): ErrorText {
  const { t, i18n } = useTranslation();
  if (error.kind === 'file') {
    const p = error.problem;
    const name = error.fileName;
    const base =
      p.kind === 'too-large'
        ? t('upload.tooLarge', { name, size: formatBytes(error.size), limit: formatBytes(p.limit) })
        : p.kind === 'empty'
          ? t('upload.empty', { name })
          : p.kind === 'too-small'
            ? t('upload.tooSmall', { name, width: p.width, height: p.height, min: p.min })
            : t('upload.notImage', { name });
    return {
      message: t('error.withCode', { message: base, code: p.resultCode }),
      field: undefined,
      serverText: undefined,
    };
  }
  const e = error.error;
  if (!(e instanceof PoseRequestError))
    return { message: e.message, field: undefined, serverText: undefined };
  const code = e.resultCode;
  let base: string;
  if (code !== undefined && i18n.exists(`errors.${code}`)) base = t(`errors.${code}`);
  else if (e.kind === 'network') base = t('error.network');
  else if (e.kind === 'timeout') base = t('error.timeout');
  else if (e.kind === 'schema') base = t('error.schema', { field: e.field ?? '' });
  else if (e.kind === 'http' && code === undefined) base = t('error.notJson', { status: e.status });
  // A code we have no words for: say which side failed, keep the server's text in the details.
  // The code's class decides (NHN's -41000 is about the image even when passed on with a 502).
  else
    base = t(
      (code !== undefined ? code <= -50000 : e.status >= 500) ? 'error.serverFailed' : 'error.refused',
    );
  const message =
    code !== undefined
      ? t('error.withCode', { message: base, code })
      : e.status > 0 && e.kind !== 'http'
        ? t('error.withStatus', { message: base, status: e.status })
        : base;
  const server = e.kind === 'envelope' || e.kind === 'http' ? e.message.trim() : '';
  return {
    message,
    field: e.field,
    serverText: server && server !== base ? server : undefined,
  };
}

function ErrorAlert({
  error,
  onRetry,
  onDismiss,
  canRetry,
}: {
  error: AnalysisError;
  onRetry: () => void;
  onDismiss: () => void;
  canRetry: boolean;
}) {
  const { t } = useTranslation();
  const { message, field, serverText } = useErrorText(error);
  return (
    <div
      className={`error-message${error.kind === 'file' ? ' is-refusal' : ''}`}
      role="alert"
      data-testid="error-message"
    >
      <p className="error-text">{message}</p>
      {field && (
        <p className="error-detail" data-testid="error-field">
          {t('error.field', { field })}
        </p>
      )}
      {serverText && (
        <p className="error-detail" data-testid="error-server-text">
          {t('error.serverSaid', { message: serverText })}
        </p>
      )}
      <div className="button-row">
        {canRetry && (
          <button type="button" className="button" onClick={onRetry}>
            {t('error.retry')}
          </button>
        )}
        <button type="button" className="button" onClick={onDismiss}>
          {t('error.dismiss')}
        </button>
      </div>
    </div>
  );
}

/** The alert for the current analysis, or "No people detected" for an empty answer. */
export function AnalysisAlert({ analysis }: { analysis: Analysis }) {
  const { t } = useTranslation();
  const err = analysis.error;
  // A refused file is shown whatever the phase: over an earlier result, that result stays.
  if (err?.kind === 'file')
    return <ErrorAlert error={err} onRetry={analysis.retry} onDismiss={analysis.dismiss} canRetry={false} />;
  if (analysis.phase === 'empty') {
    return (
      <div className="error-message is-empty" role="alert" data-testid="error-message">
        <p className="error-text">{t('status.empty')}</p>
      </div>
    );
  }
  if (analysis.phase !== 'error' || !err) return null;
  const e = err.error;
  const canRetry = analysis.image !== undefined && (e instanceof PoseRequestError ? isRetryable(e) : true);
  return <ErrorAlert error={err} onRetry={analysis.retry} onDismiss={analysis.dismiss} canRetry={canRetry} />;
}
