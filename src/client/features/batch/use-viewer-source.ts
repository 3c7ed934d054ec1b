import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Analysis } from '@/client/features/analysis/use-analysis';
import {
  entryId,
  toPoseAnswer,
  type HistoryEntry,
  type HistoryStore,
} from '@/client/features/history/history-store';

// The seam between the batch and the single-image viewer. The viewer (Workspace) draws any
// `Analysis`; while a gallery item is open it gets one made from the stored result and the
// stored original, so every inspection tool works on it unchanged. Picking or dropping a new
// single image closes the gallery item.

export interface OpenedItem {
  hash: string;
  /** Which result of the image (hash + options, see entryId). */
  entryId: string;
  /** Negative, so it never equals an id of the single-image flow (those count up from 1). */
  id: number;
  entry: HistoryEntry;
  file: Blob;
  url: string;
}

export type OpenOutcome = 'opened' | 'gone' | 'superseded';

export interface ViewerSource {
  analysis: Analysis;
  /** The opened item as an Analysis (stable while the same item is open), else undefined. */
  openedAnalysis: Analysis | undefined;
  opened: OpenedItem | undefined;
  /**
   * 'gone' when the original image is no longer stored; 'superseded' when a later open, a close
   * or a new single image took the viewer while the original was being read (nothing changes).
   */
  open: (entry: HistoryEntry) => Promise<OpenOutcome>;
  close: () => void;
}

export function useViewerSource(single: Analysis, store: HistoryStore): ViewerSource {
  const [opened, setOpened] = useState<OpenedItem | undefined>(undefined);
  const nextId = useRef(-1);
  const openedRef = useRef<OpenedItem | undefined>(undefined);
  // Counts opens and closes: reading a stored original is async, so an older open that resolves
  // late must not replace a newer open, nor bring an item back after a close or a new pick.
  const openSeq = useRef(0);

  const replace = useCallback((item: OpenedItem | undefined) => {
    if (openedRef.current) URL.revokeObjectURL(openedRef.current.url);
    openedRef.current = item;
    setOpened(item);
  }, []);

  const close = useCallback(() => {
    openSeq.current++;
    replace(undefined);
  }, [replace]);

  const open = useCallback(
    async (entry: HistoryEntry): Promise<OpenOutcome> => {
      const seq = ++openSeq.current;
      const file = await store.image(entry.hash).catch(() => undefined);
      // Superseded by a later open, a close or a new single image: that one owns the viewer.
      if (seq !== openSeq.current) return 'superseded';
      if (!file) return 'gone';
      // Opening counts as use: the history evicts least recently used images first.
      void store.touch(entry.hash).catch(() => undefined);
      replace({
        hash: entry.hash,
        entryId: entryId(entry),
        id: nextId.current--,
        entry,
        file,
        url: URL.createObjectURL(file),
      });
      return 'opened';
    },
    [store, replace],
  );

  // A new single image (pick, drop, paste) takes the viewer back.
  const singleId = single.image?.id;
  useEffect(() => {
    if (singleId !== undefined) close();
  }, [singleId, close]);

  useEffect(() => () => close(), [close]);

  const { pickFile } = single;
  // Depends on the opened item only (not on `single`, a new object per render), so the shell can
  // hold it in state without a render loop.
  const openedAnalysis = useMemo<Analysis | undefined>(() => {
    if (!opened) return undefined;
    const answer = toPoseAnswer(opened.entry.answer);
    return {
      image: {
        id: opened.id,
        file: opened.file,
        name: opened.entry.fileName,
        url: opened.url,
        hash: opened.hash,
      },
      phase: answer.result.keyPointList.length === 0 ? 'empty' : 'done',
      progress: 1,
      answer,
      error: undefined,
      pickFile: (file, name) => {
        close();
        pickFile(file, name);
      },
      retry: () => undefined,
      dismiss: () => undefined,
    };
  }, [opened, pickFile, close]);

  return { analysis: openedAnalysis ?? single, openedAnalysis, opened, open, close };
}
