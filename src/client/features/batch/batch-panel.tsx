import { memo, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { entryId, type HistoryStore } from '@/client/features/history/history-store';
import { useHistory } from '@/client/features/history/use-history';
import { formatBytes } from '@/client/features/upload/file-checks';
import {
  countByStatus,
  MAX_CONCURRENCY,
  type BatchQueue,
  type ItemStatus,
  type QueueItem,
} from './batch-queue';
import { BatchExport } from './batch-export';
import { useBatchT } from './batch-i18n';
import { BatchGallery } from './batch-gallery';
import { BatchSummaryPanel } from './batch-summary-panel';
import { collectDropped, type CollectedFile } from './collect-files';
import { ComparePanel } from './compare-panel';
import type { Batch, BatchPayload } from './use-batch';
import type { ViewerSource } from './use-viewer-source';
import './batch.css';

// Many images at once: a drop zone (files or folders) and a multi-file picker, the queue with
// per-item status and retry, the history gallery, the summary and the ZIP export.

type BatchT = ReturnType<typeof useBatchT>;

function statusText(t: BatchT, s: ItemStatus, now: number): string {
  switch (s.kind) {
    case 'waiting':
      return s.notBefore && s.notBefore > now
        ? t('waitingBusy', { seconds: Math.ceil((s.notBefore - now) / 1000) })
        : t('waiting');
    case 'uploading':
      return t('uploading', { percent: Math.round(s.progress * 100) });
    case 'analysing':
      return t('analysing');
    case 'done':
      return t('done', { count: s.personCount }) + (s.fromCache ? t('cached') : '');
    case 'failed':
      return t('failed', { reason: s.reason });
    case 'skipped':
      return t('skipped', { reason: s.reason });
  }
}

// Memoised on the item object: the queue replaces only the items that changed, so a progress
// tick re-renders one row, not all 200.
const QueueRow = memo(function QueueRow({
  item,
  preview,
  queue,
  reanalyse,
}: {
  item: QueueItem<BatchPayload>;
  preview: string | undefined;
  queue: BatchQueue<BatchPayload>;
  reanalyse: (id: string) => void;
}) {
  const onRetry = () => queue.retry(item.id);
  const onReanalyse = () => reanalyse(item.id);
  const onRemove = () => queue.remove(item.id);
  const t = useBatchT();
  const s = item.status;
  return (
    <li
      className={`batch-row status-${s.kind}`}
      data-testid="queue-item"
      data-status={s.kind}
      data-name={item.name}
    >
      {preview ? (
        <img src={preview} alt="" width={48} height={40} className="batch-row-thumb" />
      ) : (
        <span className="batch-row-thumb batch-skeleton" aria-hidden="true" />
      )}
      <span className="batch-row-main">
        <span className="batch-row-name" title={item.name}>
          {item.name}
        </span>
        <span className="batch-row-status" data-testid="queue-status">
          {statusText(t, s, Date.now())}
        </span>
        {s.kind === 'uploading' && (
          <progress
            max={1}
            value={s.progress}
            aria-label={t('uploadOf', { name: item.name })}
            className="batch-row-progress"
          />
        )}
      </span>
      <span className="batch-row-actions">
        {s.kind === 'failed' && s.retryable && (
          <button type="button" className="button small" onClick={onRetry}>
            {t('retry')}
          </button>
        )}
        {s.kind === 'done' && (
          <button type="button" className="button small" onClick={onReanalyse} title={t('reanalyseTitle')}>
            {t('reanalyse')}
          </button>
        )}
        <button
          type="button"
          className="button small"
          aria-label={t('removeQueued', { name: item.name })}
          onClick={onRemove}
        >
          ×
        </button>
      </span>
    </li>
  );
});

interface BatchPanelProps {
  store: HistoryStore;
  viewer: ViewerSource;
  /** Owned by the caller, so the queue keeps running while the panel is closed. */
  batch: Batch;
}

export function BatchPanel({ store, viewer, batch }: BatchPanelProps) {
  const t = useBatchT();
  const history = useHistory(store);
  const [confirmClear, setConfirmClear] = useState(false);
  const { snapshot, queue } = batch;
  const counts = countByStatus(snapshot.items);
  const [over, setOver] = useState(false);
  const [openError, setOpenError] = useState<string | undefined>(undefined);
  const active = counts.waiting + counts.uploading + counts.analysing;

  const add = (files: CollectedFile[]) => {
    if (files.length > 0) void batch.addFiles(files);
  };

  // The page has its own single-image drop target: drops here must not reach it.
  const stop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
  };
  const onDrop = (e: DragEvent) => {
    stop(e);
    setOver(false);
    // Entries are read synchronously inside collectDropped, before this handler returns.
    void collectDropped(e.dataTransfer).then(add);
  };

  const open = async (id: string) => {
    const entry = history.entries.find((e) => entryId(e) === id);
    if (!entry) return;
    const outcome = await viewer.open(entry);
    // A superseded open says nothing: the newer open (or pick) owns the viewer and its message.
    if (outcome !== 'superseded')
      setOpenError(outcome === 'opened' ? undefined : t('originGone', { name: entry.fileName }));
  };

  // When a batch finishes and the viewer shows nothing, open its first result: an empty viewer
  // after a finished batch reads as "nothing happened". Waits for the result to reach history.
  const [openFirst, setOpenFirst] = useState(false);
  const wasActive = useRef(false);
  useEffect(() => {
    if (active > 0) wasActive.current = true;
    else if (wasActive.current) {
      wasActive.current = false;
      setOpenFirst(true);
    }
  }, [active]);
  useEffect(() => {
    if (!openFirst) return;
    if (viewer.opened || viewer.analysis.image) {
      setOpenFirst(false);
      return;
    }
    const first = snapshot.items.find((i) => i.status.kind === 'done' && i.payload.hash !== undefined);
    if (!first) {
      setOpenFirst(false);
      return;
    }
    const entry = history.entries.find((e) => e.hash === first.payload.hash);
    if (!entry) return; // not stored yet: this effect runs again when history changes
    setOpenFirst(false);
    void viewer.open(entry);
  }, [openFirst, viewer, snapshot.items, history.entries]);

  const usage = useMemo(
    () =>
      t('usage', {
        count: history.entries.length,
        size: formatBytes(history.summedBytes),
        cap: formatBytes(history.capBytes),
      }) +
      (history.originBytes !== undefined
        ? t('usageBrowser', { size: formatBytes(history.originBytes) })
        : ''),
    [history.entries.length, history.summedBytes, history.capBytes, history.originBytes, t],
  );

  return (
    <aside className="batch-panel" data-testid="batch-panel" aria-label={t('panel')}>
      <div
        className="batch-drop"
        data-testid="batch-drop-zone"
        data-drag-active={over ? 'true' : 'false'}
        onDragEnter={(e) => {
          stop(e);
          setOver(true);
        }}
        onDragOver={(e) => {
          stop(e);
          if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={(e) => {
          stop(e);
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
        }}
        onDrop={onDrop}
      >
        <p>{t('dropHint')}</p>
        <label className="button primary">
          {t('choose')}
          <input
            type="file"
            multiple
            accept="image/jpeg,image/png,image/webp"
            className="visually-hidden-input"
            onChange={(e) => {
              const files = Array.from(e.currentTarget.files ?? []).map((file) => ({
                file,
                path: file.name,
              }));
              e.currentTarget.value = '';
              add(files);
            }}
          />
        </label>
      </div>

      <div className="batch-controls" role="group" aria-label={t('controls')}>
        {snapshot.paused ? (
          <button type="button" className="button small" onClick={() => queue.resume()}>
            {t('resume')}
          </button>
        ) : (
          <button
            type="button"
            className="button small"
            onClick={() => queue.pause()}
            disabled={active === 0}
          >
            {t('pause')}
          </button>
        )}
        <button
          type="button"
          className="button small"
          onClick={() => queue.retryAllFailed()}
          disabled={counts.failed === 0}
        >
          {t('retryFailed')}
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => queue.clear()}
          disabled={snapshot.items.length === 0}
        >
          {t('clearQueue')}
        </button>
        <label className="batch-concurrency">
          {t('concurrency')}
          <input
            type="number"
            min={1}
            max={MAX_CONCURRENCY}
            value={snapshot.concurrency}
            onChange={(e) => batch.setConcurrency(Number(e.currentTarget.value))}
          />
        </label>
      </div>
      <p className="batch-counts" data-testid="batch-counts" aria-live="polite">
        {t('counts', { done: counts.done, failed: counts.failed, skipped: counts.skipped, left: active })}
        {snapshot.paused ? t('paused') : ''}
      </p>

      {snapshot.items.length > 0 && (
        <ol className="batch-queue" data-testid="batch-queue">
          {snapshot.items.map((item) => (
            <QueueRow
              key={item.id}
              item={item}
              preview={batch.previews.get(item.id)}
              queue={queue}
              reanalyse={batch.reanalyse}
            />
          ))}
        </ol>
      )}

      <h2 className="batch-heading">{t('results')}</h2>
      <p className="muted" data-testid="history-usage">
        {usage}
      </p>
      <label className="batch-concurrency">
        {t('historyCap')}
        <input
          type="number"
          min={1}
          step={10}
          defaultValue={Math.round(history.capBytes / (1024 * 1024))}
          // Applied on Enter or leaving the field, not per keystroke: typing "300" must not
          // pass through a 3 MB cap (which would evict at once).
          onBlur={(e) => void history.setCapMb(Number(e.currentTarget.value))}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
          }}
          data-testid="history-cap"
        />
      </label>
      {openError && (
        <p role="alert" className="batch-error">
          {openError}
        </p>
      )}
      <BatchGallery
        entries={history.entries}
        openId={viewer.opened?.entryId}
        onOpen={(entry) => void open(entryId(entry))}
        onRemove={(entry) => {
          if (viewer.opened?.entryId === entryId(entry)) viewer.close();
          void history.remove(entry);
        }}
      />
      <div className="batch-controls">
        <BatchExport entries={history.entries} store={store} />
        {confirmClear ? (
          <>
            <button
              type="button"
              className="button small"
              onClick={() => {
                setConfirmClear(false);
                viewer.close();
                void history.clearAll();
              }}
            >
              {t('deleteAll', { count: history.entries.length })}
            </button>
            <button type="button" className="button small" onClick={() => setConfirmClear(false)}>
              {t('keep')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button small"
            disabled={history.entries.length === 0}
            onClick={() => setConfirmClear(true)}
          >
            {t('clearHistory')}
          </button>
        )}
      </div>
      {viewer.opened && <ComparePanel key={viewer.opened.entryId} item={viewer.opened} />}
      {history.entries.length > 0 && <BatchSummaryPanel entries={history.entries} failed={counts.failed} />}
    </aside>
  );
}
