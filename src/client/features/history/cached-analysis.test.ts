// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POSE_SUCCESS_EXAMPLE } from '@/contract/pose-envelope';
import { postPose, sha256Hex } from '@/client/api/post-pose';
import { FakeXhr } from '@/client/testing/fake-xhr';
import { analyseWithCache } from './cached-analysis';
import { HistoryStore, memoryKeyValueStore, summedBytes } from './history-store';
import { optionsKey, poseResultKey } from './result-cache-keys';

const realXhr = globalThis.XMLHttpRequest;

function jpeg(fill: number): File {
  const bytes = new Uint8Array(512).fill(fill);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return new File([bytes], `p${fill}.jpg`, { type: 'image/jpeg' });
}

/** Answers the next request the app makes, once it has been sent. */
async function answerNext(index: number, body: object = POSE_SUCCESS_EXAMPLE, status = 200) {
  for (let i = 0; i < 50 && FakeXhr.instances.length <= index; i++)
    await new Promise((r) => setTimeout(r, 1));
  const xhr = FakeXhr.instances[index];
  if (!xhr) throw new Error(`request ${index} was never made`);
  xhr.uploadDone();
  xhr.respond(status, body, { 'X-Pose-Provider': 'nhn' });
}

function deps(store: HistoryStore, queryClient = new QueryClient()) {
  return { queryClient, store, post: postPose, thumbnail: async () => undefined, now: () => 1000 };
}

beforeEach(() => {
  FakeXhr.reset();
  globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
});
afterEach(() => {
  globalThis.XMLHttpRequest = realXhr;
});

describe('analyseWithCache', () => {
  it('posts once, then answers the same bytes from cache, also after a "reload"', async () => {
    const store = new HistoryStore(memoryKeyValueStore());
    const d = deps(store);
    const first = analyseWithCache(jpeg(1), 'a.jpg', d);
    await answerNext(0);
    const a = await first;
    expect(a.fromCache).toBe(false);
    expect(a.persisted).toBe(true);
    expect(a.entry.answer.result.numberOfPerson).toBe(1);
    expect(a.entry.answer.providerHeader).toBe('nhn');
    expect(FakeXhr.instances).toHaveLength(1);
    expect(FakeXhr.latest().url).toBe('/api/pose');

    // Same bytes, another name: same hash, no request.
    const b = await analyseWithCache(jpeg(1), 'copy.jpg', d);
    expect(b.fromCache).toBe(true);
    expect(b.entry.hash).toBe(a.entry.hash);
    expect(FakeXhr.instances).toHaveLength(1);

    // A fresh query client (a reload) still finds it in the store, with the original image.
    const c = await analyseWithCache(jpeg(1), 'a.jpg', deps(store));
    expect(c.fromCache).toBe(true);
    expect(FakeXhr.instances).toHaveLength(1);
    const image = await store.image(a.entry.hash);
    expect(image?.size).toBe(512);
  });

  it('re-analyse bypasses the cache and overwrites the record', async () => {
    const store = new HistoryStore(memoryKeyValueStore());
    const d = deps(store);
    const first = analyseWithCache(jpeg(2), 'a.jpg', d);
    await answerNext(0);
    await first;
    const again = analyseWithCache(jpeg(2), 'a.jpg', d, { bypassCache: true });
    const twoPeople = {
      ...POSE_SUCCESS_EXAMPLE,
      result: {
        ...POSE_SUCCESS_EXAMPLE.result,
        numberOfPerson: 2,
        keyPointList: [
          ...POSE_SUCCESS_EXAMPLE.result.keyPointList,
          { ...POSE_SUCCESS_EXAMPLE.result.keyPointList[0]!, personId: '1' },
        ],
      },
    };
    await answerNext(1, twoPeople);
    const r = await again;
    expect(r.fromCache).toBe(false);
    expect(FakeXhr.instances).toHaveLength(2);
    expect((await store.entry(r.entry.hash))?.answer.result.keyPointList).toHaveLength(2);
    expect((await store.list()).length).toBe(1);
  });

  it('a failed request stores nothing', async () => {
    const store = new HistoryStore(memoryKeyValueStore());
    const run = analyseWithCache(jpeg(3), 'a.jpg', deps(store));
    const failure = { header: { isSuccessful: false, resultCode: -40002, resultMessage: 'busy' } };
    for (let i = 0; i < 50 && FakeXhr.instances.length === 0; i++) await new Promise((r) => setTimeout(r, 1));
    FakeXhr.latest().respond(503, failure, { 'Retry-After': '2' });
    await expect(run).rejects.toMatchObject({ status: 503, retryAfterMs: 2000, message: 'busy' });
    expect(await store.list()).toEqual([]);
  });
});

describe('HistoryStore', () => {
  it('lists newest first, drops unreadable records, removes one and clears all', async () => {
    const kv = memoryKeyValueStore();
    const store = new HistoryStore(kv);
    const d = deps(store);
    for (const [i, fill] of [5, 6].entries()) {
      const run = analyseWithCache(jpeg(fill), `f${fill}.jpg`, { ...d, now: () => 1000 + i });
      await answerNext(i);
      await run;
    }
    await kv.set('entry:broken', { hash: 'broken', fileName: 3 });
    const list = await store.list();
    expect(list.map((e) => e.fileName)).toEqual(['f6.jpg', 'f5.jpg']);
    expect(summedBytes(list)).toBeGreaterThan(1024);
    await store.remove(list[0]!.hash);
    expect((await store.list()).map((e) => e.fileName)).toEqual(['f5.jpg']);
    expect(await store.image(list[0]!.hash)).toBeUndefined();
    await store.clear();
    expect(await store.list()).toEqual([]);
  });
});

describe('cache keys', () => {
  it('key the SHA-256 of the bytes plus the options', async () => {
    const hash = await sha256Hex(new Blob(['abc']));
    expect(hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(poseResultKey(hash)).toEqual(['pose-result', hash, 'default']);
    expect(optionsKey({ mode: 'fast', inputSize: 256 })).toBe('inputSize=256&mode=fast');
    expect(optionsKey({ inputSize: 256, mode: 'fast', parts: '' })).toBe('inputSize=256&mode=fast');
  });
});
