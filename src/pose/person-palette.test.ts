import { describe, expect, it } from 'vitest';
import {
  PART_COLOURS,
  PERSON_PALETTE,
  contrastRatio,
  haloFor,
  personColour,
  personNumber,
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

  it('has only the seven colour-blind-safe colours', () => {
    const colours = PERSON_PALETTE.map((p) => p.colour.toLowerCase());
    expect(new Set(colours).size).toBe(7);
    expect(colours.length).toBe(7);
  });

  it('gives people 8-14 the same colours with squares, 15-21 diamonds, 22-28 triangles', () => {
    expect(
      [0, 6, 7, 8, 13, 14, 21, 27, 28].map((i) => [personColour(i).colour, personColour(i).marker]),
    ).toEqual([
      ['#E69F00', 'circle'],
      ['#CC79A7', 'circle'],
      ['#E69F00', 'square'],
      ['#56B4E9', 'square'],
      ['#CC79A7', 'square'],
      ['#E69F00', 'diamond'],
      ['#E69F00', 'triangle'],
      ['#CC79A7', 'triangle'],
      ['#E69F00', 'circle'],
    ]);
  });

  it('styles no two of 28 people alike, and numbers every person from 1 without repeats', () => {
    const pairs = Array.from({ length: 28 }, (_, i) => `${personColour(i).colour}/${personColour(i).marker}`);
    expect(new Set(pairs).size).toBe(28);
    const numbers = Array.from({ length: 100 }, (_, i) => personColour(i).number);
    expect(numbers.slice(0, 3)).toEqual([1, 2, 3]);
    expect(new Set(numbers).size).toBe(100);
    expect(personNumber(0)).toBe(1);
    expect(personNumber(12)).toBe(13);
  });

  it('pairs every colour with a halo of at least 3:1 contrast', () => {
    for (const p of PERSON_PALETTE) expect(contrastRatio(p.colour, p.halo), p.name).toBeGreaterThanOrEqual(3);
    expect(haloFor('#F0E442')).toBe('#111111'); // yellow gets a dark outline
    expect(haloFor('#0072B2')).toBe('#ffffff'); // blue gets a light one
  });

  it('computes WCAG luminance and contrast', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(() => relativeLuminance('red')).toThrow();
  });

  it('cycles colours by index; negative, fractional and NaN indices are safe', () => {
    expect(personColour(7).colour).toBe('#E69F00');
    expect(personColour(9).colour).toBe('#009E73');
    expect(personColour(-1)).toEqual({
      name: 'orange',
      colour: '#E69F00',
      halo: '#111111',
      marker: 'circle',
      number: 1,
    });
    expect(personColour(1.7).colour).toBe('#56B4E9');
    expect(personColour(Number.NaN).number).toBe(1);
  });

  it('has one distinct colour per part group', () => {
    const colours = Object.values(PART_COLOURS).map((p) => p.colour);
    expect(new Set(colours).size).toBe(5);
    for (const p of Object.values(PART_COLOURS))
      expect(contrastRatio(p.colour, p.halo)).toBeGreaterThanOrEqual(3);
  });
});
