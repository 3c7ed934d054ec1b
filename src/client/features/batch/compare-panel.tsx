import { useMemo, useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useHealth } from '@/client/api/get-health';
import { postPose } from '@/client/api/post-pose';
import { poseResultKey } from '@/client/features/history/result-cache-keys';
import { useBatchT } from './batch-i18n';
import { compareModesFor, type CompareMode } from './compare-modes';
import { compareResults, SAME_PERSON_MIN_OKS, type KeypointDelta } from './compare-results';
import type { OpenedItem } from './use-viewer-source';

// One image, two answers, one picture (people paired by OKS, compare-results.ts): NHN Cloud vs the embedded engine when the server can use
// both (?provider=), else the server's fast and accurate settings, drawn over each other in two
// colour-blind-safe colours, with the distance of every keypoint pair on hover. Both answers
// are cached by image hash + options, so comparing again costs nothing.

export function ComparePanel({ item }: { item: OpenedItem }) {
  const t = useBatchT();
  const health = useHealth();
  const modes = compareModesFor(health.data?.providers);
  // The comparison asked for, and for which image (a new item starts idle).
  const [requested, setRequested] = useState<{ hash: string; mode: CompareMode } | undefined>(undefined);
  const [hover, setHover] = useState<KeypointDelta | undefined>(undefined);
  const running = requested?.hash === item.hash ? requested.mode : undefined;
  // The legend shows what runs, else what the first button would run.
  const mode = running ?? modes[0]!;
  const [sideA, sideB] = mode.sides;
  const answers = useQueries({
    queries: mode.sides.map((s) => ({
      queryKey: poseResultKey(item.hash, s.options),
      queryFn: () =>
        postPose({ file: item.file, fileName: item.entry.fileName, hash: item.hash, options: s.options }),
      enabled: running !== undefined,
      staleTime: Infinity,
      retry: false,
    })),
  });
  const [a, b] = answers;
  const width = item.entry.width || a?.data?.meta?.imageWidth || 0;
  const height = item.entry.height || a?.data?.meta?.imageHeight || 0;
  const comparison = useMemo(
    () =>
      running && a?.data && b?.data ? compareResults(a.data.result, b.data.result, width, height) : undefined,
    [running, a?.data, b?.data, width, height],
  );
  const error = running ? answers.find((q) => q.error)?.error : undefined;
  // Mark sizes in image px for a drawing about 356 px wide.
  const k = Math.max(width, height) / 356 || 1;
  const aName = t(sideA.label);
  const bName = t(sideB.label);

  return (
    <section className="batch-compare" aria-label={t('compare')} data-testid="compare-panel">
      <div className="batch-controls">
        {modes.map((m) => (
          <button
            key={m.id}
            type="button"
            className="button small"
            onClick={() => {
              setHover(undefined);
              setRequested({ hash: item.hash, mode: m });
            }}
            disabled={running?.id === m.id}
            data-compare-mode={m.id}
          >
            {t(m.button)}
          </button>
        ))}
        {mode.sides.map((s) => (
          <span key={s.label} className="batch-legend">
            <span className="batch-swatch" style={{ background: s.colour }} aria-hidden="true" /> {t(s.label)}
          </span>
        ))}
      </div>
      {running && !comparison && !error && <p className="muted">{t('comparing')}</p>}
      {error && (
        <p role="alert" className="batch-error">
          {t('compareFailed', { message: error.message })}
        </p>
      )}
      {comparison && width > 0 && height > 0 && (
        <>
          <svg
            className="batch-compare-svg"
            viewBox={`0 0 ${width} ${height}`}
            data-testid="compare-overlay"
            role="img"
            data-compare-mode={mode.id}
            aria-label={t('compareOverlay', { a: aName, b: bName, count: comparison.pairs.length })}
          >
            <image href={item.url} x={0} y={0} width={width} height={height} />
            {comparison.pairs.flatMap((pair) =>
              pair.deltas.map((d) => (
                <g
                  key={`${pair.personA}-${d.name}`}
                  data-testid="compare-keypoint"
                  data-name={d.name}
                  onMouseEnter={() => setHover(d)}
                  onMouseLeave={() => setHover(undefined)}
                >
                  <line x1={d.ax} y1={d.ay} x2={d.bx} y2={d.by} stroke="#ffffff" strokeWidth={1.5 * k} />
                  <circle cx={d.ax} cy={d.ay} r={4 * k} fill={sideA.colour} stroke="#000" strokeWidth={k} />
                  <circle cx={d.bx} cy={d.by} r={4 * k} fill={sideB.colour} stroke="#000" strokeWidth={k} />
                  {/* A larger invisible target: the marks are small on a 356 px drawing. */}
                  <circle cx={d.ax} cy={d.ay} r={9 * k} fill="transparent" />
                </g>
              )),
            )}
          </svg>
          <p className="batch-compare-tip" data-testid="compare-tooltip" aria-live="polite">
            {hover
              ? t('compareTip', {
                  name: hover.name,
                  aName,
                  bName,
                  distance: hover.distance.toFixed(1),
                  ax: hover.ax.toFixed(0),
                  ay: hover.ay.toFixed(0),
                  bx: hover.bx.toFixed(0),
                  by: hover.by.toFixed(0),
                })
              : t('compareHint')}
          </p>
          <ul className="batch-compare-pairs">
            {comparison.pairs.map((p) => (
              <li key={`${p.personA}-${p.personB}`} data-testid="compare-pair">
                {t('comparePair', {
                  a: p.personA,
                  b: p.personB,
                  oks: p.oks.toFixed(3),
                  distance: p.meanDistance.toFixed(1),
                  count: p.deltas.length,
                })}
              </li>
            ))}
            {comparison.unmatchedA.length + comparison.unmatchedB.length > 0 && (
              <li data-testid="compare-unpaired">
                {t('compareOnly', {
                  floor: SAME_PERSON_MIN_OKS,
                  aName,
                  bName,
                  a: comparison.unmatchedA.join(', ') || t('none'),
                  b: comparison.unmatchedB.join(', ') || t('none'),
                })}
              </li>
            )}
          </ul>
        </>
      )}
    </section>
  );
}
