import { describe, expect, it } from 'vitest';
import { framesPerSecond, median, pushBounded } from './live-stats';

describe('live figures', () => {
  it('fps is the rate between draws inside the window', () => {
    // 10 frames 100 ms apart: 10 fps.
    const drawn = Array.from({ length: 10 }, (_, i) => 1000 + i * 100);
    expect(framesPerSecond(drawn, 1900)).toBeCloseTo(10, 5);
    // Older draws fall out of the 3 s window.
    const mixed = [0, 50, 5000, 5250, 5500];
    expect(framesPerSecond(mixed, 5500)).toBeCloseTo(4, 5);
  });

  it('fps is unknown with fewer than two draws in the window', () => {
    expect(framesPerSecond([], 1000)).toBeUndefined();
    expect(framesPerSecond([1000], 1000)).toBeUndefined();
    expect(framesPerSecond([0, 100], 10_000)).toBeUndefined();
  });

  it('median and a bounded history', () => {
    expect(median([300, 100, 200])).toBe(200);
    expect(median([100, 200, 300, 400])).toBe(250);
    expect(median([])).toBeUndefined();
    expect(pushBounded([1, 2, 3], 4, 3)).toEqual([2, 3, 4]);
  });
});
