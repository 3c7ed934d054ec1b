import { useMemo } from 'react';
import { ALL_PART_GROUPS } from '@/pose/pose-view-model';
import type { HistoryEntry } from '@/client/features/history/history-store';
import { useBatchT } from './batch-i18n';
import { summariseBatch } from './batch-summary';

// Done / failed, people, mean score per part, and the score distribution as SVG bars.

const BINS = 10;
const W = 220;
const H = 64;

export function BatchSummaryPanel({ entries, failed }: { entries: readonly HistoryEntry[]; failed: number }) {
  const s = useMemo(
    () =>
      summariseBatch(
        entries.map((e) => ({ result: e.answer.result, width: e.width, height: e.height })),
        BINS,
      ),
    [entries],
  );
  const t = useBatchT();
  const max = Math.max(1, ...s.histogram);
  const bw = W / BINS;
  return (
    <section className="batch-summary" data-testid="batch-summary" aria-label={t('summary')}>
      <dl className="batch-figures">
        <div>
          <dt>{t('sDone')}</dt>
          <dd data-testid="summary-done">{s.images}</dd>
        </div>
        <div>
          <dt>{t('sFailed')}</dt>
          <dd data-testid="summary-failed">{failed}</dd>
        </div>
        <div>
          <dt>{t('sPeople')}</dt>
          <dd data-testid="summary-people">{s.people}</dd>
        </div>
        <div>
          <dt>{t('sKeypoints')}</dt>
          <dd>{s.keypoints}</dd>
        </div>
      </dl>
      <table className="batch-part-means">
        <caption>{t('meanPerPart')}</caption>
        <tbody>
          {ALL_PART_GROUPS.filter((p) => s.meanByPart[p] !== undefined).map((p) => (
            <tr key={p} data-testid={`summary-mean-${p}`}>
              <th scope="row">{p}</th>
              <td>{s.meanByPart[p]!.toFixed(3)}</td>
              <td aria-hidden="true">
                <span
                  className={`batch-mean-bar part-${p}`}
                  style={{ width: `${s.meanByPart[p]! * 100}%` }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <figure className="batch-histogram">
        <svg
          width={W}
          height={H + 14}
          viewBox={`0 0 ${W} ${H + 14}`}
          role="img"
          aria-label={`Keypoint scores: ${s.histogram.map((c, i) => `${(i / BINS).toFixed(1)}-${((i + 1) / BINS).toFixed(1)}: ${c}`).join(', ')}`}
          data-testid="summary-histogram"
        >
          {s.histogram.map((c, i) => {
            const h = (c / max) * H;
            return (
              <rect key={i} x={i * bw + 1} y={H - h} width={bw - 2} height={h} className="batch-bar">
                <title>{`${(i / BINS).toFixed(1)}–${((i + 1) / BINS).toFixed(1)}: ${c}`}</title>
              </rect>
            );
          })}
          <text x={0} y={H + 12} className="batch-axis">
            0
          </text>
          <text x={W} y={H + 12} textAnchor="end" className="batch-axis">
            1
          </text>
        </svg>
        <figcaption>{t('histogram', { count: s.keypoints })}</figcaption>
      </figure>
    </section>
  );
}
