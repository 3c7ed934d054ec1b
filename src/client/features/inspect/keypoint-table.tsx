import { useMemo, useState, type Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartGroup, PoseResult } from '@/contract/pose-envelope';
import { partOfKeypoint } from '@/pose/keypoint-catalogue';
import { isNotDetected } from '@/pose/pose-view-model';
import { useKeypointNames } from '@/client/i18n/use-keypoint-names';
import type { ViewAction, ViewState } from '@/client/features/viewer/view-state';

// Every keypoint as a table: sortable, filterable, hover a row to ring the point on the
// canvas. Also the accessible, keyboard-reachable alternative to the canvas.

type SortKey = 'person' | 'label' | 'name' | 'part' | 'x' | 'y' | 'score';

interface Row {
  personId: string;
  /** What people read: answer position + 1. */
  personNumber: number;
  index: number;
  /** Human name in the UI language. */
  label: string;
  /** NHN's own name. */
  name: string;
  part: PartGroup;
  x: number;
  y: number;
  score: number;
  notDetected: boolean;
}

function compare(a: Row, b: Row, key: SortKey): number {
  switch (key) {
    case 'person':
      return a.personNumber - b.personNumber || a.index - b.index;
    case 'label':
      return a.label.localeCompare(b.label);
    case 'name':
      return a.name.localeCompare(b.name);
    case 'part':
      return a.part.localeCompare(b.part);
    default:
      return a[key] - b[key];
  }
}

export function KeypointTable({
  result,
  view,
  dispatch,
  imageWidth,
  imageHeight,
}: {
  result: PoseResult;
  view: ViewState;
  dispatch: Dispatch<ViewAction>;
  imageWidth: number;
  imageHeight: number;
}) {
  const { t } = useTranslation();
  const nameOf = useKeypointNames();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'person', dir: 1 });
  const [scope, setScope] = useState<'all' | 'selected'>('all');

  const rows = useMemo(() => {
    const out: Row[] = [];
    // Collapsed, the table shows no rows: skip building and sorting ~4k of them per answer.
    if (!open) return out;
    result.keyPointList.forEach((person, personIndex) => {
      if (
        scope === 'selected' &&
        view.selectedPersonId !== undefined &&
        person.personId !== view.selectedPersonId
      )
        return;
      person.inferKeypointList.forEach((kp, index) => {
        out.push({
          personId: person.personId,
          personNumber: personIndex + 1,
          index,
          label: nameOf(kp.name),
          name: kp.name,
          part: partOfKeypoint(kp.name, kp.part),
          x: kp.x,
          y: kp.y,
          score: kp.score,
          notDetected: isNotDetected(kp, imageWidth, imageHeight),
        });
      });
    });
    const f = filter.trim().toLowerCase();
    const filtered = f
      ? out.filter(
          (r) => r.label.toLowerCase().includes(f) || r.name.toLowerCase().includes(f) || r.part.includes(f),
        )
      : out;
    return filtered.sort((a, b) => compare(a, b, sort.key) * sort.dir);
  }, [open, result, scope, view.selectedPersonId, filter, sort, imageWidth, imageHeight, nameOf]);

  const columns: { key: SortKey; label: string; numeric?: boolean }[] = [
    { key: 'person', label: t('table.person') },
    { key: 'label', label: t('table.name') },
    { key: 'name', label: t('table.nhnName') },
    { key: 'part', label: t('table.part') },
    { key: 'x', label: t('table.x'), numeric: true },
    { key: 'y', label: t('table.y'), numeric: true },
    { key: 'score', label: t('table.score'), numeric: true },
  ];

  return (
    <details
      className="panel keypoint-table"
      data-testid="keypoint-table"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>{t('table.title')}</summary>
      {open && (
        <>
          <div className="table-controls">
            <label className="compact-field">
              <span>{t('table.filter')}</span>
              <input
                type="search"
                value={filter}
                placeholder={t('table.filterPlaceholder')}
                onChange={(e) => setFilter(e.currentTarget.value)}
              />
            </label>
            <label className="compact-field">
              <span>{t('table.scope')}</span>
              <select
                value={scope}
                onChange={(e) => setScope(e.currentTarget.value === 'selected' ? 'selected' : 'all')}
              >
                <option value="all">{t('table.scopeAll')}</option>
                <option value="selected">{t('table.scopeSelected')}</option>
              </select>
            </label>
            <span className="hint" aria-live="polite">
              {t('table.rows', { count: rows.length })}
            </span>
          </div>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  {columns.map((c) => {
                    const active = sort.key === c.key;
                    return (
                      <th
                        key={c.key}
                        scope="col"
                        aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
                        className={c.numeric ? 'num' : undefined}
                      >
                        <button
                          type="button"
                          className="sort-button"
                          aria-label={t('table.sortBy', { column: c.label })}
                          onClick={() =>
                            setSort((s) => ({
                              key: c.key,
                              dir: s.key === c.key ? (s.dir === 1 ? -1 : 1) : 1,
                            }))
                          }
                        >
                          {c.label}
                          <span aria-hidden="true">{active ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span>
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const below = r.score < view.threshold || r.notDetected;
                  return (
                    <tr
                      key={`${r.personId}/${r.index}`}
                      className={below ? 'is-below' : undefined}
                      data-testid="keypoint-row"
                      tabIndex={0}
                      onMouseEnter={() =>
                        dispatch({ type: 'highlight-point', point: { personId: r.personId, index: r.index } })
                      }
                      onFocus={() =>
                        dispatch({ type: 'highlight-point', point: { personId: r.personId, index: r.index } })
                      }
                      onMouseLeave={() => dispatch({ type: 'highlight-point', point: undefined })}
                      onBlur={() => dispatch({ type: 'highlight-point', point: undefined })}
                    >
                      <td>{r.personNumber}</td>
                      <td>{r.label}</td>
                      <td>
                        <code>{r.name}</code>
                      </td>
                      <td>{t(`viewer.part_${r.part}`)}</td>
                      <td className="num">{r.x.toFixed(1)}</td>
                      <td className="num">{r.y.toFixed(1)}</td>
                      <td className="num">{r.score.toFixed(3)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </details>
  );
}
