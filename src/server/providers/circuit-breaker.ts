import { PoseError } from '@/contract/pose-errors';

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Stops calling a dead upstream: after `threshold` consecutive failures the circuit opens for
 * `cooldownMs`; then one trial call is let through (half-open). Its success closes the circuit,
 * its failure opens it again for another cooldown.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** Throws UPSTREAM_CIRCUIT_OPEN (503 + Retry-After) when no call may go out now. */
  enter(): void {
    const state = this.state();
    if (state === 'closed') return;
    if (state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return;
    }
    const waitMs = state === 'open' ? this.cooldownMs - (this.now() - (this.openedAt ?? 0)) : 1000;
    throw new PoseError('UPSTREAM_CIRCUIT_OPEN', undefined, {
      retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)),
    });
  }

  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  failure(): void {
    this.failures += 1;
    if (this.trialInFlight || this.failures >= this.threshold) this.openedAt = this.now();
    this.trialInFlight = false;
  }

  /** A call that ended without telling anything about upstream health (e.g. client gone). */
  release(): void {
    this.trialInFlight = false;
  }
}
