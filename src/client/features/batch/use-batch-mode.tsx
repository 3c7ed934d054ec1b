import { useState, type ReactNode } from 'react';
import type { PoseQueryOptions } from '@/client/api/post-pose';
import type { Analysis } from '@/client/features/analysis/use-analysis';
import { useHistoryStore } from '@/client/features/history/use-history';
import { useBatchT } from './batch-i18n';
import { BatchPanel } from './batch-panel';
import { useBatch } from './use-batch';
import { useViewerSource } from './use-viewer-source';

// Everything the app shell needs to host the batch feature, so its own change stays tiny:
// the Analysis the viewer should draw (the single image, or an opened gallery item), a
// "Batch" toggle for the header, and the panel (mounted only while open; the queue lives on).

export interface BatchMode {
  analysis: Analysis;
  open: boolean;
  toggle: ReactNode;
  panel: ReactNode;
}

/** `queryOptions`: the header's analysis settings, as the single-image flow sends them. */
export function useBatchMode(
  single: Analysis,
  maxUploadBytes: number,
  queryOptions?: PoseQueryOptions,
): BatchMode {
  const t = useBatchT();
  const [open, setOpen] = useState(false);
  const store = useHistoryStore();
  const viewer = useViewerSource(single, store);
  const batch = useBatch(store, maxUploadBytes, queryOptions);
  const running = batch.snapshot.items.filter(
    (i) => i.status.kind === 'waiting' || i.status.kind === 'uploading' || i.status.kind === 'analysing',
  ).length;
  const toggle = (
    <button
      type="button"
      className="button"
      aria-pressed={open}
      data-testid="batch-toggle"
      onClick={() => setOpen((o) => !o)}
    >
      {running > 0 ? t('toggleRunning', { count: running }) : t('toggle')}
    </button>
  );
  const panel = open ? <BatchPanel store={store} viewer={viewer} batch={batch} /> : null;
  return { analysis: viewer.analysis, open, toggle, panel };
}
