// Collects per-stage durations (milliseconds) of one request for the Server-Timing header
// and for meta.timings.

export class StageTimings {
  private readonly stages = new Map<string, number>();

  /** Adds `ms` to a stage (a stage may run more than once, e.g. upstream retries). */
  add(stage: string, ms: number): void {
    this.stages.set(stage, (this.stages.get(stage) ?? 0) + Math.max(0, ms));
  }

  /** Runs `fn` and books its wall-clock time to `stage`, also when it throws. */
  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  /** Merges stage timings reported by a provider (e.g. queue, inference). */
  merge(timings: Record<string, number> | undefined): void {
    for (const [stage, ms] of Object.entries(timings ?? {})) this.add(stage, ms);
  }

  toRecord(): Record<string, number> {
    return Object.fromEntries([...this.stages].map(([k, v]) => [k, Math.round(v * 10) / 10]));
  }

  /** `upload;dur=1.2, decode;dur=3.4` (RFC: metric names are tokens). */
  toHeader(): string {
    return [...this.stages]
      .map(([name, ms]) => `${name.replace(/[^A-Za-z0-9_-]/g, '_')};dur=${ms.toFixed(1)}`)
      .join(', ');
  }
}
