import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PoseMeta, PoseResult } from '@/contract/pose-envelope';

/** The normalised answer (NHN envelope shape, as our server sent it after parsing), collapsible. */
export function RawJsonPanel({ result, meta }: { result: PoseResult; meta: PoseMeta | undefined }) {
  const { t } = useTranslation();
  const text = useMemo(
    () =>
      JSON.stringify(
        {
          header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
          result,
          ...(meta ? { meta } : {}),
        },
        null,
        2,
      ),
    [result, meta],
  );
  return (
    <details className="raw-json" data-testid="raw-json">
      <summary>{t('raw.title')}</summary>
      <pre tabIndex={0}>{text}</pre>
    </details>
  );
}
