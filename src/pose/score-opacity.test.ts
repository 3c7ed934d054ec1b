import { describe, expect, it } from 'vitest';
import { MIN_OPACITY, OPACITY_LEGEND, limbScore, scoreToOpacity } from './score-opacity';

describe('score to opacity', () => {
  it('maps linearly from MIN_OPACITY to 1', () => {
    expect(MIN_OPACITY).toBeCloseTo(0.15);
    expect(scoreToOpacity(0, 'linear')).toBeCloseTo(0.15);
    expect(scoreToOpacity(0.5, 'linear')).toBeCloseTo(0.575);
    expect(scoreToOpacity(1, 'linear')).toBe(1);
  });

  it('emphasised squares the score', () => {
    expect(scoreToOpacity(0.5, 'emphasised')).toBeCloseTo(0.15 + 0.85 * 0.25);
    expect(scoreToOpacity(0.9, 'emphasised')).toBeCloseTo(0.15 + 0.85 * 0.81);
    expect(scoreToOpacity(0.5, 'emphasised')).toBeLessThan(scoreToOpacity(0.5, 'linear'));
  });

  it('clamps out-of-range and NaN scores so a mark never vanishes', () => {
    expect(scoreToOpacity(-3, 'linear')).toBeCloseTo(MIN_OPACITY);
    expect(scoreToOpacity(7, 'emphasised')).toBe(1);
    expect(scoreToOpacity(Number.NaN, 'linear')).toBeCloseTo(MIN_OPACITY);
  });

  it('is monotonic', () => {
    for (const m of ['linear', 'emphasised'] as const) {
      let prev = -1;
      for (let s = 0; s <= 1; s += 0.01) {
        const o = scoreToOpacity(s, m);
        expect(o).toBeGreaterThan(prev);
        prev = o;
      }
    }
  });

  it('scores a limb by its weaker end', () => {
    expect(limbScore(0.9, 0.3)).toBe(0.3);
    expect(limbScore(0.2, 0.8)).toBe(0.2);
  });

  it('gives legend stops', () => {
    expect(OPACITY_LEGEND('linear')).toEqual([
      { score: 0, opacity: 0.15 },
      { score: 0.25, opacity: 0.3625 },
      { score: 0.5, opacity: 0.575 },
      { score: 0.75, opacity: 0.7875 },
      { score: 1, opacity: 1 },
    ]);
    expect(OPACITY_LEGEND('emphasised', 3).map((s) => s.score)).toEqual([0, 0.5, 1]);
  });
});
