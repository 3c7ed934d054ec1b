// Windowing for the gallery: only the rows in (or near) the viewport are in the DOM, so a
// history of thousands scrolls like one of ten. Fixed cell sizes keep it pure arithmetic.

export interface GridWindow {
  columns: number;
  rowCount: number;
  /** First and one-past-last item index to render. */
  start: number;
  end: number;
  /** Height of the whole scrollable content, px. */
  totalHeight: number;
  /** Top offset of the first rendered row, px. */
  offsetTop: number;
}

export function gridWindow(
  itemCount: number,
  viewport: { width: number; height: number; scrollTop: number },
  cell: { width: number; height: number },
  overscanRows = 2,
): GridWindow {
  const columns = Math.max(1, Math.floor(viewport.width / cell.width));
  const rowCount = Math.ceil(itemCount / columns);
  const firstRow = Math.max(0, Math.floor(viewport.scrollTop / cell.height) - overscanRows);
  const lastRow = Math.min(
    rowCount,
    Math.ceil((viewport.scrollTop + viewport.height) / cell.height) + overscanRows,
  );
  return {
    columns,
    rowCount,
    start: Math.min(itemCount, firstRow * columns),
    end: Math.min(itemCount, Math.max(firstRow, lastRow) * columns),
    totalHeight: rowCount * cell.height,
    offsetTop: firstRow * cell.height,
  };
}

/** Keyboard move in a grid: arrows by cell/row, j/k by one item; clamped to the list. */
export function moveIndex(current: number, key: string, columns: number, count: number): number | undefined {
  if (count === 0) return undefined;
  const step: Record<string, number> = {
    ArrowRight: 1,
    ArrowLeft: -1,
    ArrowDown: columns,
    ArrowUp: -columns,
    j: 1,
    k: -1,
    Home: -Infinity,
    End: Infinity,
  };
  const d = step[key];
  if (d === undefined) return undefined;
  if (current < 0) return 0;
  return Math.min(count - 1, Math.max(0, current + d));
}
