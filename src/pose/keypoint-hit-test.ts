import KDBush from 'kdbush';
import type { LimbView, PointView, PoseViewModel } from './pose-view-model';

// Hover hit-testing in pure code: one static kd-tree over the visible keypoints (image pixels),
// rebuilt when the view model changes; no per-shape listeners on the canvas. Query radii are in
// image pixels: convert a screen radius with markSize(radiusPx, scale).

export interface HitPoint {
  x: number;
  y: number;
}

export interface KeypointIndex<T extends HitPoint = PointView> {
  readonly items: readonly T[];
  /** Undefined when there are no items (kdbush needs at least one to be useful). */
  readonly tree: KDBush | undefined;
}

export interface NearestHit<T> {
  item: T;
  /** Image pixels. */
  distance: number;
}

/** Index any points with x/y in image pixels. Non-finite coordinates are left out. */
export function buildKeypointIndex<T extends HitPoint>(points: Iterable<T>): KeypointIndex<T> {
  const items = [...points].filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (items.length === 0) return { items, tree: undefined };
  const tree = new KDBush(items.length);
  for (const p of items) tree.add(p.x, p.y);
  tree.finish();
  return { items, tree };
}

/** Index exactly what is drawn: visible points of the shown persons. */
export function buildViewIndex(vm: PoseViewModel): KeypointIndex<PointView> {
  const visible: PointView[] = [];
  for (const person of vm.drawOrder) for (const p of person.points) if (p.visible) visible.push(p);
  return buildKeypointIndex(visible);
}

/**
 * The nearest indexed point within `radius` image pixels of (x, y), or undefined. Ties go to
 * the point indexed last (the one drawn on top: `buildViewIndex` follows the drawing order).
 */
export function nearestKeypoint<T extends HitPoint>(
  index: KeypointIndex<T>,
  x: number,
  y: number,
  radius: number,
): NearestHit<T> | undefined {
  if (!index.tree || !(radius >= 0)) return undefined;
  let best: NearestHit<T> | undefined;
  let bestId = -1;
  for (const id of index.tree.within(x, y, radius)) {
    const item = index.items[id]!;
    const d = Math.hypot(item.x - x, item.y - y);
    if (!best || d < best.distance || (d === best.distance && id > bestId)) {
      best = { item, distance: d };
      bestId = id;
    }
  }
  return best;
}

/** Distance (image px) from (x, y) to segment (x1,y1)-(x2,y2), and where along it (0..1). */
export function pointSegmentDistance(
  x: number,
  y: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
): { distance: number; t: number } {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((x - x1) * dx + (y - y1) * dy) / len2));
  return { distance: Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)), t };
}

export interface LimbHit<T> extends NearestHit<T> {
  /** 0 at the `from` end, 1 at the `to` end. */
  t: number;
}

/**
 * The limb nearest to (x, y) within `radius` image pixels. A linear scan: a whole-body crowd
 * has ~4,000 limbs and a bounding-box reject makes each a few comparisons (well under 1 ms).
 */
export function nearestLimb<T extends Pick<LimbView, 'x1' | 'y1' | 'x2' | 'y2'>>(
  limbs: Iterable<T>,
  x: number,
  y: number,
  radius: number,
): LimbHit<T> | undefined {
  if (!(radius >= 0)) return undefined;
  let best: LimbHit<T> | undefined;
  for (const limb of limbs) {
    if (
      x < Math.min(limb.x1, limb.x2) - radius ||
      x > Math.max(limb.x1, limb.x2) + radius ||
      y < Math.min(limb.y1, limb.y2) - radius ||
      y > Math.max(limb.y1, limb.y2) + radius
    )
      continue;
    const { distance, t } = pointSegmentDistance(x, y, limb.x1, limb.y1, limb.x2, limb.y2);
    if (distance <= radius && (!best || distance <= best.distance)) best = { item: limb, distance, t };
  }
  return best;
}

/** Drawn limbs of the shown persons, in drawing order (for nearestLimb). */
export function drawnLimbs(vm: PoseViewModel): LimbView[] {
  return vm.drawOrder.flatMap((p) => p.limbs);
}
