import type { QueryClient } from '@tanstack/react-query';
import {
  postPose,
  sha256Hex,
  type PoseAnswer,
  type PostPoseVariables,
  type UploadProgress,
} from '@/client/api/post-pose';
import { renderThumbnail, type RenderedImage } from '@/client/features/batch/annotated-image';
import { HistoryStore, toStoredAnswer, type HistoryEntry } from './history-store';
import { historyQueryKey, poseResultKey } from './result-cache-keys';

// One image through the cache: hash -> react-query cache -> IndexedDB -> only then the network.
// A hit costs no request at all; "re-analyse" passes bypassCache and overwrites the record.

export interface CachedAnalysisDeps {
  queryClient: QueryClient;
  store: HistoryStore;
  /** The API call; the app passes postPose (tests too, with a fake XMLHttpRequest). */
  post?: (vars: PostPoseVariables) => Promise<PoseAnswer>;
  thumbnail?: (
    file: Blob,
    result: PoseAnswer['result'],
    knownSize?: { width: number; height: number },
  ) => Promise<RenderedImage | undefined>;
  now?: () => number;
}

export interface CachedAnalysisOptions {
  bypassCache?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: UploadProgress) => void;
}

export interface CachedAnalysisOutcome {
  entry: HistoryEntry;
  fromCache: boolean;
  /** False when the browser refused to store it (quota, private mode): shown, not kept. */
  persisted: boolean;
}

export async function lookupCached(
  deps: CachedAnalysisDeps,
  hash: string,
): Promise<HistoryEntry | undefined> {
  const key = poseResultKey(hash);
  const inMemory = deps.queryClient.getQueryData<HistoryEntry>(key);
  if (inMemory) return inMemory;
  const stored = await deps.store.entry(hash).catch(() => undefined);
  if (stored) deps.queryClient.setQueryData(key, stored);
  return stored;
}

export async function analyseWithCache(
  file: Blob,
  fileName: string,
  deps: CachedAnalysisDeps,
  options: CachedAnalysisOptions = {},
): Promise<CachedAnalysisOutcome> {
  const hash = await sha256Hex(file);
  if (!options.bypassCache) {
    const hit = await lookupCached(deps, hash);
    if (hit) return { entry: hit, fromCache: true, persisted: true };
  }
  const post = deps.post ?? postPose;
  const answer = await post({
    file,
    fileName,
    hash,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const known =
    answer.meta?.imageWidth && answer.meta.imageHeight
      ? { width: answer.meta.imageWidth, height: answer.meta.imageHeight }
      : undefined;
  const thumb = await (deps.thumbnail ?? renderThumbnail)(file, answer.result, known).catch(() => undefined);
  const entry: HistoryEntry = {
    hash,
    fileName,
    mimeType: file.type || 'application/octet-stream',
    byteSize: file.size,
    width: thumb?.sourceWidth ?? answer.meta?.imageWidth ?? 0,
    height: thumb?.sourceHeight ?? answer.meta?.imageHeight ?? 0,
    createdAt: (deps.now ?? Date.now)(),
    answer: toStoredAnswer(answer),
    ...(thumb ? { thumbnail: thumb.blob } : {}),
  };
  let persisted = true;
  try {
    await deps.store.save(entry, file);
  } catch {
    persisted = false;
  }
  deps.queryClient.setQueryData(poseResultKey(hash), entry);
  // The history list gets the new entry in memory (newest first) instead of re-reading every
  // record from IndexedDB after each of 200 results.
  const list = deps.queryClient.getQueryData<HistoryEntry[]>(historyQueryKey);
  if (list) {
    deps.queryClient.setQueryData<HistoryEntry[]>(historyQueryKey, [
      entry,
      ...list.filter((e) => e.hash !== hash),
    ]);
  } else {
    void deps.queryClient.invalidateQueries({ queryKey: historyQueryKey });
  }
  return { entry, fromCache: false, persisted };
}
