// The one Retry-After parser of PoseScope: the server reads NHN's, the browser reads ours.

/**
 * Retry-After header value -> milliseconds to wait; undefined when absent or unreadable.
 * Both forms of RFC 9110: delay-seconds ("120", fractions tolerated) and an HTTP date
 * ("Wed, 21 Oct 2026 07:28:00 GMT", a date in the past means "now": 0).
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only a real HTTP date: Date.parse would also accept things like "1 2".
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
