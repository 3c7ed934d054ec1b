import type { QueryClient } from '@tanstack/react-query';
import {
  postPose,
  sha256Hex,
  type PoseAnswer,
  type PoseQueryOptions,
  type PostPoseVariables,
  type UploadProgress,
} from '@/client/api/post-pose';
import { renderThumbnail, type RenderedImage } from '@/client/features/batch/annotated-image';
import { entryId, HistoryEntry, HistoryStore, toStoredAnswer } from './history-store';
import { canonicalOptions, historyQueryKey, poseResultKey } from './result-cache-keys';

// One image through the cache: hash -> react-query cache -> IndexedDB -> only then the network.
// Results are kept per (hash, options): the same photo at "whole body · accurate" is another
// result than at the default. A hit costs no request at all; "re-analyse" passes bypassCache and
// overwrites the record for those options.

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
  /** Query options of the request (parts, quality, ...); part of the cache key. */
  options?: PoseQueryOptions;
  bypassCache?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: UploadProgress) => void;
  /**
   * The cache key instead of the file's SHA-256: a video frame is keyed by the video's hash and
   * the frame's time, so a reopened clip finds its results before any frame is decoded again.
   */
  key?: string;
  /** Store the file itself next to the result (default true); video frames keep only results. */
  keepOriginal?: boolean;
  /** Add the result to the history list (default true); video frames stay out of it. */
  listed?: boolean;
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
  options?: PoseQueryOptions,
): Promise<HistoryEntry | undefined> {
  const key = poseResultKey(hash, options);
  // Parsed, not trusted: the compare panel keeps plain answers under the same key family.
  const inMemory = HistoryEntry.safeParse(deps.queryClient.getQueryData(key));
  if (inMemory.success) return inMemory.data;
  const stored = await deps.store.entry(hash, options).catch(() => undefined);
  if (stored) deps.queryClient.setQueryData(key, stored);
  return stored;
}

export async function analyseWithCache(
  file: Blob,
  fileName: string,
  deps: CachedAnalysisDeps,
  options: CachedAnalysisOptions = {},
): Promise<CachedAnalysisOutcome> {
  const hash = options.key ?? (await sha256Hex(file));
  const query = canonicalOptions(options.options);
  if (!options.bypassCache) {
    const hit = await lookupCached(deps, hash, query);
    if (hit) return { entry: hit, fromCache: true, persisted: true };
  }
  const post = deps.post ?? postPose;
  const answer = await post({
    file,
    fileName,
    hash,
    ...(options.options ? { options: options.options } : {}),
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
    ...(query ? { options: query } : {}),
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
  let evicted: string[] = [];
  try {
    evicted = await deps.store.save(entry, options.keepOriginal === false ? undefined : file);
  } catch {
    persisted = false;
  }
  // Images evicted to keep the history under its cap take their cached answers with them.
  for (const gone of evicted) deps.queryClient.removeQueries({ queryKey: ['pose-result', gone] });
  deps.queryClient.setQueryData(poseResultKey(hash, query), entry);
  if (options.listed === false) return { entry, fromCache: false, persisted };
  // The history list gets the new entry in memory (newest first) instead of re-reading every
  // record from IndexedDB after each of 200 results.
  const list = deps.queryClient.getQueryData<HistoryEntry[]>(historyQueryKey);
  if (list) {
    deps.queryClient.setQueryData<HistoryEntry[]>(historyQueryKey, [
      entry,
      ...list.filter((e) => entryId(e) !== entryId(entry) && !evicted.includes(e.hash)),
    ]);
  } else {
    void deps.queryClient.invalidateQueries({ queryKey: historyQueryKey });
  }
  return { entry, fromCache: false, persisted };
}
