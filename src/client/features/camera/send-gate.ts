// When the live camera may send its next frame: pure decisions over plain numbers (ms on one
// clock, performance.now() in the app), so the rules are tested without timers or a camera.

/** At most this many frames are being analysed at once (the route answers them in parallel). */
export const MAX_IN_FLIGHT = 2;

/** NHN charges per call: the live camera sends at most this many a second unless the user says otherwise. */
export const DEFAULT_NHN_RATE_PER_SECOND = 2;
export const MIN_RATE_PER_SECOND = 0.2;
export const MAX_RATE_PER_SECOND = 10;

/** Sliding window of the "calls this minute" counter (ms). */
export const CALL_WINDOW_MS = 60_000;

export type SendDecision =
  | 'send'
  /** Paused by the user (or not started). */
  | 'paused'
  /** The tab is hidden: nobody sees the answers, so nothing is sent (NHN calls cost money). */
  | 'hidden'
  /** MAX_IN_FLIGHT frames are being analysed. */
  | 'busy'
  /** The rate cap (NHN) or a server's Retry-After asks to wait until `notBefore`. */
  | 'wait'
  /** The video has not shown a new frame since the last one sent. */
  | 'no-new-frame';

export interface SendState {
  running: boolean;
  visible: boolean;
  inFlight: number;
  now: number;
  /** Earliest time of the next send (rate cap, Retry-After); 0 when there is none. */
  notBefore: number;
  /** Frame counter of the newest frame the video presented, and of the last frame sent. */
  latestFrame: number;
  sentFrame: number;
}

export function sendDecision(s: SendState): SendDecision {
  if (!s.running) return 'paused';
  if (!s.visible) return 'hidden';
  if (s.inFlight >= MAX_IN_FLIGHT) return 'busy';
  if (s.now < s.notBefore) return 'wait';
  if (s.latestFrame <= s.sentFrame) return 'no-new-frame';
  return 'send';
}

/**
 * Earliest time of the send after one at `sentAt`: `1000 / rate` ms later, so no two calls are
 * ever closer than the cap allows (frames come every ~33-66 ms, so the average lands a little
 * under the cap, never over it). No cap without a rate (undefined: the offline engine costs
 * nothing per call).
 */
export function nextSendAfter(sentAt: number, ratePerSecond: number | undefined): number {
  if (ratePerSecond === undefined || !(ratePerSecond > 0)) return 0;
  return sentAt + 1000 / ratePerSecond;
}

/** A rate typed by the user, kept within [MIN, MAX]; anything unreadable gives the default. */
export function clampRate(value: number): number {
  if (!Number.isFinite(value)) return DEFAULT_NHN_RATE_PER_SECOND;
  return Math.min(MAX_RATE_PER_SECOND, Math.max(MIN_RATE_PER_SECOND, value));
}

/** Send times still inside the window ending at `now` (ascending input, ascending output). */
export function pruneCalls(sentAt: readonly number[], now: number, windowMs = CALL_WINDOW_MS): number[] {
  const from = now - windowMs;
  let i = 0;
  while (i < sentAt.length && sentAt[i]! <= from) i++;
  return i === 0 ? [...sentAt] : sentAt.slice(i);
}
