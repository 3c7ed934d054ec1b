// Passcode guessing budget. A delay per wrong answer does not stop guesses sent in parallel, and
// the per-client rate limit is off on loopback (where an app behind a reverse proxy binds), so
// sign-in keeps its own budget on any HOST:
// - per client, exponential back-off: the first wrong passcode is free (a typo), after the k-th
//   (k >= 2) the next attempt is not even evaluated for baseDelayMs * 2^(k-2) (capped at maxDelayMs);
// - globally, at most maxFailuresPerWindow wrong passcodes per windowMs from everybody together;
//   past that, sign-in pauses for everyone until the window ends (guessing from many addresses
//   gains nothing).
// check() and failed() are synchronous, so "may I evaluate?" and "it was wrong" cannot interleave
// with another request's: 200 parallel guesses are decided one after the other.

export interface SignInGuardOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxFailuresPerWindow?: number;
  windowMs?: number;
  /** Clients remembered at most (oldest forgotten first), so the table cannot grow unbounded. */
  maxClients?: number;
  now?: () => number;
}

interface ClientRecord {
  failures: number;
  nextAllowedAt: number;
  lastFailureAt: number;
}

export class SignInGuard {
  private readonly clients = new Map<string, ClientRecord>();
  private windowStart = 0;
  private windowFailures = 0;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxFailuresPerWindow: number;
  private readonly windowMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(options: SignInGuardOptions = {}) {
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
    this.maxFailuresPerWindow = options.maxFailuresPerWindow ?? 30;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxClients = options.maxClients ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** undefined when an attempt from `client` may be evaluated now, else seconds to wait. */
  check(client: string): number | undefined {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.windowFailures = 0;
    }
    if (this.windowFailures >= this.maxFailuresPerWindow) {
      return Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000));
    }
    const record = this.clients.get(client);
    if (!record) return undefined;
    if (now - record.lastFailureAt > 2 * this.maxDelayMs) {
      this.clients.delete(client);
      return undefined;
    }
    if (now < record.nextAllowedAt) return Math.max(1, Math.ceil((record.nextAllowedAt - now) / 1000));
    return undefined;
  }

  failed(client: string): void {
    const now = this.now();
    this.windowFailures += 1;
    const failures = (this.clients.get(client)?.failures ?? 0) + 1;
    const delay =
      failures < 2 ? 0 : Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(failures - 2, 30));
    // Re-insert so the Map's order is least recently failed first.
    this.clients.delete(client);
    this.clients.set(client, { failures, nextAllowedAt: now + delay, lastFailureAt: now });
    while (this.clients.size > this.maxClients) {
      const oldest = this.clients.keys().next().value;
      if (oldest === undefined) break;
      this.clients.delete(oldest);
    }
  }

  succeeded(client: string): void {
    this.clients.delete(client);
  }
}
