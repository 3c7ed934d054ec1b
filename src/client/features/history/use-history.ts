import { useCallback, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  defaultKeyValueStore,
  HISTORY_CAP_BYTES,
  HistoryStore,
  originUsageBytes,
  summedBytes,
  type HistoryEntry,
} from './history-store';
import { historyQueryKey, poseResultKey } from './result-cache-keys';

let pageStore: HistoryStore | undefined;

/** The user's history cap in MB (binary), from the history panel. */
const CAP_KEY = 'posescope.history.cap-mb';
const MB = 1024 * 1024;

function savedCapBytes(): number {
  try {
    const mb = Number(globalThis.localStorage?.getItem(CAP_KEY));
    return Number.isFinite(mb) && mb >= 1 ? mb * MB : HISTORY_CAP_BYTES;
  } catch {
    return HISTORY_CAP_BYTES;
  }
}

/** One store per page (IndexedDB when present), with the user's cap. */
export function pageHistoryStore(): HistoryStore {
  pageStore ??= new HistoryStore(defaultKeyValueStore(), savedCapBytes());
  return pageStore;
}

export function useHistoryStore(): HistoryStore {
  const [store] = useState(pageHistoryStore);
  return store;
}

export interface HistoryState {
  entries: readonly HistoryEntry[];
  loading: boolean;
  /** Our own count of the bytes kept (images, thumbnails, answers). */
  summedBytes: number;
  /** The cap on summedBytes: past it the least recently used images are evicted. */
  capBytes: number;
  /** Sets (and remembers) the cap in MB; images past it go at once, least recently used first. */
  setCapMb: (mb: number) => Promise<void>;
  /** The browser's figure for the whole origin, when it gives one. */
  originBytes: number | undefined;
  /** Removes one result (one image + options); the original goes with its image's last result. */
  remove: (entry: HistoryEntry) => Promise<void>;
  clearAll: () => Promise<void>;
}

const EMPTY: readonly HistoryEntry[] = [];

export function useHistory(store: HistoryStore): HistoryState {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: historyQueryKey, queryFn: () => store.list(), staleTime: Infinity });
  const usage = useQuery({
    queryKey: [...historyQueryKey, 'usage', list.dataUpdatedAt],
    queryFn: async () => (await originUsageBytes()) ?? null,
    staleTime: Infinity,
  });
  const entries = list.data ?? EMPTY;
  // JSON-sizes every answer: once per list change, not per render.
  const bytes = useMemo(() => summedBytes(entries), [entries]);

  const remove = useCallback(
    async (entry: HistoryEntry) => {
      const imageGone = await store.remove(entry.hash, entry.options);
      // Without the original the compare panel's answers for the image are unreachable too.
      queryClient.removeQueries(
        imageGone
          ? { queryKey: ['pose-result', entry.hash] }
          : { queryKey: poseResultKey(entry.hash, entry.options), exact: true },
      );
      await queryClient.invalidateQueries({ queryKey: historyQueryKey });
    },
    [store, queryClient],
  );

  const [capBytes, setCapBytes] = useState(store.capBytes);
  const setCapMb = useCallback(
    async (mb: number) => {
      if (!Number.isFinite(mb) || mb < 1) return;
      try {
        globalThis.localStorage?.setItem(CAP_KEY, String(mb));
      } catch {
        // Not remembered; still applied for this page.
      }
      setCapBytes(mb * MB);
      const evicted = await store.setCap(mb * MB);
      for (const hash of evicted) queryClient.removeQueries({ queryKey: ['pose-result', hash] });
      if (evicted.length > 0) await queryClient.invalidateQueries({ queryKey: historyQueryKey });
    },
    [store, queryClient],
  );

  const clearAll = useCallback(async () => {
    await store.clear();
    queryClient.removeQueries({ queryKey: ['pose-result'] });
    await queryClient.invalidateQueries({ queryKey: historyQueryKey });
  }, [store, queryClient]);

  return {
    entries,
    loading: list.isPending,
    summedBytes: bytes,
    capBytes,
    setCapMb,
    originBytes: usage.data ?? undefined,
    remove,
    clearAll,
  };
}
