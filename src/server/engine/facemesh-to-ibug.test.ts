import { describe, expect, it } from 'vitest';
import { facemeshToIbug, IBUG_FROM_FACEMESH } from './facemesh-to-ibug';

describe('facemeshToIbug', () => {
  it('maps to 68 points taken from valid mesh indices', () => {
    expect(IBUG_FROM_FACEMESH).toHaveLength(68);
    for (const indices of IBUG_FROM_FACEMESH) {
      expect(indices.length).toBeGreaterThanOrEqual(1);
      for (const i of indices) expect(i >= 0 && i < 468).toBe(true);
    }
  });

  it('picks single points and averages pairs', () => {
    // Mesh point i at (i, 1000 + 2i, -i).
    const mesh = new Float32Array(468 * 3);
    for (let i = 0; i < 468; i++) mesh.set([i, 1000 + 2 * i, -i], 3 * i);
    const out = facemeshToIbug(mesh);
    expect(out).toHaveLength(68);
    expect(out[0]).toEqual({ x: 127, y: 1254 }); // jaw 0 = mesh 127
    expect(out[3]).toEqual({ x: 95, y: 1190 }); // jaw 3 = mean of mesh 132 and 58
    expect(out[30]).toEqual({ x: 4, y: 1008 }); // nose tip = mesh 4
    expect(out[45]).toEqual({ x: 263, y: 1526 }); // outer corner of the left eye
  });

  it('refuses a mesh with too few values', () => {
    expect(() => facemeshToIbug(new Float32Array(100))).toThrow(/468/);
  });
});
