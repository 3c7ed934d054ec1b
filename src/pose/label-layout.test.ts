import { describe, expect, it } from 'vitest';
import { boxesOverlap, layoutLabels, type LabelRequest } from './label-layout';

const label = (id: string, x: number, y: number, priority?: number): LabelRequest => ({
  id,
  x,
  y,
  width: 40,
  height: 10,
  ...(priority === undefined ? {} : { priority }),
});

describe('layoutLabels', () => {
  it('puts a lone label to the right of its point, vertically centred', () => {
    expect(layoutLabels([label('nose', 100, 50)], { gap: 4 })).toEqual({
      placed: [{ id: 'nose', x: 104, y: 45, width: 40, height: 10, anchor: 'right' }],
      dropped: [],
    });
  });

  it('keeps labels off obstacles such as a box caption (the "on 2 · 0.514" bug)', () => {
    // A caption at 100..180 x 40..58 covers the right spot (104..144, 45..55): the label goes left.
    const caption = { x: 100, y: 40, width: 80, height: 18 };
    const { placed } = layoutLabels([label('right_ear', 100, 50)], { gap: 4, obstacles: [caption] });
    expect(placed).toEqual([{ id: 'right_ear', x: 56, y: 45, width: 40, height: 10, anchor: 'left' }]);
    // Without the obstacle it would have covered the caption.
    expect(layoutLabels([label('right_ear', 100, 50)], { gap: 4 }).placed[0]!.anchor).toBe('right');
  });

  it('keeps clear of each point by its own dot radius', () => {
    const big = { ...label('a', 100, 50), dotRadius: 10 };
    const { placed } = layoutLabels([big], { gap: 4, dotRadius: 2 });
    expect(placed[0]).toEqual({ id: 'a', x: 114, y: 45, width: 40, height: 10, anchor: 'right' });
  });

  it('moves a second label to the left when the right is taken', () => {
    // b's right spot (104..144, 53..63) overlaps a's (104..144, 45..55): b goes left (56..96).
    const { placed } = layoutLabels([label('a', 100, 50), label('b', 100, 58)], { gap: 4 });
    expect(placed[1]).toEqual({ id: 'b', x: 56, y: 53, width: 40, height: 10, anchor: 'left' });
  });

  it('drops labels that have no free spot, keeping the higher priority', () => {
    // Six labels on one point: right, left, above and below fit (gap 6 > half the height),
    // the diagonal spots overlap those, so the two lowest priorities are dropped.
    const many = Array.from({ length: 6 }, (_, i) => label(`p${i}`, 100, 100, i));
    const { placed, dropped } = layoutLabels(many, { gap: 6 });
    expect(placed.map((p) => [p.id, p.anchor])).toEqual([
      ['p5', 'right'],
      ['p4', 'left'],
      ['p3', 'above'],
      ['p2', 'below'],
    ]);
    expect(dropped).toEqual(['p1', 'p0']);
  });

  it('never returns overlapping labels on random dense input', () => {
    let seed = 5;
    const r = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const reqs = Array.from({ length: 600 }, (_, i) => ({
      id: String(i),
      x: r() * 800,
      y: r() * 600,
      width: 20 + r() * 60,
      height: 12,
      priority: r(),
    }));
    const { placed, dropped } = layoutLabels(reqs, {
      gap: 3,
      dotRadius: 3,
      bounds: { x: 0, y: 0, width: 800, height: 600 },
    });
    expect(placed.length + dropped.length).toBe(600);
    expect(placed.length).toBeGreaterThan(50);
    const problems: string[] = [];
    for (let i = 0; i < placed.length; i++) {
      const a = placed[i]!;
      if (a.x < 0 || a.y < 0 || a.x + a.width > 800 || a.y + a.height > 600)
        problems.push(`${a.id} out of bounds`);
      for (let j = i + 1; j < placed.length; j++)
        if (boxesOverlap(a, placed[j]!)) problems.push(`${a.id} overlaps ${placed[j]!.id}`);
      // ... and covers no other dot.
      for (const q of reqs)
        if (q.id !== a.id && boxesOverlap(a, { x: q.x - 3, y: q.y - 3, width: 6, height: 6 }))
          problems.push(`${a.id} covers dot ${q.id}`);
    }
    expect(problems).toEqual([]);
  });

  it('respects bounds and maxLabels, and drops invalid requests', () => {
    const { placed } = layoutLabels([label('edge', 790, 50)], {
      gap: 4,
      bounds: { x: 0, y: 0, width: 800, height: 600 },
    });
    expect(placed[0]).toMatchObject({ anchor: 'left', x: 746 });
    const capped = layoutLabels([label('a', 0, 0), label('b', 500, 500)], { maxLabels: 1 });
    expect(capped.placed.map((p) => p.id)).toEqual(['a']);
    expect(capped.dropped).toEqual(['b']);
    expect(layoutLabels([label('nan', Number.NaN, 0)]).dropped).toEqual(['nan']);
  });

  it('treats touching boxes as not overlapping', () => {
    expect(boxesOverlap({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 5, height: 5 })).toBe(
      false,
    );
    expect(boxesOverlap({ x: 0, y: 0, width: 10, height: 10 }, { x: 9, y: 9, width: 5, height: 5 })).toBe(
      true,
    );
  });
});
