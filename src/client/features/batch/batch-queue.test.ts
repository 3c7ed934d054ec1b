import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchQueue, countByStatus, type FailureInfo, type RunContext, type RunOutcome } from './batch-queue';

// A job the test settles by hand: the queue only sees promises and a signal.
interface Job {
  payload: string;
  ctx: RunContext;
  resolve: (o: RunOutcome) => void;
  reject: (e: unknown) => void;
}

class BusyError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('busy');
  }
}

function makeQueue(options: { concurrency?: number; maxAttempts?: number; random?: () => number } = {}) {
  const jobs: Job[] = [];
  const queue = new BatchQueue<string>({
    // No jitter unless a test asks for it: waits are then exact.
    random: () => 0,
    ...options,
    run: (payload, ctx) =>
      new Promise<RunOutcome>((resolve, reject) => {
        jobs.push({ payload, ctx, resolve, reject });
      }),
    classify: (error): FailureInfo =>
      error instanceof BusyError
        ? { reason: 'server busy', retryable: true, retryAfterMs: error.retryAfterMs }
        : { reason: error instanceof Error ? error.message : 'unknown', retryable: true },
  });
  const statuses = () => queue.getSnapshot().items.map((i) => i.status.kind);
  return { queue, jobs, statuses };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('BatchQueue', () => {
  it('runs at most `concurrency` items at once and starts the next when one finishes', async () => {
    const { queue, jobs, statuses } = makeQueue();
    queue.add(['a', 'b', 'c', 'd'].map((n) => ({ name: n, payload: n })));
    expect(jobs.map((j) => j.payload)).toEqual(['a', 'b']);
    expect(statuses()).toEqual(['uploading', 'uploading', 'waiting', 'waiting']);

    jobs[0]!.resolve({ personCount: 3, fromCache: false });
    await flush();
    expect(jobs.map((j) => j.payload)).toEqual(['a', 'b', 'c']);
    expect(queue.getSnapshot().items[0]!.status).toEqual({ kind: 'done', personCount: 3, fromCache: false });
  });

  it('honours a changed concurrency', async () => {
    const { queue, jobs } = makeQueue({ concurrency: 1 });
    queue.add(['a', 'b', 'c'].map((n) => ({ name: n, payload: n })));
    expect(jobs).toHaveLength(1);
    queue.setConcurrency(3);
    expect(jobs).toHaveLength(3);
    expect(queue.getSnapshot().concurrency).toBe(3);
  });

  it('reports upload progress and the analysing phase', () => {
    const { queue, jobs } = makeQueue();
    queue.add([{ name: 'a', payload: 'a' }]);
    jobs[0]!.ctx.onProgress('uploading', 0.5);
    expect(queue.getSnapshot().items[0]!.status).toEqual({ kind: 'uploading', progress: 0.5 });
    jobs[0]!.ctx.onProgress('analysing', 1);
    expect(queue.getSnapshot().items[0]!.status).toEqual({ kind: 'analysing' });
  });

  it('waits Retry-After before trying again, and starts nothing else meanwhile', async () => {
    const { queue, jobs, statuses } = makeQueue({ concurrency: 1 });
    queue.add(['a', 'b'].map((n) => ({ name: n, payload: n })));
    jobs[0]!.reject(new BusyError(3000));
    await flush();
    expect(statuses()).toEqual(['waiting', 'waiting']);
    expect(queue.getSnapshot().items[0]!.status).toEqual({ kind: 'waiting', notBefore: Date.now() + 3000 });
    expect(queue.getSnapshot().holdUntil).toBe(Date.now() + 3000);

    await vi.advanceTimersByTimeAsync(2999);
    expect(jobs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    // The same item goes first again.
    expect(jobs.map((j) => j.payload)).toEqual(['a', 'a']);
    expect(queue.getSnapshot().items[0]!.attempts).toBe(2);
    jobs[1]!.resolve({ personCount: 1, fromCache: false });
    await flush();
    expect(jobs.map((j) => j.payload)).toEqual(['a', 'a', 'b']);
  });

  it('backs off exponentially with jitter on busy answers, Retry-After being the floor', async () => {
    const { queue, jobs } = makeQueue({ concurrency: 1, maxAttempts: 5 });
    queue.add([{ name: 'a', payload: 'a' }]);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      jobs[attempt]!.reject(new BusyError(0));
      await flush();
      const status = queue.getSnapshot().items[0]!.status;
      const wait = status.kind === 'waiting' ? (status.notBefore ?? 0) - Date.now() : -1;
      waits.push(wait);
      await vi.advanceTimersByTimeAsync(wait);
    }
    expect(waits).toEqual([1000, 2000, 4000]);
    // A longer Retry-After wins over the back-off.
    jobs[3]!.reject(new BusyError(30_000));
    await flush();
    expect(queue.getSnapshot().holdUntil).toBe(Date.now() + 30_000);

    const jittered = makeQueue({ concurrency: 1, random: () => 1 });
    jittered.queue.add([{ name: 'b', payload: 'b' }]);
    jittered.jobs[0]!.reject(new BusyError(0));
    await flush();
    expect(jittered.queue.getSnapshot().holdUntil).toBe(Date.now() + 1500);
  });

  it('gives up after maxAttempts busy answers and marks the item failed (retryable)', async () => {
    const { queue, jobs } = makeQueue({ concurrency: 1, maxAttempts: 2 });
    queue.add([{ name: 'a', payload: 'a' }]);
    jobs[0]!.reject(new BusyError(1000));
    await vi.advanceTimersByTimeAsync(1000);
    jobs[1]!.reject(new BusyError(1000));
    await vi.advanceTimersByTimeAsync(5000);
    expect(jobs).toHaveLength(2);
    expect(queue.getSnapshot().items[0]!.status).toEqual({
      kind: 'failed',
      reason: 'server busy',
      retryable: true,
    });
  });

  it('pause stops new starts (running ones finish); resume continues', async () => {
    const { queue, jobs, statuses } = makeQueue({ concurrency: 1 });
    queue.add(['a', 'b'].map((n) => ({ name: n, payload: n })));
    queue.pause();
    jobs[0]!.resolve({ personCount: 0, fromCache: false });
    await flush();
    expect(statuses()).toEqual(['done', 'waiting']);
    expect(jobs).toHaveLength(1);
    queue.resume();
    expect(jobs).toHaveLength(2);
    expect(queue.getSnapshot().paused).toBe(false);
  });

  it('retry puts a failed item back; clear aborts running work and empties the list', async () => {
    const { queue, jobs, statuses } = makeQueue({ concurrency: 1 });
    queue.add(['a', 'b'].map((n) => ({ name: n, payload: n })));
    jobs[0]!.reject(new Error('HTTP 502'));
    await flush();
    expect(queue.getSnapshot().items[0]!.status).toEqual({
      kind: 'failed',
      reason: 'HTTP 502',
      retryable: true,
    });
    expect(statuses()).toEqual(['failed', 'uploading']);

    queue.retry(queue.getSnapshot().items[0]!.id);
    expect(statuses()).toEqual(['waiting', 'uploading']);
    jobs[1]!.resolve({ personCount: 2, fromCache: true });
    await flush();
    expect(jobs.map((j) => j.payload)).toEqual(['a', 'b', 'a']);

    const running = jobs[2]!;
    queue.clear();
    expect(running.ctx.signal.aborted).toBe(true);
    expect(queue.getSnapshot().items).toEqual([]);
    // A late answer of the aborted run changes nothing.
    running.resolve({ personCount: 9, fromCache: false });
    await flush();
    expect(queue.getSnapshot().items).toEqual([]);
  });

  it('lists skipped files without running them and counts statuses', () => {
    const { queue, jobs } = makeQueue();
    queue.addSkipped('notes.txt', 'x', 'not an image (text/plain)');
    expect(jobs).toHaveLength(0);
    expect(queue.getSnapshot().items[0]!.status).toEqual({
      kind: 'skipped',
      reason: 'not an image (text/plain)',
    });
    expect(countByStatus(queue.getSnapshot().items).skipped).toBe(1);
  });

  it('notifies subscribers with a new snapshot object per change', () => {
    const { queue } = makeQueue();
    const seen: unknown[] = [];
    queue.subscribe(() => seen.push(queue.getSnapshot()));
    const before = queue.getSnapshot();
    queue.pause();
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toBe(before);
  });
});
