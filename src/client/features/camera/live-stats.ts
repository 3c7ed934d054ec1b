// The live camera's two figures, pure: analysed frames per second and camera-to-skeleton latency.

/** Frames drawn within this many ms count towards the fps figure. */
export const FPS_WINDOW_MS = 3_000;
/** The latency figure is the median of this many most recent frames. */
export const LATENCY_SAMPLES = 30;

/**
 * Analysed frames per second from the times (ms, ascending) frames were drawn: the rate between
 * the draws inside the window ending at `now`; undefined until two draws are in it.
 */
export function framesPerSecond(
  drawnAt: readonly number[],
  now: number,
  windowMs = FPS_WINDOW_MS,
): number | undefined {
  const recent = drawnAt.filter((t) => t > now - windowMs && t <= now);
  if (recent.length < 2) return undefined;
  const span = recent[recent.length - 1]! - recent[0]!;
  return span > 0 ? ((recent.length - 1) * 1000) / span : undefined;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Appends `value`, keeping the last `max` values (returns a new array). */
export function pushBounded<T>(values: readonly T[], value: T, max: number): T[] {
  const next = [...values, value];
  return next.length > max ? next.slice(next.length - max) : next;
}
