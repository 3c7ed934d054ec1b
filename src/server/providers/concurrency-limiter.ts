import { PoseError } from '@/contract/pose-errors';

/**
 * At most `maxActive` tasks at once; up to `maxQueue` more wait in FIFO order; anything beyond
 * is refused at once with 503 BUSY + Retry-After, so memory stays bounded under load.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];

  constructor(
    private readonly maxActive: number,
    private readonly maxQueue: number,
    /** Suggested client wait when refusing, seconds. */
    private readonly retryAfterSec = 2,
  ) {}

  stats(): { active: number; queued: number; maxActive: number; maxQueue: number } {
    return {
      active: this.active,
      queued: this.waiting.length,
      maxActive: this.maxActive,
      maxQueue: this.maxQueue,
    };
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.releaseSlot();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (this.active < this.maxActive) {
      this.active += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueue) {
      return Promise.reject(new PoseError('BUSY', undefined, { retryAfterSec: this.retryAfterSec }));
    }
    return new Promise<void>((resolve, reject) => {
      const entry = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    // Hand the slot straight to the next waiter: `active` stays the same.
    if (next) next.resolve();
    else this.active -= 1;
  }
}
