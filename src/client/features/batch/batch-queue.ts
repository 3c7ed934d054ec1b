// The batch queue as plain data and a small scheduler: no React, no DOM, no fetch. The UI
// subscribes to snapshots; the work for one item is an injected `run` function, so tests drive
// the queue with fake timers and promises they settle themselves.

export type ItemStatus =
  | {
      kind: 'waiting';
      /** Epoch ms before which it will not start (Retry-After back-off). */ notBefore?: number;
    }
  | { kind: 'uploading'; /** 0..1 of the body sent. */ progress: number }
  | { kind: 'analysing' }
  | { kind: 'done'; personCount: number; fromCache: boolean }
  | { kind: 'failed'; reason: string; retryable: boolean }
  | { kind: 'skipped'; reason: string };

export interface QueueItem<P> {
  id: string;
  name: string;
  status: ItemStatus;
  /** Automatic attempts made so far (reset by a manual retry). */
  attempts: number;
  payload: P;
}

export interface RunContext {
  signal: AbortSignal;
  onProgress: (phase: 'uploading' | 'analysing', fraction: number) => void;
}

export interface RunOutcome {
  personCount: number;
  fromCache: boolean;
}

/** How a failure is shown and whether it is tried again by itself. */
export interface FailureInfo {
  reason: string;
  /** The user may retry it (a "Retry" button); false for e.g. "not an image" answers. */
  retryable: boolean;
  /** Set for 429/503: wait this long (ms) and then try again automatically. */
  retryAfterMs?: number;
}

export interface QueueOptions<P> {
  run: (payload: P, ctx: RunContext) => Promise<RunOutcome>;
  classify: (error: unknown) => FailureInfo;
  /** Parallel runs; default 2. */
  concurrency?: number;
  /** Automatic attempts per item on 429/503 before it is marked failed; default 4. */
  maxAttempts?: number;
  /** Upper bound of one back-off wait (ms), whatever the server asks; default 60 s. */
  maxRetryAfterMs?: number;
  /** First automatic back-off on 429/503 (ms), doubled for each further attempt; default 1 s. */
  backoffBaseMs?: number;
  /** 0..1, for the jitter (tests pass a constant); default Math.random. */
  random?: () => number;
  now?: () => number;
}

export interface QueueSnapshot<P> {
  items: readonly QueueItem<P>[];
  paused: boolean;
  concurrency: number;
  /** Epoch ms until which no item starts (the server asked to wait); undefined when not holding. */
  holdUntil: number | undefined;
}

export const DEFAULT_CONCURRENCY = 2;
export const MAX_CONCURRENCY = 8;

function clampConcurrency(n: number): number {
  return Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(Number.isFinite(n) ? n : DEFAULT_CONCURRENCY)));
}

export class BatchQueue<P> {
  private items: QueueItem<P>[] = [];
  private paused = false;
  private concurrency: number;
  private holdUntil: number | undefined;
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly controllers = new Map<string, AbortController>();
  private readonly listeners = new Set<() => void>();
  private snapshot: QueueSnapshot<P>;
  private nextId = 1;
  private readonly opts: Required<Omit<QueueOptions<P>, 'concurrency'>>;

  constructor(options: QueueOptions<P>) {
    this.concurrency = clampConcurrency(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.opts = {
      run: options.run,
      classify: options.classify,
      maxAttempts: options.maxAttempts ?? 4,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
      backoffBaseMs: options.backoffBaseMs ?? 1_000,
      random: options.random ?? Math.random,
      now: options.now ?? (() => Date.now()),
    };
    this.snapshot = this.makeSnapshot();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Stable between changes (for useSyncExternalStore). */
  getSnapshot = (): QueueSnapshot<P> => this.snapshot;

  /** Adds runnable items; returns their ids. */
  add(entries: readonly { name: string; payload: P }[]): string[] {
    const ids = entries.map((e) => {
      const id = `q${this.nextId++}`;
      this.items.push({ id, name: e.name, payload: e.payload, attempts: 0, status: { kind: 'waiting' } });
      return id;
    });
    this.changed();
    this.pump();
    return ids;
  }

  /** Lists a file that will not be sent, with the reason. */
  addSkipped(name: string, payload: P, reason: string): string {
    const id = `q${this.nextId++}`;
    this.items.push({ id, name, payload, attempts: 0, status: { kind: 'skipped', reason } });
    this.changed();
    return id;
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.changed();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.changed();
    this.pump();
  }

  setConcurrency(n: number): void {
    this.concurrency = clampConcurrency(n);
    this.changed();
    this.pump();
  }

  /** A failed item goes back to the queue with a fresh attempt budget. */
  retry(id: string): void {
    const item = this.items.find((i) => i.id === id);
    if (!item || item.status.kind !== 'failed') return;
    this.update(id, { status: { kind: 'waiting' }, attempts: 0 });
    this.pump();
  }

  retryAllFailed(): void {
    for (const item of this.items) {
      if (item.status.kind === 'failed' && item.status.retryable) {
        this.update(item.id, { status: { kind: 'waiting' }, attempts: 0 });
      }
    }
    this.pump();
  }

  /** Re-runs a finished item (e.g. "re-analyse"), whatever its state, unless it is running. */
  requeue(id: string, payload?: P): void {
    const item = this.items.find((i) => i.id === id);
    if (!item || this.controllers.has(id) || item.status.kind === 'skipped') return;
    this.update(id, { status: { kind: 'waiting' }, attempts: 0, ...(payload ? { payload } : {}) });
    this.pump();
  }

  /** Replaces an item's payload (e.g. to remember its hash once known) without changing its state. */
  patchPayload(id: string, payload: P): void {
    this.update(id, { payload });
  }

  remove(id: string): void {
    this.controllers.get(id)?.abort();
    this.controllers.delete(id);
    this.items = this.items.filter((i) => i.id !== id);
    this.changed();
    this.pump();
  }

  /** Cancels running work and empties the list. Finished results stay wherever `run` put them. */
  clear(): void {
    for (const c of this.controllers.values()) c.abort();
    this.controllers.clear();
    this.items = [];
    this.setHold(undefined);
    this.changed();
  }

  /** Stops timers and running work (unmount). */
  dispose(): void {
    this.clear();
    this.listeners.clear();
  }

  private running(): number {
    return this.controllers.size;
  }

  private setHold(until: number | undefined): void {
    if (this.holdTimer !== undefined) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.holdUntil = until;
    if (until !== undefined) {
      this.holdTimer = setTimeout(
        () => {
          this.holdTimer = undefined;
          this.holdUntil = undefined;
          this.changed();
          this.pump();
        },
        Math.max(0, until - this.opts.now()),
      );
    }
  }

  private pump(): void {
    if (this.paused) return;
    if (this.holdUntil !== undefined && this.opts.now() < this.holdUntil) return;
    while (this.running() < this.concurrency) {
      const next = this.items.find((i) => i.status.kind === 'waiting' && !this.controllers.has(i.id));
      if (!next) return;
      this.start(next);
    }
  }

  private start(item: QueueItem<P>): void {
    const ac = new AbortController();
    this.controllers.set(item.id, ac);
    const attempt = item.attempts + 1;
    this.update(item.id, { status: { kind: 'uploading', progress: 0 }, attempts: attempt });
    const isCurrent = () => this.controllers.get(item.id) === ac && !ac.signal.aborted;
    this.opts
      .run(item.payload, {
        signal: ac.signal,
        onProgress: (phase, fraction) => {
          if (!isCurrent()) return;
          this.update(item.id, {
            status: phase === 'uploading' ? { kind: 'uploading', progress: fraction } : { kind: 'analysing' },
          });
        },
      })
      .then(
        (outcome) => {
          if (!isCurrent()) return;
          this.controllers.delete(item.id);
          this.update(item.id, {
            status: { kind: 'done', personCount: outcome.personCount, fromCache: outcome.fromCache },
          });
        },
        (error: unknown) => {
          if (!isCurrent()) return;
          this.controllers.delete(item.id);
          const info = this.opts.classify(error);
          if (info.retryAfterMs !== undefined && attempt < this.opts.maxAttempts) {
            // The server is saturated: this item waits at the head of the line and nothing new
            // starts until the wait is over (one busy signal means all our requests would fail).
            // Exponential back-off (1 s, 2 s, 4 s...) with the server's Retry-After as a floor, and
            // up to +50 % jitter so many clients told the same Retry-After do not return together.
            const backoff = this.opts.backoffBaseMs * 2 ** (attempt - 1);
            const wait = Math.min(
              this.opts.maxRetryAfterMs,
              Math.round(Math.max(info.retryAfterMs, backoff) * (1 + 0.5 * this.opts.random())),
            );
            const until = this.opts.now() + wait;
            this.items = [
              { ...item, attempts: attempt, status: { kind: 'waiting', notBefore: until } },
              ...this.items.filter((i) => i.id !== item.id),
            ];
            this.setHold(Math.max(until, this.holdUntil ?? 0));
            this.changed();
            return;
          }
          this.update(item.id, {
            status: { kind: 'failed', reason: info.reason, retryable: info.retryable },
          });
        },
      )
      .finally(() => {
        if (this.controllers.get(item.id) === ac) this.controllers.delete(item.id);
        this.pump();
      });
  }

  private update(id: string, patch: Partial<QueueItem<P>>): void {
    let touched = false;
    this.items = this.items.map((i) => {
      if (i.id !== id) return i;
      touched = true;
      return { ...i, ...patch };
    });
    if (touched) this.changed();
  }

  private makeSnapshot(): QueueSnapshot<P> {
    return {
      items: this.items,
      paused: this.paused,
      concurrency: this.concurrency,
      holdUntil: this.holdUntil,
    };
  }

  private changed(): void {
    this.snapshot = this.makeSnapshot();
    for (const l of this.listeners) l();
  }
}

/** Counts by status kind (summary line, progress). */
export function countByStatus<P>(items: readonly QueueItem<P>[]): Record<ItemStatus['kind'], number> {
  const out: Record<ItemStatus['kind'], number> = {
    waiting: 0,
    uploading: 0,
    analysing: 0,
    done: 0,
    failed: 0,
    skipped: 0,
  };
  for (const i of items) out[i.status.kind] += 1;
  return out;
}
