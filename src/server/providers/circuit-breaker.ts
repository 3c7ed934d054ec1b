import { PoseError } from '@/contract/pose-errors';

export type CircuitState = 'closed' | 'open' | 'half-open';

/** What enter() hands a call; the call gives it back when it ends, so its outcome is attributed. */
export interface CircuitTicket {
  /** This call is the one trial of a half-open circuit. */
  readonly trial: boolean;
}

/**
 * Stops calling a dead upstream: after `threshold` consecutive failures the circuit opens for
 * `cooldownMs`; then one trial call is let through (half-open). Its success closes the circuit,
 * its failure opens it again for another cooldown. Calls that started before the circuit opened
 * and fail late change nothing: only the trial's own outcome may end the trial (otherwise such a
 * late failure would free the trial slot and let a second trial through).
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
  enter(): CircuitTicket {
    const state = this.state();
    if (state === 'closed') return { trial: false };
    if (state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return { trial: true };
    }
    const waitMs = state === 'open' ? this.cooldownMs - (this.now() - (this.openedAt ?? 0)) : 1000;
    throw new PoseError('UPSTREAM_CIRCUIT_OPEN', undefined, {
      retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)),
    });
  }

  /** The upstream answered in its contract: it is alive, whoever saw it. */
  success(ticket: CircuitTicket): void {
    this.failures = 0;
    this.openedAt = undefined;
    if (ticket.trial || this.trialInFlight) this.trialInFlight = false;
  }

  failure(ticket: CircuitTicket): void {
    if (ticket.trial) {
      this.trialInFlight = false;
      this.openedAt = this.now();
      return;
    }
    // A call from before the circuit opened, failing late: the circuit already knows.
    if (this.openedAt !== undefined) return;
    this.failures += 1;
    if (this.failures >= this.threshold) this.openedAt = this.now();
  }

  /** A call that ended without telling anything about upstream health (e.g. client gone). */
  release(ticket: CircuitTicket): void {
    if (ticket.trial) this.trialInFlight = false;
  }
}
