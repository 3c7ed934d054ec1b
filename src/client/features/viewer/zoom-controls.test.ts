import { describe, expect, it } from 'vitest';
import { parseZoomPercent } from './zoom-controls';

describe('parseZoomPercent', () => {
  it('reads what people type into the zoom readout', () => {
    expect(parseZoomPercent('250')).toBe(2.5);
    expect(parseZoomPercent(' 62.5 % ')).toBe(0.625);
    expect(parseZoomPercent('100%')).toBe(1);
    expect(parseZoomPercent('12,5')).toBe(0.125);
    expect(parseZoomPercent('abc')).toBeUndefined();
    expect(parseZoomPercent('0')).toBeUndefined();
    expect(parseZoomPercent('5000')).toBeUndefined();
  });
});
