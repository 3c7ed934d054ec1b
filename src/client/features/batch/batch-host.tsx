import { useEffect } from 'react';
import type { PoseQueryOptions } from '@/client/api/post-pose';
import type { Analysis } from '@/client/features/analysis/use-analysis';
import { useHistoryStore } from '@/client/features/history/use-history';
import { BatchPanel } from './batch-panel';
import { useBatch } from './use-batch';
import { useViewerSource } from './use-viewer-source';
import './batch.css';

// The batch feature behind one lazily loaded component (app-shell.tsx imports it with
// React.lazy on the first click of "Batch"): its queue, gallery, history, compare and ZIP
// export are not in the first screen's JavaScript. Once loaded it stays mounted, so the queue
// keeps running while the panel is closed. It reports up what the viewer should draw instead of
// the single image (an opened gallery item) and how many items are under way.

export interface BatchHostState {
  /** The opened gallery item as an Analysis, or undefined: the viewer shows the single image. */
  override: Analysis | undefined;
  running: number;
}

export function BatchHost({
  single,
  open,
  maxUploadBytes,
  queryOptions,
  onState,
}: {
  single: Analysis;
  open: boolean;
  maxUploadBytes: number;
  queryOptions: PoseQueryOptions | undefined;
  onState: (state: BatchHostState) => void;
}) {
  const store = useHistoryStore();
  const viewer = useViewerSource(single, store);
  const batch = useBatch(store, maxUploadBytes, queryOptions);
  const running = batch.snapshot.items.filter(
    (i) => i.status.kind === 'waiting' || i.status.kind === 'uploading' || i.status.kind === 'analysing',
  ).length;
  const override = viewer.openedAnalysis;
  useEffect(() => onState({ override, running }), [override, running, onState]);
  return open ? <BatchPanel store={store} viewer={viewer} batch={batch} /> : null;
}
