import { describe, expect, it } from 'vitest';
import { POSE_SUCCESS_EXAMPLE } from '@/contract/pose-envelope';
import { imagesToEvict, imageUsage } from './history-eviction';
import { HistoryStore, memoryKeyValueStore, summedBytes, type HistoryEntry } from './history-store';

const MB = 1024 * 1024;

function entry(
  hash: string,
  byteSize: number,
  createdAt: number,
  options?: { quality: string },
): HistoryEntry {
  return {
    hash,
    ...(options ? { options } : {}),
    fileName: `${hash}.jpg`,
    mimeType: 'image/jpeg',
    byteSize,
    width: 640,
    height: 425,
    createdAt,
    answer: {
      hash,
      result: POSE_SUCCESS_EXAMPLE.result,
      serverTiming: {},
      clientTiming: { uploadMs: 1, waitMs: 1, totalMs: 2 },
    },
  };
}

describe('imagesToEvict (pure policy)', () => {
  const images = [
    { hash: 'a', bytes: 100, lastUsed: 1 },
    { hash: 'b', bytes: 100, lastUsed: 3 },
    { hash: 'c', bytes: 100, lastUsed: 2 },
  ];

  it('evicts least recently used first until the rest fits', () => {
    expect(imagesToEvict(images, 300)).toEqual([]);
    expect(imagesToEvict(images, 299)).toEqual(['a']);
    expect(imagesToEvict(images, 150)).toEqual(['a', 'c']);
    expect(imagesToEvict(images, 0)).toEqual(['a', 'c', 'b']);
  });

  it('never evicts the image just saved, even when it alone is over the cap', () => {
    expect(imagesToEvict(images, 0, 'a')).toEqual(['c', 'b']);
    expect(imagesToEvict([{ hash: 'big', bytes: 500, lastUsed: 9 }], 100, 'big')).toEqual([]);
  });

  it('counts an image once, however many results it has, and uses the newest result when never opened', () => {
    const es = [entry('x', 1000, 5), entry('x', 1000, 8, { quality: 'fast' }), entry('y', 10, 6)];
    const usage = imageUsage(es, { y: 50 });
    const x = usage.find((u) => u.hash === 'x')!;
    expect(x.lastUsed).toBe(8);
    expect(usage.find((u) => u.hash === 'y')!.lastUsed).toBe(50);
    // Same total as the panel's figure.
    expect(usage.reduce((s, u) => s + u.bytes, 0)).toBe(summedBytes(es));
  });
});

describe('HistoryStore with a cap', () => {
  it('evicts the least recently used image with all its results after a save; opening counts as use', async () => {
    const kv = memoryKeyValueStore();
    // Three 1 MB photos fit in 3.5 MB; the fourth pushes one out.
    const store = new HistoryStore(kv, 3.5 * MB);
    expect(await store.save(entry('a', MB, 1), new Blob(['a']))).toEqual([]);
    expect(await store.save(entry('a', MB, 2, { quality: 'fast' }), undefined)).toEqual([]);
    expect(await store.save(entry('b', MB, 3), new Blob(['b']))).toEqual([]);
    expect(await store.save(entry('c', MB, 4), new Blob(['c']))).toEqual([]);
    // "a" is opened again: "b" is now the least recently used.
    await store.touch('a', 10);
    expect(await store.save(entry('d', MB, 11), new Blob(['d']))).toEqual(['b']);

    expect((await store.list()).map((e) => e.hash).sort()).toEqual(['a', 'a', 'c', 'd']);
    expect(await store.image('b')).toBeUndefined();
    expect(await store.entry('b')).toBeUndefined();
    expect(await store.image('a')).toBeInstanceOf(Blob);
    expect(summedBytes(await store.list())).toBeLessThanOrEqual(3.5 * MB);
    // Nothing of "b" is left behind in the store, its last-use mark included.
    expect((await kv.keys()).filter((k) => k.includes('b')).sort()).toEqual([]);
  });

  it('keeps the just-saved photo even when it alone exceeds the cap, and evicts all others', async () => {
    const store = new HistoryStore(memoryKeyValueStore(), 2 * MB);
    await store.save(entry('small', MB / 2, 1), new Blob(['s']));
    expect(await store.save(entry('huge', 5 * MB, 2), new Blob(['h']))).toEqual(['small']);
    expect((await store.list()).map((e) => e.hash)).toEqual(['huge']);
  });
});
