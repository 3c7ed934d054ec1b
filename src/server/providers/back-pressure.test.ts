import { describe, expect, it } from 'vitest';
import { PoseError } from '@/contract/pose-errors';
import { CircuitBreaker } from './circuit-breaker';
import { ConcurrencyLimiter } from './concurrency-limiter';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof PoseError ? error.code : 'other';
  }
  return undefined;
}

describe('CircuitBreaker', () => {
  it('opens after the threshold, lets exactly one trial through after the cooldown, closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 1000, () => now);
    const call = { trial: false };
    breaker.failure(call);
    breaker.failure(call);
    expect(breaker.state()).toBe('closed');
    breaker.success(call); // a success in between resets the count
    breaker.failure(call);
    breaker.failure(call);
    breaker.failure(call);
    expect(breaker.state()).toBe('open');
    now = 400;
    expect(codeOf(() => breaker.enter())).toBe('UPSTREAM_CIRCUIT_OPEN');
    now = 1000;
    expect(breaker.state()).toBe('half-open');
    const trial = breaker.enter();
    expect(trial.trial).toBe(true);
    expect(codeOf(() => breaker.enter())).toBe('UPSTREAM_CIRCUIT_OPEN'); // second caller waits for the trial
    breaker.success(trial);
    expect(breaker.state()).toBe('closed');
  });

  it('re-opens for a full cooldown when the trial fails, with Retry-After in seconds', () => {
    let now = 0;
    const breaker = new CircuitBreaker(1, 5000, () => now);
    breaker.failure(breaker.enter());
    now = 5000;
    breaker.failure(breaker.enter());
    expect(breaker.state()).toBe('open');
    now = 6000;
    try {
      breaker.enter();
      expect.unreachable();
    } catch (error) {
      expect((error as PoseError).retryAfterSec).toBe(4);
    }
  });
});

describe('CircuitBreaker and calls that fail late', () => {
  it('lets exactly one trial through even when a call from before the opening fails during it', () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 1000, () => now);
    const a = breaker.enter();
    const b = breaker.enter();
    const slow = breaker.enter(); // started while closed, answers much later
    breaker.failure(a);
    breaker.failure(b);
    expect(breaker.state()).toBe('open');
    now = 1000;
    const trial = breaker.enter();
    expect(trial.trial).toBe(true);
    breaker.failure(slow); // the late failure must not end the trial...
    expect(codeOf(() => breaker.enter())).toBe('UPSTREAM_CIRCUIT_OPEN');
    now = 5000; // ...nor, a cooldown later, let a second trial out while the first is in flight
    expect(codeOf(() => breaker.enter())).toBe('UPSTREAM_CIRCUIT_OPEN');
    breaker.success(trial);
    expect(breaker.state()).toBe('closed');
  });

  it('a late release (client gone) of an old call does not free the trial slot either', () => {
    let now = 0;
    const breaker = new CircuitBreaker(1, 1000, () => now);
    const old = breaker.enter();
    breaker.failure(breaker.enter());
    now = 1000;
    const trial = breaker.enter();
    breaker.release(old);
    expect(codeOf(() => breaker.enter())).toBe('UPSTREAM_CIRCUIT_OPEN');
    breaker.failure(trial);
    expect(breaker.state()).toBe('open');
  });
});

describe('ConcurrencyLimiter', () => {
  it('runs at most maxActive at once, queues maxQueue in order, refuses the rest with BUSY', async () => {
    const limiter = new ConcurrencyLimiter(2, 1, 3);
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const task = (name: string) => () =>
      new Promise<string>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(name);
        releases.push(() => {
          running -= 1;
          resolve(name);
        });
      });
    const a = limiter.run(task('a'));
    const b = limiter.run(task('b'));
    const c = limiter.run(task('c'));
    await expect(limiter.run(task('d'))).rejects.toMatchObject({ code: 'BUSY', retryAfterSec: 3 });
    expect(limiter.stats()).toMatchObject({ active: 2, queued: 1 });
    releases.shift()!();
    await a;
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['a', 'b', 'c']);
    releases.shift()!();
    releases.shift()!();
    expect(await Promise.all([b, c])).toEqual(['b', 'c']);
    expect(peak).toBe(2);
    expect(limiter.stats()).toMatchObject({ active: 0, queued: 0 });
  });

  it('drops a waiter whose request was aborted', async () => {
    const limiter = new ConcurrencyLimiter(1, 5);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const waiting = limiter.run(async () => 'never', controller.signal);
    expect(limiter.stats().queued).toBe(1);
    controller.abort(new Error('client gone'));
    await expect(waiting).rejects.toThrow('client gone');
    expect(limiter.stats().queued).toBe(0);
    release();
    await first;
    expect(limiter.stats().active).toBe(0);
  });
});
