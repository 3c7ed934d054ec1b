import { describe, expect, it } from 'vitest';
import { oneEuroSeries, oneEuroStep, smoothingFactor } from './one-euro';

describe('smoothingFactor', () => {
  it('is 1 / (1 + tau / dt) with tau = 1 / (2 pi fc)', () => {
    // fc = 1 Hz, dt = 0.2 s: tau = 0.159155 s, alpha = 1 / 1.795775.
    expect(smoothingFactor(1, 0.2)).toBeCloseTo(0.5568627, 6);
    expect(smoothingFactor(1e6, 0.2)).toBeCloseTo(1, 5);
  });
});

describe('oneEuroStep', () => {
  const params = { minCutoff: 1, beta: 0.1, dCutoff: 1 };

  it('matches values worked out by hand for a step from 0 to 10', () => {
    // t = 0.2: dx = 0.556863 * 50 = 27.8431; fc = 1 + 0.1 * 27.8431 = 3.78431 Hz;
    //          alpha = 1 / (1 + 0.0420564 / 0.2) = 0.826253; x = 8.26253.
    // t = 0.4: dx = 0.556863 * (10 - 8.26253) / 0.2 + 0.443137 * 27.8431 = 17.1760;
    //          fc = 2.71760 Hz; alpha = 0.773501; x = 8.26253 + 0.773501 * 1.73747 = 9.60647.
    // t = 0.5: dt = 0.1, alpha_d = 0.385870; dx = 12.0668; fc = 2.20668 Hz; alpha = 0.580976; x = 9.83510.
    const values = oneEuroSeries(
      [
        { t: 0, x: 0 },
        { t: 0.2, x: 10 },
        { t: 0.4, x: 10 },
        { t: 0.5, x: 10 },
      ],
      params,
    );
    expect(values[0]).toBe(0);
    expect(values[1]).toBeCloseTo(8.262534, 5);
    expect(values[2]).toBeCloseTo(9.606466, 5);
    expect(values[3]).toBeCloseTo(9.8351, 4);
  });

  it('passes the first sample through and keeps the state on a repeated time', () => {
    const first = oneEuroStep(undefined, 5, 1, params);
    expect(first.value).toBe(5);
    expect(first.state).toEqual({ x: 5, dx: 0, t: 1 });
    const same = oneEuroStep(first.state, 100, 1, params);
    expect(same.value).toBe(5);
    expect(same.state).toBe(first.state);
  });

  it('smooths jitter at rest more than it lags a fast move (the point of beta)', () => {
    // Jitter of +-2 px around 100 at 30 frames/s: the output varies far less than the input.
    const jitter = Array.from({ length: 60 }, (_, i) => ({ t: i / 30, x: 100 + (i % 2 ? 2 : -2) }));
    const smoothed = oneEuroSeries(jitter, { minCutoff: 1, beta: 0.05, dCutoff: 1 }).slice(30);
    expect(Math.max(...smoothed) - Math.min(...smoothed)).toBeLessThan(1.5);
    // A steady 300 px/s move: with beta the lag is smaller than without.
    const move = Array.from({ length: 30 }, (_, i) => ({ t: i / 30, x: 300 * (i / 30) }));
    const lag = (beta: number) => 290 - oneEuroSeries(move, { minCutoff: 1, beta, dCutoff: 1 }).at(-1)!;
    expect(lag(0.05)).toBeLessThan(lag(0) / 2);
  });
});
