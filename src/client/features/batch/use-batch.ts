import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { PoseRequestError, type PoseQueryOptions } from '@/client/api/post-pose';
import { analyseWithCache } from '@/client/features/history/cached-analysis';
import type { HistoryStore } from '@/client/features/history/history-store';
import { renderPreview } from './annotated-image';
import { BatchQueue, DEFAULT_CONCURRENCY, type FailureInfo, type QueueSnapshot } from './batch-queue';
import { useBatchT } from './batch-i18n';
import { judgeFile, type CollectedFile } from './collect-files';
import { formatBytes, type FileProblem } from '@/client/features/upload/file-checks';

// React glue around the pure queue: one queue per page, items run through the result cache,
// previews made one at a time (decoding 200 photos at once would spike memory), and every
// object URL revoked when its item leaves. Each item is analysed with the analysis settings that
// were current when it was queued (kept on the item, also for Re-analyse and Retry).

/** Files checked per main-thread task when many are added at once. */
const JUDGE_CHUNK = 20;

export interface BatchPayload {
  file: File;
  /** Query options (parts, quality) of the header's settings when the item was queued. */
  options?: PoseQueryOptions;
  /** Set once the item's answer is known: the key into history. */
  hash?: string;
  bypassCache?: boolean;
}

const CONCURRENCY_KEY = 'posescope.batch.concurrency';

function loadConcurrency(): number {
  try {
    const n = Number(globalThis.localStorage?.getItem(CONCURRENCY_KEY));
    return Number.isInteger(n) && n >= 1 && n <= 8 ? n : DEFAULT_CONCURRENCY;
  } catch {
    return DEFAULT_CONCURRENCY;
  }
}

/** Failure text and whether it comes back by itself (429/503 with Retry-After). */
export function classifyFailure(error: unknown): FailureInfo {
  if (error instanceof PoseRequestError) {
    const code = error.resultCode !== undefined ? ` (${error.resultCode})` : '';
    const busy = error.status === 429 || error.status === 503;
    // 4xx other than 408/429 means the image itself was refused: retrying cannot help.
    const permanent =
      error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
    return {
      reason: `${error.message}${code}`,
      retryable: !permanent,
      // The queue backs off exponentially; the server's Retry-After (if any) is the least wait.
      ...(busy ? { retryAfterMs: error.retryAfterMs ?? 0 } : {}),
    };
  }
  return { reason: error instanceof Error ? error.message : 'Unknown error', retryable: true };
}

export interface Batch {
  snapshot: QueueSnapshot<BatchPayload>;
  queue: BatchQueue<BatchPayload>;
  /** id -> preview/thumbnail object URL. */
  previews: ReadonlyMap<string, string>;
  addFiles: (files: readonly CollectedFile[]) => Promise<void>;
  reanalyse: (id: string) => void;
  setConcurrency: (n: number) => void;
}

export function useBatch(
  store: HistoryStore,
  maxUploadBytes: number,
  queryOptions?: PoseQueryOptions,
): Batch {
  const queryClient = useQueryClient();
  // Read when files are added: a settings change applies to new items, not to queued ones.
  const currentOptions = useRef(queryOptions);
  useEffect(() => {
    currentOptions.current = queryOptions;
  }, [queryOptions]);
  const t = useBatchT();
  const [previews, setPreviews] = useState<ReadonlyMap<string, string>>(new Map());
  const previewChain = useRef<Promise<void>>(Promise.resolve());
  const urls = useRef(new Map<string, string>());

  const setPreview = useCallback((id: string, blob: Blob | undefined) => {
    if (!blob) return;
    const old = urls.current.get(id);
    if (old) URL.revokeObjectURL(old);
    const url = URL.createObjectURL(blob);
    urls.current.set(id, url);
    setPreviews(new Map(urls.current));
  }, []);

  // The query client and the store live as long as the page: the queue is made once with them.
  const [queue] = useState(() => {
    const q: BatchQueue<BatchPayload> = new BatchQueue<BatchPayload>({
      concurrency: loadConcurrency(),
      classify: classifyFailure,
      run: async (payload, ctx) => {
        const outcome = await analyseWithCache(
          payload.file,
          payload.file.name,
          { queryClient, store },
          {
            ...(payload.options ? { options: payload.options } : {}),
            bypassCache: payload.bypassCache === true,
            signal: ctx.signal,
            onProgress: (p) => ctx.onProgress(p.phase, p.fraction),
          },
        );
        const item = q.getSnapshot().items.find((i) => i.payload === payload);
        if (item) {
          q.patchPayload(item.id, { ...payload, hash: outcome.entry.hash, bypassCache: false });
          setPreview(item.id, outcome.entry.thumbnail);
        }
        return { personCount: outcome.entry.answer.result.keyPointList.length, fromCache: outcome.fromCache };
      },
    });
    return q;
  });
  const snapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot, queue.getSnapshot);

  // Object URLs of items that left the queue are released.
  useEffect(() => {
    const live = new Set(snapshot.items.map((i) => i.id));
    let dropped = false;
    for (const [id, url] of urls.current) {
      if (!live.has(id)) {
        URL.revokeObjectURL(url);
        urls.current.delete(id);
        dropped = true;
      }
    }
    if (dropped) setPreviews(new Map(urls.current));
  }, [snapshot.items]);

  useEffect(
    () => () => {
      queue.dispose();
      for (const url of urls.current.values()) URL.revokeObjectURL(url);
      urls.current.clear();
    },
    [queue],
  );

  const addFiles = useCallback(
    async (files: readonly CollectedFile[]) => {
      const describe = (problem: FileProblem, file: File): string =>
        problem.kind === 'not-image'
          ? t('notImage', { type: file.type || t('unknownType') })
          : problem.kind === 'too-large'
            ? t('tooLarge', { size: formatBytes(file.size), limit: formatBytes(problem.limit) })
            : problem.kind === 'too-small'
              ? t('tooSmall', { width: problem.width, height: problem.height, min: problem.min })
              : t('empty');
      // Checked in chunks with a yield between them: starting 200 file reads at once cost one
      // ~200 ms main-thread task (about 1 ms of synchronous work per picked file).
      const verdicts: Awaited<ReturnType<typeof judgeFile>>[] = [];
      for (let i = 0; i < files.length; i += JUDGE_CHUNK) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
        const chunk = files.slice(i, i + JUDGE_CHUNK);
        verdicts.push(...(await Promise.all(chunk.map((f) => judgeFile(f.file, maxUploadBytes, describe)))));
      }
      const options = currentOptions.current;
      const payloadOf = (file: File): BatchPayload => (options ? { file, options } : { file });
      const runnable: { name: string; payload: BatchPayload }[] = [];
      files.forEach((f, i) => {
        const v = verdicts[i]!;
        if (v.ok) runnable.push({ name: f.path, payload: payloadOf(f.file) });
        else queue.addSkipped(f.path, payloadOf(f.file), v.reason);
      });
      const ids = queue.add(runnable);
      // Previews one after another, off the main thread (createImageBitmap decodes in the background).
      ids.forEach((id, i) => {
        const file = runnable[i]!.payload.file;
        previewChain.current = previewChain.current.then(async () => {
          if (urls.current.has(id)) return; // The result's thumbnail came first.
          if (!queue.getSnapshot().items.some((it) => it.id === id)) return;
          const preview = await renderPreview(file);
          if (!urls.current.has(id)) setPreview(id, preview);
        });
      });
    },
    [queue, maxUploadBytes, setPreview, t],
  );

  const reanalyse = useCallback(
    (id: string) => {
      const item = queue.getSnapshot().items.find((i) => i.id === id);
      if (item) queue.requeue(id, { ...item.payload, bypassCache: true });
    },
    [queue],
  );

  const setConcurrency = useCallback(
    (n: number) => {
      queue.setConcurrency(n);
      try {
        globalThis.localStorage?.setItem(CONCURRENCY_KEY, String(queue.getSnapshot().concurrency));
      } catch {
        // Not persisting the setting is acceptable.
      }
    },
    [queue],
  );

  return { snapshot, queue, previews, addFiles, reanalyse, setConcurrency };
}
