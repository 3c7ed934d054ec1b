import { useCallback, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  defaultKeyValueStore,
  HistoryStore,
  originUsageBytes,
  summedBytes,
  type HistoryEntry,
} from './history-store';
import { historyQueryKey, poseResultKey } from './result-cache-keys';

let pageStore: HistoryStore | undefined;

/** One store per page (IndexedDB when present). */
export function pageHistoryStore(): HistoryStore {
  pageStore ??= new HistoryStore(defaultKeyValueStore());
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

  const clearAll = useCallback(async () => {
    await store.clear();
    queryClient.removeQueries({ queryKey: ['pose-result'] });
    await queryClient.invalidateQueries({ queryKey: historyQueryKey });
  }, [store, queryClient]);

  return {
    entries,
    loading: list.isPending,
    summedBytes: bytes,
    originBytes: usage.data ?? undefined,
    remove,
    clearAll,
  };
}
