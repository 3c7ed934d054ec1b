import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { HistoryEntry } from '@/client/features/history/history-store';
import { entryId, providerOf } from '@/client/features/history/history-store';
import { useBatchT } from './batch-i18n';
import { optionsLabel } from './options-label';
import { gridWindow, moveIndex } from './virtual-grid';

// The results as a virtualised grid of thumbnails (skeleton drawn in). Click or Enter opens
// one in the viewer; arrow keys and j / k move (and open) while the grid has focus. One image
// analysed with several settings has one cell per result, each labelled with its options.

// Height in px: thumbnail 96 + name, meta and options lines + padding.
const CELL = { width: 124, height: 172 };

function Thumb({ blob, alt }: { blob: Blob | undefined; alt: string }) {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!blob) return;
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url ? (
    <img src={url} alt={alt} width={112} height={96} loading="lazy" decoding="async" />
  ) : (
    <span className="batch-thumb-missing" aria-hidden="true">
      {alt.slice(0, 1).toUpperCase()}
    </span>
  );
}

interface GalleryProps {
  entries: readonly HistoryEntry[];
  /** entryId of the result open in the viewer. */
  openId: string | undefined;
  onOpen: (entry: HistoryEntry) => void;
  onRemove: (entry: HistoryEntry) => void;
}

export function BatchGallery({ entries, openId, onOpen, onRemove }: GalleryProps) {
  const t = useBatchT();
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ width: 360, height: 480, scrollTop: 0 });

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () =>
      setViewport({ width: el.clientWidth || 360, height: el.clientHeight || 480, scrollTop: el.scrollTop });
    measure();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : undefined;
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);

  const win = gridWindow(entries.length, viewport, CELL);
  const current = entries.findIndex((e) => entryId(e) === openId);

  const onKeyDown = (e: KeyboardEvent) => {
    const next = moveIndex(current, e.key, win.columns, entries.length);
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    const entry = entries[next];
    if (!entry) return;
    onOpen(entry);
    // Keep the newly opened cell in view and focused.
    const el = scroller.current;
    if (el) {
      const top = Math.floor(next / win.columns) * CELL.height;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + CELL.height > el.scrollTop + el.clientHeight)
        el.scrollTop = top + CELL.height - el.clientHeight;
    }
    requestAnimationFrame(() =>
      Array.from(scroller.current?.querySelectorAll<HTMLElement>('[data-entry]') ?? [])
        .find((el) => el.dataset.entry === entryId(entry))
        ?.querySelector<HTMLElement>('.batch-cell-open')
        ?.focus(),
    );
  };

  if (entries.length === 0) return <p className="muted">{t('noResults')}</p>;

  return (
    <div
      ref={scroller}
      className="batch-gallery"
      data-testid="batch-gallery"
      role="listbox"
      aria-label={t('galleryLabel')}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        const el = e.currentTarget;
        setViewport({
          width: el.clientWidth || 360,
          height: el.clientHeight || 480,
          scrollTop: el.scrollTop,
        });
      }}
    >
      <div style={{ height: win.totalHeight, position: 'relative' }}>
        <div
          className="batch-gallery-grid"
          style={{
            transform: `translateY(${win.offsetTop}px)`,
            gridTemplateColumns: `repeat(${win.columns}, ${CELL.width}px)`,
            gridAutoRows: `${CELL.height}px`,
          }}
        >
          {entries.slice(win.start, win.end).map((entry) => {
            const people = entry.answer.result.keyPointList.length;
            const id = entryId(entry);
            const selected = id === openId;
            const options = optionsLabel(entry.options, t);
            return (
              <div
                key={id}
                className="batch-cell"
                data-testid="gallery-item"
                data-hash={entry.hash}
                data-entry={id}
                role="option"
                aria-selected={selected}
              >
                <button
                  type="button"
                  className="batch-cell-open"
                  onClick={() => onOpen(entry)}
                  title={`${entry.fileName} · ${t('optionsTitle', { options })}`}
                >
                  <Thumb blob={entry.thumbnail} alt={entry.fileName} />
                  <span className="batch-cell-name">{entry.fileName}</span>
                  <span className="batch-cell-meta">
                    <span data-testid="gallery-people">{t('people', { count: people })}</span> ·{' '}
                    <span data-testid="gallery-provider">{providerOf(entry)}</span>
                  </span>
                  <span className="batch-cell-options" data-testid="gallery-options">
                    {options}
                  </span>
                </button>
                <button
                  type="button"
                  className="batch-cell-remove"
                  aria-label={t('removeStored', { name: entry.fileName })}
                  onClick={() => onRemove(entry)}
                >
                  ×
                </button>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
