import { useState } from 'react';
import { downloadBlob } from '@/client/features/export/download';
import type { HistoryEntry, HistoryStore } from '@/client/features/history/history-store';
import { renderAnnotated } from './annotated-image';
import { useBatchT } from './batch-i18n';
import { buildBatchZip } from './batch-zip';

/**
 * COCO v = 2 ("visible") from this score up, v = 1 below. Its own cutoff, not the viewer's
 * threshold (which defaults to 0 so weak points fade rather than vanish).
 */
const COCO_THRESHOLD = 0.3;

export function BatchExport({ entries, store }: { entries: readonly HistoryEntry[]; store: HistoryStore }) {
  const t = useBatchT();
  const [progress, setProgress] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const run = async () => {
    setError(undefined);
    setProgress(0);
    try {
      const zip = await buildBatchZip(
        entries.map((e) => ({
          fileName: e.fileName,
          width: e.width,
          height: e.height,
          result: e.answer.result,
          meta: e.answer.meta,
          annotatedPng: async () => {
            const original = await store.image(e.hash);
            if (!original) return undefined;
            return (await renderAnnotated(original, e.answer.result, { type: 'image/png' }))?.blob;
          },
        })),
        { threshold: COCO_THRESHOLD, onProgress: setProgress },
      );
      downloadBlob(zip, `posescope-batch-${entries.length}.zip`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(undefined);
    }
  };

  return (
    <div className="batch-export">
      <button
        type="button"
        className="button"
        disabled={entries.length === 0 || progress !== undefined}
        onClick={() => void run()}
      >
        {t('exportZip', { count: entries.length })}
      </button>
      {progress !== undefined && (
        <progress data-testid="zip-progress" max={1} value={progress} aria-label={t('zipProgress')} />
      )}
      {error && (
        <p role="alert" className="batch-error">
          {t('exportFailed', { message: error })}
        </p>
      )}
    </div>
  );
}
