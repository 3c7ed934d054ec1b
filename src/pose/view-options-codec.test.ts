import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLD,
  DEFAULT_VIEW_OPTIONS,
  coerceViewOptions,
  decodeViewOptions,
  encodeViewOptions,
  type ViewOptionsState,
} from './view-options-codec';

describe('view options codec', () => {
  it('has sensible defaults', () => {
    // Threshold 0 by default: low scores fade but never vanish until the user raises it (issue 2).
    expect(DEFAULT_THRESHOLD).toBe(0);
    expect(DEFAULT_VIEW_OPTIONS).toEqual({
      threshold: 0,
      parts: { body: true, foot: true, face: true, hand: true, other: true },
      mapping: 'linear',
      labels: false,
      boxes: false,
      angles: false,
      colourBy: 'person',
    });
    expect(decodeViewOptions('')).toEqual(DEFAULT_VIEW_OPTIONS);
    expect(decodeViewOptions('#')).toEqual(DEFAULT_VIEW_OPTIONS);
  });

  it('encodes to a readable hash', () => {
    const o: ViewOptionsState = {
      threshold: 0.35,
      parts: { body: true, foot: false, face: false, hand: true, other: false },
      mapping: 'emphasised',
      labels: true,
      boxes: false,
      angles: true,
      colourBy: 'part',
      selectedPersonId: '2',
    };
    expect(encodeViewOptions(o)).toBe('t=0.35&p=body,hand&m=emphasised&l=1&b=0&a=1&c=part&sel=2');
  });

  it('round-trips, including odd person ids', () => {
    const o: ViewOptionsState = {
      ...DEFAULT_VIEW_OPTIONS,
      threshold: 0.125,
      parts: { body: false, foot: false, face: false, hand: false, other: false },
      selectedPersonId: 'a&b=c #1',
      soloPersonId: '7',
    };
    const hash = encodeViewOptions(o);
    expect(hash).toContain('p=none');
    expect(decodeViewOptions(`#${hash}`)).toEqual(o);
  });

  it('falls back per field on invalid values and ignores unknown keys', () => {
    const o = decodeViewOptions('#t=1.7&p=body,wings&m=loud&l=yes&b=1&c=part&zzz=1&sel=');
    expect(o).toEqual({ ...DEFAULT_VIEW_OPTIONS, boxes: true, colourBy: 'part' });
    // A bad or empty t falls back to the default (0), not to a neighbouring valid value.
    expect(decodeViewOptions('#t=abc&m=emphasised')).toEqual({
      ...DEFAULT_VIEW_OPTIONS,
      mapping: 'emphasised',
    });
    expect(decodeViewOptions('#t=abc').threshold).toBe(DEFAULT_THRESHOLD);
    expect(decodeViewOptions('#t=').threshold).toBe(DEFAULT_THRESHOLD);
    expect(decodeViewOptions('#t=-0.2').threshold).toBe(DEFAULT_THRESHOLD);
    expect(decodeViewOptions('#t=0.3').threshold).toBe(0.3);
    expect(decodeViewOptions('#t=0').threshold).toBe(0);
    expect(decodeViewOptions('#t=%E0%A4%A&m=emphasised').mapping).toBe('emphasised'); // bad escape skipped
  });

  it('keeps foreign hash keys when asked', () => {
    expect(encodeViewOptions(DEFAULT_VIEW_OPTIONS, '#t=0.9&image=abc123')).toBe(
      't=0&p=body,foot,face,hand,other&m=linear&l=0&b=0&a=0&c=person&image=abc123',
    );
  });

  it('coerces stored JSON field by field', () => {
    expect(coerceViewOptions({ threshold: 0.6, mapping: 'nope', parts: { body: true } })).toEqual({
      ...DEFAULT_VIEW_OPTIONS,
      threshold: 0.6,
    });
    expect(coerceViewOptions(null)).toEqual(DEFAULT_VIEW_OPTIONS);
    expect(coerceViewOptions([1, 2])).toEqual(DEFAULT_VIEW_OPTIONS);
    expect(coerceViewOptions('{"threshold":0.5}')).toEqual(DEFAULT_VIEW_OPTIONS);
  });

  it('never hands out a shared parts object', () => {
    const a = decodeViewOptions('');
    a.parts.face = false;
    expect(decodeViewOptions('').parts.face).toBe(true);
    expect(DEFAULT_VIEW_OPTIONS.parts.face).toBe(true);
  });
});
