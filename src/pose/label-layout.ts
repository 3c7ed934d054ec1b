// Greedy, collision-free label placement for keypoint names. Work in stage (screen) pixels:
// labels have a constant screen size, so placement depends on zoom. Labels are tried in
// priority order at a few spots around their point; the first spot that overlaps no placed
// label, no other point's dot and stays inside the bounds wins; a label with no free spot is
// dropped rather than drawn over another.

export interface LabelRequest {
  id: string;
  /** Anchor (the keypoint) in stage pixels. */
  x: number;
  y: number;
  /** Text box size in stage pixels (measure the text in the client). */
  width: number;
  height: number;
  /** Higher first (e.g. the score); ties keep input order. */
  priority?: number;
  /** This point's own dot radius, px, when dots differ in size (else the option's). */
  dotRadius?: number;
}

export type LabelAnchor =
  'right' | 'left' | 'above' | 'below' | 'above-right' | 'below-right' | 'above-left' | 'below-left';

export interface PlacedLabel {
  id: string;
  /** Top-left corner of the text box, stage pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  anchor: LabelAnchor;
}

export interface LabelLayoutOptions {
  /** Gap between the dot and the text box, px. */
  gap?: number;
  /** Radius of each keypoint dot, px: labels will not cover any dot. 0 disables the check. */
  dotRadius?: number;
  /** Labels must lie fully inside (e.g. the visible stage). */
  bounds?: { x: number; y: number; width: number; height: number };
  /** Stop after this many labels (keeps dense crowds legible). */
  maxLabels?: number;
  /** Other things labels must not cover (box captions, number badges), px. */
  obstacles?: readonly Box[];
}

export interface LabelLayout {
  placed: PlacedLabel[];
  /** Ids of labels that found no free spot, in priority order. */
  dropped: string[];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const ANCHORS: readonly LabelAnchor[] = [
  'right',
  'left',
  'above',
  'below',
  'above-right',
  'below-right',
  'above-left',
  'below-left',
];

function candidate(r: LabelRequest, anchor: LabelAnchor, gap: number): Box {
  const { x, y, width: w, height: h } = r;
  switch (anchor) {
    case 'right':
      return { x: x + gap, y: y - h / 2, width: w, height: h };
    case 'left':
      return { x: x - gap - w, y: y - h / 2, width: w, height: h };
    case 'above':
      return { x: x - w / 2, y: y - gap - h, width: w, height: h };
    case 'below':
      return { x: x - w / 2, y: y + gap, width: w, height: h };
    case 'above-right':
      return { x: x + gap, y: y - gap - h, width: w, height: h };
    case 'below-right':
      return { x: x + gap, y: y + gap, width: w, height: h };
    case 'above-left':
      return { x: x - gap - w, y: y - gap - h, width: w, height: h };
    case 'below-left':
      return { x: x - gap - w, y: y + gap, width: w, height: h };
  }
}

/** Strict overlap: boxes that only touch along an edge do not collide. */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Uniform grid over boxes so each test looks at a few neighbours, not every placed label. */
class BoxGrid {
  private readonly cells = new Map<number, Box[]>();
  constructor(private readonly cell: number) {}

  /** Calls `visit` with each cell key the box covers; stops when it returns true. */
  private forCells(b: Box, visit: (key: number) => boolean | void): boolean {
    const x0 = Math.floor(b.x / this.cell);
    const x1 = Math.floor((b.x + b.width) / this.cell);
    const y0 = Math.floor(b.y / this.cell);
    const y1 = Math.floor((b.y + b.height) / this.cell);
    // Numeric keys (cells within +-2^20 of the origin) avoid building strings per lookup.
    for (let i = x0; i <= x1; i++)
      for (let j = y0; j <= y1; j++) if (visit((i + 1048576) * 2097152 + (j + 1048576))) return true;
    return false;
  }

  add(b: Box): void {
    this.forCells(b, (k) => {
      const list = this.cells.get(k);
      if (list) list.push(b);
      else this.cells.set(k, [b]);
    });
  }

  hits(b: Box, ignore?: Box): boolean {
    return this.forCells(b, (k) => {
      for (const other of this.cells.get(k) ?? [])
        if (other !== ignore && boxesOverlap(b, other)) return true;
      return false;
    });
  }
}

function inside(b: Box, bounds: Box | undefined): boolean {
  if (!bounds) return true;
  return (
    b.x >= bounds.x &&
    b.y >= bounds.y &&
    b.x + b.width <= bounds.x + bounds.width &&
    b.y + b.height <= bounds.y + bounds.height
  );
}

export function layoutLabels(
  requests: readonly LabelRequest[],
  options: LabelLayoutOptions = {},
): LabelLayout {
  const gap = options.gap ?? 4;
  const dot = options.dotRadius ?? 0;
  const max = options.maxLabels ?? Infinity;
  const valid = requests.filter(
    (r) => [r.x, r.y, r.width, r.height].every(Number.isFinite) && r.width >= 0 && r.height >= 0,
  );
  const typical = valid.reduce((m, r) => Math.max(m, r.height, r.width / 4), 8);
  const grid = new BoxGrid(typical * 2);

  for (const o of options.obstacles ?? [])
    if ([o.x, o.y, o.width, o.height].every(Number.isFinite)) grid.add({ ...o });

  // Every dot is an obstacle, except for its own label (which sits beside it anyway).
  const dotBox = new Map<LabelRequest, Box>();
  for (const r of valid) {
    const d = r.dotRadius ?? dot;
    if (!(d > 0)) continue;
    const b = { x: r.x - d, y: r.y - d, width: 2 * d, height: 2 * d };
    dotBox.set(r, b);
    grid.add(b);
  }

  const order = valid
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (b.r.priority ?? 0) - (a.r.priority ?? 0) || a.i - b.i);

  const placed: PlacedLabel[] = [];
  const dropped: string[] = [];
  for (const { r } of order) {
    if (placed.length >= max) {
      dropped.push(r.id);
      continue;
    }
    let done = false;
    for (const anchor of ANCHORS) {
      const box = candidate(r, anchor, gap + (r.dotRadius ?? dot));
      if (!inside(box, options.bounds) || grid.hits(box, dotBox.get(r))) continue;
      grid.add(box);
      placed.push({ id: r.id, ...box, anchor });
      done = true;
      break;
    }
    if (!done) dropped.push(r.id);
  }
  if (valid.length !== requests.length) {
    const ok = new Set(valid);
    for (const r of requests) if (!ok.has(r)) dropped.push(r.id);
  }
  return { placed, dropped };
}
