import { memo, useMemo, type Dispatch } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PoseResult } from '@/contract/pose-envelope';
import { personColour, type PersonStyle } from '@/pose/person-palette';
import { personSummary } from '@/pose/pose-view-model';
import type { ViewAction } from '@/client/features/viewer/view-state';

interface PersonListProps {
  result: PoseResult;
  threshold: number;
  selectedPersonId: string | undefined;
  soloPersonId: string | undefined;
  dispatch: Dispatch<ViewAction>;
  /** Colour and number per person when not by answer position (video: by track). */
  styleOf?: ((personId: string, index: number) => PersonStyle) | undefined;
}

/** One item per person: colour, id, mean score, keypoints above threshold; hover/select/solo. */
export function PersonList({
  result,
  threshold,
  selectedPersonId,
  soloPersonId,
  dispatch,
  styleOf,
}: PersonListProps) {
  const { t } = useTranslation();
  const summaries = useMemo(
    () => result.keyPointList.map((p) => personSummary(p, threshold)),
    [result, threshold],
  );
  const ids = useMemo(() => result.keyPointList.map((p) => p.personId), [result]);
  if (summaries.length === 0) return <p className="muted">{t('persons.none')}</p>;
  return (
    <div className="person-list-wrap">
      <ul
        className="person-list"
        aria-label={t('persons.title')}
        tabIndex={0}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowRight') {
            e.preventDefault();
            e.stopPropagation();
            dispatch({ type: 'select-step', personIds: ids, step: 1 });
          } else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') {
            e.preventDefault();
            e.stopPropagation();
            dispatch({ type: 'select-step', personIds: ids, step: -1 });
          }
        }}
      >
        {summaries.map((s, i) => (
          <PersonRow
            key={s.personId}
            t={t}
            colour={styleOf?.(s.personId, i) ?? personColour(i)}
            personId={s.personId}
            meanScore={s.meanScore}
            countAbove={s.countAbove}
            total={s.total}
            selected={selectedPersonId === s.personId}
            solo={soloPersonId === s.personId}
            dispatch={dispatch}
          />
        ))}
      </ul>
      <p className="hint keyboard-hint">{t('persons.keyboardHint')}</p>
    </div>
  );
}

interface PersonRowProps {
  t: TFunction;
  /** Colour, marker and the number people read (answer position + 1, or the track id). */
  colour: PersonStyle;
  personId: string;
  meanScore: number;
  countAbove: number;
  total: number;
  selected: boolean;
  solo: boolean;
  dispatch: Dispatch<ViewAction>;
}

/** Memoised on plain values: a part toggle or a selection elsewhere re-renders no other row. */
const PersonRow = memo(function PersonRow({
  t,
  colour,
  personId,
  meanScore,
  countAbove,
  total,
  selected,
  solo,
  dispatch,
}: PersonRowProps) {
  // People read numbers from 1; NHN's own id (often "0") stays in data-person-id and exports.
  const name = t('persons.person', { id: colour.number });
  return (
    <li
      className={`person-item${selected ? ' is-selected' : ''}`}
      data-testid="person-item"
      data-person-id={personId}
      aria-current={selected ? 'true' : undefined}
      onMouseEnter={() => dispatch({ type: 'hover-person', personId })}
      onMouseLeave={() => dispatch({ type: 'hover-person', personId: undefined })}
    >
      <button
        type="button"
        className="person-select"
        aria-pressed={selected}
        onClick={() => dispatch({ type: 'select-person', personId: selected ? undefined : personId })}
        onFocus={() => dispatch({ type: 'hover-person', personId })}
        onBlur={() => dispatch({ type: 'hover-person', personId: undefined })}
      >
        <span
          className={`swatch is-${colour.marker}`}
          style={{ background: colour.colour }}
          title={colour.name}
          data-testid="person-swatch"
          data-colour={colour.colour}
          data-marker={colour.marker}
        />
        <span className="person-name">{name}</span>
        <span className="person-score" data-testid="person-score">
          {t('persons.meanScore', { score: meanScore.toFixed(3) })}
        </span>
        <span className="person-count" data-testid="person-count">
          {t('persons.keypoints', { count: countAbove })}
          {total > countAbove && (
            <span className="person-hidden" data-testid="person-hidden">
              {' · '}
              {t('persons.hidden', { count: total - countAbove })}
            </span>
          )}
        </span>
      </button>
      <button
        type="button"
        className="button small"
        aria-pressed={solo}
        aria-label={`${t('persons.solo')}: ${name}`}
        onClick={() => dispatch({ type: 'toggle-solo', personId })}
      >
        {solo ? t('persons.unsolo') : t('persons.solo')}
      </button>
    </li>
  );
});
