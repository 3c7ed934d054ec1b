// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POSE_SUCCESS_EXAMPLE } from '@/contract/pose-envelope';
import { postPose, sha256Hex } from '@/client/api/post-pose';
import { FakeXhr } from '@/client/testing/fake-xhr';
import { analyseWithCache } from './cached-analysis';
import { HistoryStore, memoryKeyValueStore, summedBytes } from './history-store';
import { historyEntryKey, optionsKey, poseResultKey } from './result-cache-keys';

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

  it('caches per options: a hit only for the same options, other options make a new request', async () => {
    const store = new HistoryStore(memoryKeyValueStore());
    const d = deps(store);
    const whole = { parts: 'body,foot,face,hand', quality: 'accurate' };
    const first = analyseWithCache(jpeg(7), 'a.jpg', d, { options: whole });
    await answerNext(0);
    const a = await first;
    expect(a.fromCache).toBe(false);
    expect(FakeXhr.latest().url).toBe('/api/pose?parts=body%2Cfoot%2Cface%2Chand&quality=accurate');
    expect(a.entry.options).toEqual(whole);

    // Same options (keys in another order): no request, in memory and after a "reload".
    const same = { quality: 'accurate', parts: 'body,foot,face,hand' };
    expect((await analyseWithCache(jpeg(7), 'a.jpg', d, { options: same })).fromCache).toBe(true);
    expect((await analyseWithCache(jpeg(7), 'a.jpg', deps(store), { options: same })).fromCache).toBe(true);
    expect(FakeXhr.instances).toHaveLength(1);

    // Other options on the same bytes: a new request and a second result next to the first.
    const fast = analyseWithCache(jpeg(7), 'a.jpg', deps(store), {
      options: { parts: 'body,foot,face,hand', quality: 'fast' },
    });
    await answerNext(1);
    expect((await fast).fromCache).toBe(false);
    expect(FakeXhr.latest().url).toBe('/api/pose?parts=body%2Cfoot%2Cface%2Chand&quality=fast');
    const noOptions = analyseWithCache(jpeg(7), 'a.jpg', deps(store));
    await answerNext(2);
    expect((await noOptions).fromCache).toBe(false);
    expect(FakeXhr.latest().url).toBe('/api/pose');
    expect(FakeXhr.instances).toHaveLength(3);
    const list = await store.list();
    expect(list.map((e) => optionsKey(e.options)).sort()).toEqual([
      'default',
      'parts=body,foot,face,hand&quality=accurate',
      'parts=body,foot,face,hand&quality=fast',
    ]);
    // The original is stored once, and counted once.
    const keys = await store.kv.keys();
    expect(keys.filter((k) => k.startsWith('image:'))).toHaveLength(1);
    expect(summedBytes(list)).toBe(512 + list.reduce((n, e) => n + JSON.stringify(e.answer).length, 0));

    // Removing one result keeps the others and the shared original; the last takes the original along.
    expect(await store.remove(a.entry.hash, whole)).toBe(false);
    expect(await store.entry(a.entry.hash, whole)).toBeUndefined();
    expect((await store.list()).length).toBe(2);
    expect(await store.image(a.entry.hash)).toBeInstanceOf(Blob);
    expect(await store.remove(a.entry.hash, { parts: 'body,foot,face,hand', quality: 'fast' })).toBe(false);
    expect(await store.remove(a.entry.hash)).toBe(true);
    expect(await store.image(a.entry.hash)).toBeUndefined();
    expect(await store.kv.keys()).toEqual([]);
  });

  it('default options (none, or parts=body) still hit records written before options were stored', async () => {
    const kv = memoryKeyValueStore();
    const store = new HistoryStore(kv);
    const first = analyseWithCache(jpeg(8), 'old.jpg', deps(store));
    await answerNext(0);
    const old = await first;
    // The record an older version wrote: `entry:<hash>`, no options field.
    // (`used` holds the images' last-use times for the cap, not a result.)
    const keys = (await kv.keys()).filter((k) => k !== 'used');
    expect(keys.sort()).toEqual([`entry:${old.entry.hash}`, `image:${old.entry.hash}`]);
    expect(old.entry.options).toBeUndefined();

    for (const options of [undefined, {}, { parts: 'body' }, { parts: 'body', quality: '' }]) {
      const hit = await analyseWithCache(jpeg(8), 'old.jpg', deps(store), options ? { options } : {});
      expect(hit.fromCache).toBe(true);
      expect(hit.entry.fileName).toBe('old.jpg');
    }
    expect(FakeXhr.instances).toHaveLength(1);
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
    expect(optionsKey({ parts: 'body' })).toBe('default');
    expect(historyEntryKey(hash, undefined)).toBe(hash);
    expect(historyEntryKey(hash, { parts: 'body' })).toBe(hash);
    expect(historyEntryKey(hash, { quality: 'accurate', parts: 'body,foot,face,hand' })).toBe(
      `${hash}:parts=body,foot,face,hand&quality=accurate`,
    );
  });
});
