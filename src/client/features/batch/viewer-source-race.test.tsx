// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analysis } from '@/client/features/analysis/use-analysis';
import {
  HistoryStore,
  memoryKeyValueStore,
  type HistoryEntry,
  type KeyValueStore,
} from '@/client/features/history/history-store';
import { POSE_SUCCESS_EXAMPLE } from '@/contract/pose-envelope';
import { useViewerSource } from './use-viewer-source';

// Opening gallery items reads their originals from IndexedDB (async). Opens whose reads finish
// in the other order, or after the viewer was taken by a close or a new single image, must leave
// the newest choice on screen.

/** A store whose image reads wait until the test releases them, one gate per image hash. */
function gatedStore(): { store: HistoryStore; release: (hash: string) => Promise<void> } {
  const inner = memoryKeyValueStore();
  const gates = new Map<string, { open: () => void; opened: Promise<void> }>();
  const gateOf = (hash: string) => {
    let gate = gates.get(hash);
    if (!gate) {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      gate = { open, opened };
      gates.set(hash, gate);
    }
    return gate;
  };
  const kv: KeyValueStore = {
    ...inner,
    get: async (key) => {
      if (key.startsWith('image:')) await gateOf(key.slice('image:'.length)).opened;
      return inner.get(key);
    },
  };
  return {
    store: new HistoryStore(kv),
    release: async (hash) => {
      gateOf(hash).open();
      // Let the awaiting open() run to its end (promise callbacks only, no clock).
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    },
  };
}

function entry(hash: string): HistoryEntry {
  return {
    hash,
    fileName: `${hash}.jpg`,
    mimeType: 'image/jpeg',
    byteSize: 4,
    width: 640,
    height: 425,
    createdAt: 1,
    answer: {
      hash,
      result: POSE_SUCCESS_EXAMPLE.result,
      serverTiming: {},
      clientTiming: { uploadMs: 1, waitMs: 1, totalMs: 2 },
    },
  };
}

const single = (id?: number): Analysis => ({
  image:
    id === undefined ? undefined : { id, file: new Blob(['x']), name: 'x.jpg', url: 'blob:x', hash: 'x' },
  phase: 'idle',
  progress: 0,
  answer: undefined,
  error: undefined,
  pickFile: () => undefined,
  retry: () => undefined,
  dismiss: () => undefined,
});

beforeEach(() => {
  let n = 0;
  URL.createObjectURL = () => `blob:test/${++n}`;
  URL.revokeObjectURL = () => undefined;
});
afterEach(() => cleanup());

async function setup() {
  const { store, release } = gatedStore();
  for (const hash of ['aaa', 'bbb']) await store.save(entry(hash), new Blob([hash]));
  const hook = renderHook(({ s }) => useViewerSource(s, store), { initialProps: { s: single() } });
  return { hook, release };
}

describe('useViewerSource.open', () => {
  it('the later open wins when the earlier read finishes last', async () => {
    const { hook, release } = await setup();
    let first!: Promise<string>;
    let second!: Promise<string>;
    act(() => {
      first = hook.result.current.open(entry('aaa'));
      second = hook.result.current.open(entry('bbb'));
    });
    await act(() => release('bbb'));
    expect(await second).toBe('opened');
    expect(hook.result.current.opened?.hash).toBe('bbb');
    await act(() => release('aaa'));
    expect(await first).toBe('superseded');
    expect(hook.result.current.opened?.hash).toBe('bbb');
    expect(hook.result.current.analysis.image?.name).toBe('bbb.jpg');
  });

  it('a new single image picked while an open is reading keeps the viewer', async () => {
    const { hook, release } = await setup();
    let opening!: Promise<string>;
    act(() => {
      opening = hook.result.current.open(entry('aaa'));
    });
    hook.rerender({ s: single(1) });
    await act(() => release('aaa'));
    expect(await opening).toBe('superseded');
    expect(hook.result.current.opened).toBeUndefined();
    expect(hook.result.current.analysis.image?.id).toBe(1);
  });

  it('an original that is gone is reported as gone', async () => {
    const { hook, release } = await setup();
    let opening!: Promise<string>;
    act(() => {
      opening = hook.result.current.open(entry('ccc'));
    });
    await act(() => release('ccc'));
    expect(await opening).toBe('gone');
  });
});
