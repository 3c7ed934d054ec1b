import { z } from 'zod';
import type { PoseAnswer, PoseQueryOptions } from '@/client/api/post-pose';
import { StoredPoseOptions, toPoseAnswer, toStoredAnswer, type HistoryEntry } from './history-store';
import { pageHistoryStore } from './use-history';

// The last single photo and its result, kept in the local history (IndexedDB) so a reload
// shows them again instead of an empty page. localStorage only remembers which entry it was.
// Loaded on demand (app-shell's use-last-photo.ts imports it dynamically).

const LAST_KEY = 'posescope.last-photo';

const LastRef = z.object({ hash: z.string().min(1), options: StoredPoseOptions.optional() });

export function hasLastPhoto(): boolean {
  try {
    return globalThis.localStorage?.getItem(LAST_KEY) != null;
  } catch {
    return false;
  }
}

export async function saveLastPhoto(
  image: { hash: string; file: Blob; name: string },
  answer: PoseAnswer,
  options: PoseQueryOptions | undefined,
): Promise<void> {
  const entry: HistoryEntry = {
    hash: image.hash,
    ...(options ? { options } : {}),
    fileName: image.name,
    mimeType: image.file.type || 'application/octet-stream',
    byteSize: image.file.size,
    width: answer.meta?.imageWidth ?? 0,
    height: answer.meta?.imageHeight ?? 0,
    createdAt: Date.now(),
    answer: toStoredAnswer(answer),
  };
  await pageHistoryStore().save(entry, image.file);
  try {
    globalThis.localStorage?.setItem(LAST_KEY, JSON.stringify({ hash: image.hash, options }));
  } catch {
    // Without storage there is simply nothing to restore.
  }
}

/** The remembered photo, its name and answer; undefined when there is none or it is gone. */
export async function loadLastPhoto(): Promise<
  { file: Blob; name: string; hash: string; answer: PoseAnswer } | undefined
> {
  let raw: string | null | undefined;
  try {
    raw = globalThis.localStorage?.getItem(LAST_KEY);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const ref = LastRef.safeParse(json);
  if (!ref.success) return undefined;
  const store = pageHistoryStore();
  const [entry, file] = await Promise.all([
    store.entry(ref.data.hash, ref.data.options),
    store.image(ref.data.hash),
  ]);
  if (!entry || !file) return undefined;
  // Restoring it counts as use (the history evicts least recently used images first).
  void store.touch(entry.hash).catch(() => undefined);
  return { file, name: entry.fileName, hash: entry.hash, answer: toPoseAnswer(entry.answer) };
}
