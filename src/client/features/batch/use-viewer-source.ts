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

export interface ViewerSource {
  analysis: Analysis;
  /** The opened item as an Analysis (stable while the same item is open), else undefined. */
  openedAnalysis: Analysis | undefined;
  opened: OpenedItem | undefined;
  /** False when the original image is no longer stored. */
  open: (entry: HistoryEntry) => Promise<boolean>;
  close: () => void;
}

export function useViewerSource(single: Analysis, store: HistoryStore): ViewerSource {
  const [opened, setOpened] = useState<OpenedItem | undefined>(undefined);
  const nextId = useRef(-1);
  const openedRef = useRef<OpenedItem | undefined>(undefined);

  const replace = useCallback((item: OpenedItem | undefined) => {
    if (openedRef.current) URL.revokeObjectURL(openedRef.current.url);
    openedRef.current = item;
    setOpened(item);
  }, []);

  const close = useCallback(() => replace(undefined), [replace]);

  const open = useCallback(
    async (entry: HistoryEntry) => {
      const file = await store.image(entry.hash).catch(() => undefined);
      if (!file) return false;
      replace({
        hash: entry.hash,
        entryId: entryId(entry),
        id: nextId.current--,
        entry,
        file,
        url: URL.createObjectURL(file),
      });
      return true;
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
