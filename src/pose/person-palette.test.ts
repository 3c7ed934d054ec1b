import { describe, expect, it } from 'vitest';
import {
  PART_COLOURS,
  PERSON_PALETTE,
  contrastRatio,
  haloFor,
  personColour,
  relativeLuminance,
} from './person-palette';

describe('person palette', () => {
  it('starts with the Okabe-Ito colours (without black)', () => {
    expect(PERSON_PALETTE.slice(0, 7).map((p) => p.colour)).toEqual([
      '#E69F00',
      '#56B4E9',
      '#009E73',
      '#F0E442',
      '#0072B2',
      '#D55E00',
      '#CC79A7',
    ]);
  });

  it('has distinct colours', () => {
    const colours = PERSON_PALETTE.map((p) => p.colour.toLowerCase());
    expect(new Set(colours).size).toBe(colours.length);
    expect(colours.length).toBeGreaterThanOrEqual(12);
  });

  it('pairs every colour with a halo of at least 3:1 contrast', () => {
    for (const p of PERSON_PALETTE) expect(contrastRatio(p.colour, p.halo), p.name).toBeGreaterThanOrEqual(3);
    expect(haloFor('#F0E442')).toBe('#111111'); // yellow gets a dark outline
    expect(haloFor('#332288')).toBe('#ffffff'); // indigo gets a light one
  });

  it('computes WCAG luminance and contrast', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(() => relativeLuminance('red')).toThrow();
  });

  it('cycles by index, including negative and fractional indices', () => {
    const n = PERSON_PALETTE.length;
    expect(personColour(0)).toBe(PERSON_PALETTE[0]);
    expect(personColour(n)).toBe(PERSON_PALETTE[0]);
    expect(personColour(n + 2)).toBe(PERSON_PALETTE[2]);
    expect(personColour(-1)).toBe(PERSON_PALETTE[n - 1]);
    expect(personColour(1.7)).toBe(PERSON_PALETTE[1]);
    expect(personColour(Number.NaN)).toBe(PERSON_PALETTE[0]);
  });

  it('has one distinct colour per part group', () => {
    const colours = Object.values(PART_COLOURS).map((p) => p.colour);
    expect(new Set(colours).size).toBe(5);
    for (const p of Object.values(PART_COLOURS))
      expect(contrastRatio(p.colour, p.halo)).toBeGreaterThanOrEqual(3);
  });
});
