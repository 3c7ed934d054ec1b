import type { HistoryEntry } from './history-store';

// The history's eviction policy, pure: what each stored image costs and when it was last used,
// then which images go so that the rest fits the cap, least recently used first. An image goes
// with all its results (they are useless without the original, which is most of the bytes).

export interface ImageUsage {
  hash: string;
  /** Original + thumbnails + answers' JSON (the count summedBytes uses). */
  bytes: number;
  /** Epoch ms of the last save or open; the newest result's createdAt when never recorded. */
  lastUsed: number;
}

/** Per image: its bytes and last use. `used` holds the recorded last uses by hash. */
export function imageUsage(
  entries: readonly HistoryEntry[],
  used: Readonly<Record<string, number>>,
): ImageUsage[] {
  const byHash = new Map<string, ImageUsage>();
  for (const e of entries) {
    let u = byHash.get(e.hash);
    if (!u) {
      u = { hash: e.hash, bytes: e.byteSize, lastUsed: used[e.hash] ?? e.createdAt };
      byHash.set(e.hash, u);
    } else if (used[e.hash] === undefined) u.lastUsed = Math.max(u.lastUsed, e.createdAt);
    u.bytes += (e.thumbnail?.size ?? 0) + JSON.stringify(e.answer).length;
  }
  return [...byHash.values()];
}

/**
 * Hashes to evict, least recently used first, until the total is at most `capBytes`. `keep` (the
 * image just saved) never goes, even when it alone is over the cap.
 */
export function imagesToEvict(images: readonly ImageUsage[], capBytes: number, keep?: string): string[] {
  let total = images.reduce((sum, i) => sum + i.bytes, 0);
  const out: string[] = [];
  const oldestFirst = [...images].sort((a, b) => a.lastUsed - b.lastUsed || a.hash.localeCompare(b.hash));
  for (const image of oldestFirst) {
    if (total <= capBytes) break;
    if (image.hash === keep) continue;
    out.push(image.hash);
    total -= image.bytes;
  }
  return out;
}
