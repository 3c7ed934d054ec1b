// The One Euro filter (Casiez, Roussel & Vogel, CHI 2012): a low-pass filter whose cutoff rises
// with speed, so a still keypoint stops jittering while a moving one does not lag. Per coordinate:
//   alpha(fc, dt) = 1 / (1 + tau / dt), tau = 1 / (2 pi fc)
//   dx   = (x - x_prev) / dt, smoothed with the fixed cutoff dCutoff  -> dx_hat
//   fc   = minCutoff + beta * |dx_hat|
//   x_hat = alpha(fc, dt) * x + (1 - alpha(fc, dt)) * x_hat_prev
// Times are seconds, so cutoffs are Hz and beta is per (unit of x / s). The state is plain data.

export interface OneEuroParams {
  /** Hz: the cutoff at rest. Lower = smoother when still, more lag. */
  minCutoff: number;
  /** How fast the cutoff rises with speed. Higher = less lag when moving, more jitter. */
  beta: number;
  /** Hz: the cutoff of the derivative's own low-pass. */
  dCutoff: number;
}

/** Tuned for keypoints in image pixels sampled at a few frames per second. */
export const DEFAULT_ONE_EURO: OneEuroParams = { minCutoff: 1, beta: 0.05, dCutoff: 1 };

export interface OneEuroState {
  /** Last filtered value. */
  x: number;
  /** Last filtered derivative (units per second). */
  dx: number;
  /** Seconds. */
  t: number;
}

/** Smoothing factor of a first-order low-pass with cutoff `cutoff` Hz over `dt` seconds. */
export function smoothingFactor(cutoff: number, dt: number): number {
  const tau = 1 / (2 * Math.PI * cutoff);
  return 1 / (1 + tau / dt);
}

/**
 * One filter step: the filtered value of `x` observed at time `t` (seconds). The first sample
 * (no state) passes through. A sample not later than the previous one returns the previous
 * filtered value and leaves the state unchanged (a repeated or out-of-order frame).
 */
export function oneEuroStep(
  state: OneEuroState | undefined,
  x: number,
  t: number,
  params: OneEuroParams = DEFAULT_ONE_EURO,
): { value: number; state: OneEuroState } {
  if (!state) return { value: x, state: { x, dx: 0, t } };
  const dt = t - state.t;
  if (!(dt > 0)) return { value: state.x, state };
  const aD = smoothingFactor(params.dCutoff, dt);
  const dx = aD * ((x - state.x) / dt) + (1 - aD) * state.dx;
  const cutoff = params.minCutoff + params.beta * Math.abs(dx);
  const a = smoothingFactor(cutoff, dt);
  const value = a * x + (1 - a) * state.x;
  return { value, state: { x: value, dx, t } };
}

/** Filters a whole series of (t, x) samples, in time order, from a fresh state. */
export function oneEuroSeries(
  samples: readonly { t: number; x: number }[],
  params: OneEuroParams = DEFAULT_ONE_EURO,
): number[] {
  let state: OneEuroState | undefined;
  return samples.map(({ t, x }) => {
    const out = oneEuroStep(state, x, t, params);
    state = out.state;
    return out.value;
  });
}
