import {
  createStore,
  clear as idbClear,
  del,
  delMany,
  get,
  getMany,
  keys,
  set,
  type UseStore,
} from 'idb-keyval';
import { z } from 'zod';
import { PoseMeta, PoseResult } from '@/contract/pose-envelope';
import type { PoseAnswer, PoseQueryOptions } from '@/client/api/post-pose';
import { imagesToEvict, imageUsage } from './history-eviction';
import { historyEntryKey } from './result-cache-keys';

// The result history in IndexedDB (idb-keyval), keyed by the SHA-256 of the image bytes plus the
// analysis options. Records, so listing the history never reads whole photos:
//   entry:<hash>            a default-options result: the answer, file facts and a small
//                           thumbnail with the skeleton (~10-30 KB)
//   entry:<hash>:<options>  the same for other options (e.g. `parts=body,foot,face,hand&quality=accurate`)
//   image:<hash>            the original file, shared by every result of that image: needed to
//                           reopen an item in the viewer at full resolution and for the ZIP's PNGs
//   used                    { <hash>: epoch ms } when each image was last saved or opened
// The history is capped by bytes (HISTORY_CAP_BYTES by default): after each save the least
// recently used images go, each with all its results, until the rest fits (history-eviction.ts).
// Everything read back passes zod: a record written by an older version is dropped, not trusted.

export const StoredAnswer = z.object({
  hash: z.string().min(1),
  result: PoseResult,
  meta: PoseMeta.optional(),
  providerHeader: z.string().optional(),
  serverTiming: z.record(z.string(), z.number()),
  clientTiming: z.object({ uploadMs: z.number(), waitMs: z.number(), totalMs: z.number() }),
});
export type StoredAnswer = z.infer<typeof StoredAnswer>;

/** The query options a result was asked with (PoseQueryOptions, as stored). */
export const StoredPoseOptions = z.object({
  inputSize: z.number().optional(),
  mode: z.string().optional(),
  parts: z.string().optional(),
  quality: z.string().optional(),
  provider: z.enum(['local', 'nhn']).optional(),
});

export const HistoryEntry = z.object({
  hash: z.string().min(1),
  /** Absent for default options (and on every record written before options were stored). */
  options: StoredPoseOptions.optional(),
  fileName: z.string(),
  /** MIME type of the original file. */
  mimeType: z.string(),
  /** Bytes of the original file. */
  byteSize: z.number().int().nonnegative(),
  /** The frame the coordinates refer to (EXIF-oriented), pixels; 0 when unknown. */
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  /** Epoch ms of the analysis. */
  createdAt: z.number(),
  answer: StoredAnswer,
  /** JPEG/PNG thumbnail with the skeleton drawn; absent where the browser cannot draw off-screen. */
  thumbnail: z.instanceof(Blob).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** The few operations we need: idb-keyval in the browser, a Map where IndexedDB is missing. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  getMany(keys: string[]): Promise<unknown[]>;
  set(key: string, value: unknown): Promise<void>;
  del(keys: string[]): Promise<void>;
  keys(): Promise<string[]>;
  clear(): Promise<void>;
}

export function idbKeyValueStore(dbName = 'posescope', storeName = 'history'): KeyValueStore {
  const store: UseStore = createStore(dbName, storeName);
  return {
    get: (key) => get(key, store),
    getMany: (ks) => getMany(ks, store),
    set: (key, value) => set(key, value, store),
    del: (ks) => (ks.length === 1 ? del(ks[0]!, store) : delMany(ks, store)),
    keys: async () => (await keys(store)).map(String),
    clear: () => idbClear(store),
  };
}

/** Private windows and old engines without IndexedDB still get a history for the session. */
export function memoryKeyValueStore(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async (key) => map.get(key),
    getMany: async (ks) => ks.map((k) => map.get(k)),
    set: async (key, value) => {
      map.set(key, value);
    },
    del: async (ks) => {
      for (const k of ks) map.delete(k);
    },
    keys: async () => [...map.keys()],
    clear: async () => map.clear(),
  };
}

export function defaultKeyValueStore(): KeyValueStore {
  return typeof indexedDB === 'undefined' ? memoryKeyValueStore() : idbKeyValueStore();
}

const entryKey = (hash: string, options?: PoseQueryOptions) => `entry:${historyEntryKey(hash, options)}`;
/** Every entry record of one image: `entry:<hash>` or `entry:<hash>:<options>`. */
const isEntryOf = (key: string, hash: string) => key === `entry:${hash}` || key.startsWith(`entry:${hash}:`);

/** The identity of a stored result (one image can have several, one per options). */
export function entryId(entry: Pick<HistoryEntry, 'hash' | 'options'>): string {
  return historyEntryKey(entry.hash, entry.options);
}
const imageKey = (hash: string) => `image:${hash}`;
const USED_KEY = 'used';
const UsedRecord = z.record(z.string(), z.number());

/**
 * Default cap of the history, 300 MB (binary, as formatBytes shows it), counted as summedBytes does:
 * 300 MB holds ~100 phone photos, and stays well inside what browsers grant a site without asking
 * (Chromium: a share of free disk; Safari: about 1 GB before it prompts).
 */
export const HISTORY_CAP_BYTES = 300 * 1024 * 1024;

/** PoseAnswer -> the plain record stored (undefined fields left out). */
export function toStoredAnswer(answer: PoseAnswer): StoredAnswer {
  return StoredAnswer.parse({
    hash: answer.hash,
    result: answer.result,
    ...(answer.meta ? { meta: answer.meta } : {}),
    ...(answer.providerHeader ? { providerHeader: answer.providerHeader } : {}),
    serverTiming: answer.serverTiming,
    clientTiming: answer.clientTiming,
  });
}

/** The stored record as the answer shape the viewer reads. */
export function toPoseAnswer(stored: StoredAnswer): PoseAnswer {
  return {
    hash: stored.hash,
    result: stored.result,
    meta: stored.meta,
    providerHeader: stored.providerHeader,
    serverTiming: stored.serverTiming,
    clientTiming: stored.clientTiming,
  };
}

/** "local" | "nhn" | "unknown": from the meta, else the X-Pose-Provider header. */
export function providerOf(entry: HistoryEntry): string {
  return entry.answer.meta?.provider ?? entry.answer.providerHeader ?? 'unknown';
}

export class HistoryStore {
  constructor(
    readonly kv: KeyValueStore,
    /** Bytes the history may hold; the least recently used images go past it. */
    private cap: number = HISTORY_CAP_BYTES,
  ) {}

  get capBytes(): number {
    return this.cap;
  }

  /** A new cap, applied at once: returns the images evicted to meet it (never the most recent). */
  async setCap(bytes: number): Promise<string[]> {
    this.cap = bytes;
    const [entries, used] = await Promise.all([this.list(), this.usedTimes()]);
    const newest = imageUsage(entries, used).sort((a, b) => b.lastUsed - a.lastUsed)[0];
    return newest ? this.evict(newest.hash) : [];
  }

  /**
   * Stores a result (and the original), marks its image as just used (at the entry's createdAt),
   * then evicts the least recently used other images past the cap. Returns the evicted hashes.
   */
  async save(entry: HistoryEntry, image: Blob | undefined): Promise<string[]> {
    const parsed = HistoryEntry.parse(entry);
    if (image) await this.kv.set(imageKey(parsed.hash), image);
    await this.kv.set(entryKey(parsed.hash, parsed.options), parsed);
    await this.touch(parsed.hash, parsed.createdAt);
    return this.evict(parsed.hash);
  }

  /** Marks an image as used now (opening it in the viewer, restoring it after a reload). */
  async touch(hash: string, at: number = Date.now()): Promise<void> {
    const used = await this.usedTimes();
    await this.kv.set(USED_KEY, { ...used, [hash]: at });
  }

  private async usedTimes(): Promise<Record<string, number>> {
    const parsed = UsedRecord.safeParse(await this.kv.get(USED_KEY));
    return parsed.success ? parsed.data : {};
  }

  /** Removes least recently used images (never `keep`) until the history fits the cap. */
  async evict(keep: string): Promise<string[]> {
    const [entries, used] = await Promise.all([this.list(), this.usedTimes()]);
    const victims = imagesToEvict(imageUsage(entries, used), this.capBytes, keep);
    if (victims.length === 0) return [];
    const ks = await this.kv.keys();
    await this.kv.del(ks.filter((k) => victims.some((h) => k === imageKey(h) || isEntryOf(k, h))));
    await this.forgetUse(victims);
    return victims;
  }

  /** Drops the last-use marks of images that are gone (the record too, once empty). */
  private async forgetUse(hashes: readonly string[]): Promise<void> {
    const gone = new Set(hashes);
    const rest = Object.fromEntries(Object.entries(await this.usedTimes()).filter(([h]) => !gone.has(h)));
    if (Object.keys(rest).length === 0) await this.kv.del([USED_KEY]);
    else await this.kv.set(USED_KEY, rest);
  }

  /** The result for these options; a record whose stored options disagree with its key is not trusted. */
  async entry(hash: string, options?: PoseQueryOptions): Promise<HistoryEntry | undefined> {
    const parsed = HistoryEntry.safeParse(await this.kv.get(entryKey(hash, options)));
    if (!parsed.success) return undefined;
    return entryId(parsed.data) === historyEntryKey(hash, options) ? parsed.data : undefined;
  }

  async image(hash: string): Promise<Blob | undefined> {
    const parsed = z.instanceof(Blob).safeParse(await this.kv.get(imageKey(hash)));
    return parsed.success ? parsed.data : undefined;
  }

  /** Newest first; unreadable records are left out. */
  async list(): Promise<HistoryEntry[]> {
    const ks = (await this.kv.keys()).filter((k) => k.startsWith('entry:'));
    const values = await this.kv.getMany(ks);
    const out: HistoryEntry[] = [];
    for (const v of values) {
      const parsed = HistoryEntry.safeParse(v);
      if (parsed.success) out.push(parsed.data);
    }
    return out.sort((a, b) => b.createdAt - a.createdAt || a.fileName.localeCompare(b.fileName));
  }

  /**
   * Removes the result for these options; the shared original goes with the last result of its
   * image. Returns whether the original was removed.
   */
  async remove(hash: string, options?: PoseQueryOptions): Promise<boolean> {
    const key = entryKey(hash, options);
    const others = (await this.kv.keys()).filter((k) => k !== key && isEntryOf(k, hash));
    const last = others.length === 0;
    await this.kv.del(last ? [key, imageKey(hash)] : [key]);
    if (last) await this.forgetUse([hash]);
    return last;
  }

  async clear(): Promise<void> {
    await this.kv.clear();
  }
}

/**
 * Bytes the history holds by our own count: original images (once each) + thumbnails + the answers'
 * JSON (UTF-16 length as an upper-bound proxy). IndexedDB overhead is not included; the
 * browser's own figure comes from navigator.storage.estimate().
 */
export function summedBytes(entries: readonly HistoryEntry[]): number {
  let total = 0;
  // One original per image, however many results it has.
  const images = new Set<string>();
  for (const e of entries) {
    if (!images.has(e.hash)) {
      images.add(e.hash);
      total += e.byteSize;
    }
    total += (e.thumbnail?.size ?? 0) + JSON.stringify(e.answer).length;
  }
  return total;
}

/** The origin's usage as the browser counts it (all storage of this site), if it tells. */
export async function originUsageBytes(): Promise<number | undefined> {
  try {
    const estimate = await globalThis.navigator?.storage?.estimate?.();
    return typeof estimate?.usage === 'number' ? estimate.usage : undefined;
  } catch {
    return undefined;
  }
}
