// Person styles. Colours are only Okabe & Ito's colour-blind-safe set (black left out: it
// vanishes on dark photos): seven colours that colour-blind viewers still tell apart. Past seven
// people the colours repeat, so every person also gets a second cue that does not rely on
// colour: its joint marker shape changes with each round of seven (circle, square, diamond,
// triangle: 28 people before a colour+shape pair repeats), and its number (from 1) is drawn at
// its head, which never repeats. Every colour is drawn over a halo (outline) of the opposite
// lightness, so a skeleton stays readable on a white wall, a night sky or a red jersey alike.

export interface PaletteEntry {
  /** Human name, for tooltips and tests. */
  name: string;
  /** Stroke / fill colour, #rrggbb. */
  colour: string;
  /** Outline drawn under the mark (wider stroke), #rrggbb: dark for light colours and vice versa. */
  halo: string;
}

const HALO_DARK = '#111111';
const HALO_LIGHT = '#ffffff';

/** WCAG relative luminance of #rrggbb, 0 (black) .. 1 (white). */
export function relativeLuminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const lin = (h: string): number => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(m[1]!) + 0.7152 * lin(m[2]!) + 0.0722 * lin(m[3]!);
}

/** WCAG contrast ratio between two #rrggbb colours, 1..21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The halo with the higher contrast against `colour`. */
export function haloFor(colour: string): string {
  return contrastRatio(colour, HALO_DARK) >= contrastRatio(colour, HALO_LIGHT) ? HALO_DARK : HALO_LIGHT;
}

const BASE: readonly (readonly [string, string])[] = [
  // Okabe-Ito
  ['orange', '#E69F00'],
  ['sky blue', '#56B4E9'],
  ['bluish green', '#009E73'],
  ['yellow', '#F0E442'],
  ['blue', '#0072B2'],
  ['vermillion', '#D55E00'],
  ['reddish purple', '#CC79A7'],
];

export const PERSON_PALETTE: readonly PaletteEntry[] = BASE.map(([name, colour]) => ({
  name,
  colour,
  halo: haloFor(colour),
}));

/** Joint marker shapes, one per round of seven people. */
export const MARKER_SHAPES = ['circle', 'square', 'diamond', 'triangle'] as const;
export type MarkerShape = (typeof MARKER_SHAPES)[number];

export interface PersonStyle extends PaletteEntry {
  marker: MarkerShape;
  /** What people read: the answer position counted from 1 ("Person 1"), drawn at the head. */
  number: number;
}

function wrap(i: number, n: number): number {
  return ((i % n) + n) % n;
}

/**
 * Style of the person at `index` (answer order, from 0): colour cycles through the seven
 * palette colours, the marker shape changes every seven people, the number is index + 1.
 */
export function personColour(index: number): PersonStyle {
  const i = Number.isFinite(index) ? Math.max(0, Math.trunc(index)) : 0;
  const n = PERSON_PALETTE.length;
  return {
    ...PERSON_PALETTE[wrap(i, n)]!,
    marker: MARKER_SHAPES[wrap(Math.floor(i / n), MARKER_SHAPES.length)]!,
    number: i + 1,
  };
}

/** The number people read for the person at answer position `index` (0-based): from 1. */
export function personNumber(index: number): number {
  return personColour(index).number;
}

/** Colours when the view colours by part instead of by person (Okabe-Ito, one per group). */
export const PART_COLOURS: Readonly<Record<'body' | 'foot' | 'face' | 'hand' | 'other', PaletteEntry>> = {
  body: { name: 'sky blue', colour: '#56B4E9', halo: haloFor('#56B4E9') },
  foot: { name: 'bluish green', colour: '#009E73', halo: haloFor('#009E73') },
  face: { name: 'reddish purple', colour: '#CC79A7', halo: haloFor('#CC79A7') },
  hand: { name: 'orange', colour: '#E69F00', halo: haloFor('#E69F00') },
  other: { name: 'yellow', colour: '#F0E442', halo: haloFor('#F0E442') },
};

/**
 * The style of a tracked person in a video: the colour (and marker) of its track's colour index,
 * and its track id as the number people read, the same in every frame.
 */
export function trackStyle(colourIndex: number, trackId: number): PersonStyle {
  return { ...personColour(colourIndex), number: trackId };
}
