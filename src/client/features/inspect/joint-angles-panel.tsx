import { useMemo, type Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import type { PoseResult } from '@/contract/pose-envelope';
import { angleAt, standardJointAngles } from '@/pose/joint-angles';
import type { ViewAction, ViewState } from '@/client/features/viewer/view-state';

/** Standard joint angles of the selected person, and a three-click angle measurement. */
export function JointAnglesPanel({
  result,
  view,
  dispatch,
}: {
  result: PoseResult;
  view: ViewState;
  dispatch: Dispatch<ViewAction>;
}) {
  const { t } = useTranslation();
  const person = result.keyPointList.find((p) => p.personId === view.selectedPersonId);
  const angles = useMemo(
    () => (person ? standardJointAngles(person, view.threshold) : []),
    [person, view.threshold],
  );
  const measured = useMemo(() => {
    if (view.measurePoints.length !== 3) return undefined;
    const pts = view.measurePoints.map(
      (r) => result.keyPointList.find((p) => p.personId === r.personId)?.inferKeypointList[r.index],
    );
    const [a, b, c] = pts;
    return a && b && c ? angleAt(a, b, c) : undefined;
  }, [view.measurePoints, result]);
  return (
    <section className="panel joint-angles" data-testid="joint-angles">
      <h2>{t('angles.title')}</h2>
      {!person ? (
        <p className="muted">{t('angles.selectPerson')}</p>
      ) : angles.length === 0 ? (
        <p className="muted">{t('angles.none')}</p>
      ) : (
        <dl className="kv">
          {angles.map((a) => (
            <div key={a.joint} className="kv-row" data-joint={a.joint}>
              <dt>{t(`angles.${a.joint}`)}</dt>
              <dd>{a.degrees.toFixed(1)}°</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="measure">
        {view.measuring ? (
          <>
            <p className="hint" role="status">
              {measured !== undefined
                ? t('angles.measured', { angle: measured.toFixed(1) })
                : `${t('angles.measureHint')} (${view.measurePoints.length}/3)`}
            </p>
            <button
              type="button"
              className="button small"
              onClick={() => dispatch({ type: 'cancel-measure' })}
            >
              {t('angles.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="button small" onClick={() => dispatch({ type: 'start-measure' })}>
            {t('angles.measure')}
          </button>
        )}
      </div>
    </section>
  );
}
