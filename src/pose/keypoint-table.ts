import type { PartGroup } from '@/contract/pose-envelope';
import type { PointView, PoseViewModel } from './pose-view-model';

// Rows of the keypoint table (the accessible alternative to the canvas): filter and sort the
// view model's points. Every keypoint is listed, hidden and "not detected" ones included (their
// flags say why they are not drawn), unless the caller asks otherwise.

export type KeypointSortKey = 'person' | 'name' | 'part' | 'x' | 'y' | 'score';
export type SortDirection = 'asc' | 'desc';

export interface KeypointTableQuery {
  /** Only this person (e.g. the selected one); undefined = everyone shown. */
  personId?: string | undefined;
  /** Case-insensitive substring of name, part or person id. */
  text?: string;
  /** Only these parts (undefined = all). */
  parts?: readonly PartGroup[];
  /** Only points drawn on the canvas. */
  visibleOnly?: boolean;
  sortBy?: KeypointSortKey;
  direction?: SortDirection;
}

/** Stable React key / hover id of a point: "<personId>:<index in the person's list>". */
export function pointKey(p: Pick<PointView, 'personId' | 'index'>): string {
  return `${p.personId}:${p.index}`;
}

// Numeric collation so face-2 sorts before face-10 and person "2" before "10".
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function keypointRows(vm: PoseViewModel, query: KeypointTableQuery = {}): PointView[] {
  const text = query.text?.trim().toLowerCase() ?? '';
  const parts = query.parts ? new Set(query.parts) : undefined;
  const order = new Map(vm.persons.map((p) => [p.personId, p.index]));
  const rows: PointView[] = [];
  for (const person of vm.persons) {
    if (!person.shown) continue;
    if (query.personId !== undefined && person.personId !== query.personId) continue;
    for (const p of person.points) {
      if (query.visibleOnly && !p.visible) continue;
      if (parts && !parts.has(p.part)) continue;
      if (
        text &&
        !p.name.toLowerCase().includes(text) &&
        !p.part.includes(text) &&
        !p.personId.toLowerCase().includes(text)
      )
        continue;
      rows.push(p);
    }
  }
  const by = query.sortBy ?? 'person';
  const sign = query.direction === 'desc' ? -1 : 1;
  const byAnswerOrder = (a: PointView, b: PointView) =>
    (order.get(a.personId) ?? 0) - (order.get(b.personId) ?? 0) || a.index - b.index;
  const primary = (a: PointView, b: PointView): number => {
    switch (by) {
      case 'person':
        return byAnswerOrder(a, b);
      case 'name':
        return collator.compare(a.name, b.name);
      case 'part':
        return collator.compare(a.part, b.part);
      default:
        return a[by] - b[by];
    }
  };
  return rows.sort((a, b) => sign * primary(a, b) || byAnswerOrder(a, b));
}
