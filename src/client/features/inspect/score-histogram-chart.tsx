import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartGroup, PoseResult } from '@/contract/pose-envelope';
import { hiddenCounts, scoreHistogram } from '@/pose/score-histogram';

const PART_ORDER: readonly PartGroup[] = ['body', 'foot', 'face', 'hand', 'other'];
const PART_FILL: Record<PartGroup, string> = {
  body: 'var(--part-body)',
  foot: 'var(--part-foot)',
  face: 'var(--part-face)',
  hand: 'var(--part-hand)',
  other: 'var(--part-other)',
};

/** Stacked bars of keypoints per score bin and part, with the threshold drawn across. */
export function ScoreHistogramChart({
  result,
  threshold,
  imageWidth,
  imageHeight,
}: {
  result: PoseResult;
  threshold: number;
  imageWidth: number;
  imageHeight: number;
}) {
  const { t } = useTranslation();
  const hist = useMemo(
    () => scoreHistogram(result, { bins: 20, imageWidth, imageHeight }),
    [result, imageWidth, imageHeight],
  );
  const hidden = useMemo(
    () => hiddenCounts(result, threshold, { width: imageWidth, height: imageHeight }),
    [result, threshold, imageWidth, imageHeight],
  );
  const W = 240;
  const H = 64;
  const bins = hist.total.length;
  const bw = W / bins;
  const max = Math.max(1, hist.maxCount);
  const hiddenList = PART_ORDER.filter((p) => hidden.byPart[p] > 0)
    .map((p) => `${t(`viewer.part_${p}`)} ${hidden.byPart[p]}`)
    .join(', ');
  return (
    <figure className="histogram" data-testid="score-histogram">
      <figcaption>{t('histogram.title')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={t('histogram.caption')}>
        {hist.total.map((_, i) => {
          let y = H;
          return PART_ORDER.map((part) => {
            const n = hist.byPart[part][i] ?? 0;
            if (n === 0) return null;
            const h = (n / max) * (H - 4);
            y -= h;
            return (
              <rect
                key={`${i}-${part}`}
                x={i * bw + 0.5}
                y={y}
                width={bw - 1}
                height={h}
                fill={PART_FILL[part]}
              >
                <title>{`${hist.edges[i]?.toFixed(2)}–${hist.edges[i + 1]?.toFixed(2)} ${part}: ${n}`}</title>
              </rect>
            );
          });
        })}
        <line x1={threshold * W} x2={threshold * W} y1={0} y2={H} className="histogram-threshold" />
      </svg>
      <p className="hint" data-testid="hidden-counts">
        {t('histogram.hiddenByPart', { list: hiddenList || '0' })}
      </p>
    </figure>
  );
}
