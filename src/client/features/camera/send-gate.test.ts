import { describe, expect, it } from 'vitest';
import {
  clampRate,
  DEFAULT_NHN_RATE_PER_SECOND,
  MAX_IN_FLIGHT,
  MAX_RATE_PER_SECOND,
  nextSendAfter,
  pruneCalls,
  sendDecision,
  type SendState,
} from './send-gate';

const ready: SendState = {
  running: true,
  visible: true,
  inFlight: 0,
  now: 1000,
  notBefore: 0,
  latestFrame: 5,
  sentFrame: 4,
};

describe('sendDecision', () => {
  it('sends a new frame when running, visible, a slot is free and no wait applies', () => {
    expect(sendDecision(ready)).toBe('send');
    expect(sendDecision({ ...ready, inFlight: MAX_IN_FLIGHT - 1 })).toBe('send');
  });

  it('never has more than two frames in flight', () => {
    expect(MAX_IN_FLIGHT).toBe(2);
    expect(sendDecision({ ...ready, inFlight: 2 })).toBe('busy');
  });

  it('sends nothing while paused or while the tab is hidden', () => {
    expect(sendDecision({ ...ready, running: false })).toBe('paused');
    expect(sendDecision({ ...ready, visible: false })).toBe('hidden');
    // Hidden wins over a free slot and a new frame.
    expect(sendDecision({ ...ready, visible: false, inFlight: 0, latestFrame: 99 })).toBe('hidden');
  });

  it('waits for the rate cap / Retry-After and for a frame not sent before', () => {
    expect(sendDecision({ ...ready, notBefore: 1001 })).toBe('wait');
    expect(sendDecision({ ...ready, notBefore: 1000 })).toBe('send');
    expect(sendDecision({ ...ready, sentFrame: 5 })).toBe('no-new-frame');
  });
});

describe('rate cap', () => {
  it('spaces sends 1/rate apart; no cap without a rate', () => {
    expect(nextSendAfter(10_000, 2)).toBe(10_500);
    expect(nextSendAfter(10_000, 0.5)).toBe(12_000);
    expect(nextSendAfter(10_000, undefined)).toBe(0);
  });

  it('keeps typed rates within bounds', () => {
    expect(clampRate(100)).toBe(MAX_RATE_PER_SECOND);
    expect(clampRate(0)).toBe(0.2);
    expect(clampRate(Number.NaN)).toBe(DEFAULT_NHN_RATE_PER_SECOND);
    expect(clampRate(3)).toBe(3);
  });

  it('a 2/s cap over a minute of frames arriving every 33 ms: never two calls within 500 ms, close to 120 calls', () => {
    let notBefore = 0;
    let calls: number[] = [];
    for (let now = 0; now < 60_000; now += 33) {
      if (sendDecision({ ...ready, now, notBefore, latestFrame: now + 1, sentFrame: now }) !== 'send')
        continue;
      calls.push(now);
      notBefore = nextSendAfter(now, 2);
    }
    const gaps = calls.slice(1).map((t, i) => t - calls[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    calls = pruneCalls(calls, 59_999);
    expect(calls.length).toBeLessThanOrEqual(120);
    expect(calls.length).toBeGreaterThanOrEqual(110);
  });
});

describe('calls this minute', () => {
  it('counts the sends of the last 60 s', () => {
    const times = [0, 10_000, 30_000, 59_000, 61_000];
    expect(pruneCalls(times, 61_000)).toEqual([10_000, 30_000, 59_000, 61_000]);
    expect(pruneCalls(times, 130_000)).toEqual([]);
    expect(pruneCalls([], 5)).toEqual([]);
  });
});
