import { describe, expect, it } from 'vitest';
import { headAnchor, numberBadge, presentationMarks, SCREEN_MARKS, visibleExtent } from './person-marks';

const pt = (name: string, x: number, y: number, visible = true) => ({ name, x, y, visible });

describe('presentationMarks', () => {
  it('follows the person size on screen: 2 % of its diagonal, 5..16 px limbs', () => {
    expect(presentationMarks(400)).toEqual({
      lineWidth: 8,
      dotRadius: 12,
      haloWidth: 3.6,
      rightDash: [19.2, 11.2],
      badgeRadius: 17.6,
    });
    expect(presentationMarks(100)).toEqual({
      lineWidth: 5,
      dotRadius: 7.5,
      haloWidth: 2.5,
      rightDash: [12, 7],
      badgeRadius: 12,
    });
    expect(presentationMarks(2000)).toEqual({
      lineWidth: 16,
      dotRadius: 24,
      haloWidth: 7.2,
      rightDash: [38.4, 22.4],
      badgeRadius: 28,
    });
    expect(presentationMarks(Number.NaN).lineWidth).toBe(5);
  });

  it('is always bolder than the editor', () => {
    const smallest = presentationMarks(0);
    expect(smallest.lineWidth).toBeGreaterThan(SCREEN_MARKS.lineWidth);
    expect(smallest.dotRadius).toBeGreaterThan(SCREEN_MARKS.dotRadius);
    expect(smallest.haloWidth).toBeGreaterThan(SCREEN_MARKS.haloWidth);
  });
});

describe('visibleExtent', () => {
  it('is the diagonal of the visible points, ignoring hidden ones', () => {
    expect(
      visibleExtent([pt('nose', 10, 10), pt('left_ankle', 40, 50), pt('right_ankle', 900, 900, false)]),
    ).toBe(50);
    expect(visibleExtent([pt('nose', 10, 10)])).toBe(0);
  });
});

describe('headAnchor and numberBadge', () => {
  it('sits above the head points, at their mean x and the topmost y', () => {
    const points = [
      pt('nose', 100, 60),
      pt('left_eye', 110, 50),
      pt('right_eye', 90, 50),
      pt('left_hip', 100, 200),
    ];
    expect(headAnchor(points)).toEqual({ x: 100, y: 50 });
    // 8 px badge + 4 px dot + 6 px gap above the head at zoom 2 (k = 0.5 image px per screen px).
    expect(numberBadge(points, { badgeRadius: 8, dotRadius: 4 }, 0.5)).toEqual({ x: 100, y: 41, r: 4 });
  });

  it('falls back to the topmost visible point without a head, and to nothing without points', () => {
    expect(headAnchor([pt('left_hip', 30, 200), pt('left_knee', 35, 260), pt('nose', 0, 0, false)])).toEqual({
      x: 30,
      y: 200,
    });
    expect(headAnchor([pt('nose', 0, 0, false)])).toBeUndefined();
    expect(numberBadge([pt('nose', 5, 5)], { badgeRadius: 0, dotRadius: 4 }, 1)).toBeUndefined();
  });
});
