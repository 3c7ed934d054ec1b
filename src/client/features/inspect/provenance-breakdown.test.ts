import { describe, expect, it } from 'vitest';
import { provenanceBreakdown } from './provenance-breakdown';

describe('provenanceBreakdown', () => {
  it('splits what the user waited into parts that add up to it', () => {
    // The numbers: server total 541, inference 505; the browser waited 600 ms + 12 drawing.
    expect(provenanceBreakdown(600, { total: 541, inference: 505, decode: 20 }, 12)).toEqual({
      totalMs: 612,
      inferenceMs: 505,
      parts: [
        { key: 'network', ms: 59 },
        { key: 'server', ms: 36 },
        { key: 'inference', ms: 505 },
        { key: 'draw', ms: 12 },
      ],
    });
  });

  it('clamps a server total that overlaps the upload into what the browser saw', () => {
    const b = provenanceBreakdown(500, { total: 541, inference: 505 }, undefined);
    expect(b.parts).toEqual([
      { key: 'network', ms: 0 },
      { key: 'server', ms: 0 },
      { key: 'inference', ms: 500 },
    ]);
    expect(b.parts.reduce((s, p) => s + p.ms, 0)).toBe(b.totalMs);
  });

  it('works without server stages (NHN reports none)', () => {
    expect(provenanceBreakdown(300, {}, 5)).toEqual({
      totalMs: 305,
      inferenceMs: undefined,
      parts: [
        { key: 'network', ms: 300 },
        { key: 'server', ms: 0 },
        { key: 'draw', ms: 5 },
      ],
    });
  });
});
