import { useTranslation } from 'react-i18next';
import type { PoseAnswer } from '@/client/api/post-pose';
import { provenanceBreakdown } from './provenance-breakdown';

function ms(v: number): string {
  return v < 10 ? v.toFixed(1) : String(Math.round(v));
}

/**
 * Who analysed the image with what, and where the time went: one line ("Offline engine ·
 * movenet · 541 ms: 505 inference"), the rest behind "Details" with parts that add up.
 */
export function ProvenancePanel({
  answer,
  imageWidth,
  imageHeight,
  drawMs,
}: {
  answer: PoseAnswer;
  imageWidth: number;
  imageHeight: number;
  drawMs: number | undefined;
}) {
  const { t } = useTranslation();
  const provider = answer.meta?.provider ?? answer.providerHeader;
  const providerName =
    provider === 'nhn' ? t('provider.nhn') : provider === 'local' ? t('provider.local') : '—';
  // meta.timings (JSON) and Server-Timing (header) usually carry the same stages; prefer meta.
  const serverStages = { ...answer.serverTiming, ...(answer.meta?.timings ?? {}) };
  const b = provenanceBreakdown(answer.clientTiming.totalMs, serverStages, drawMs);
  const fmt = (v: number) => t('provenance.ms', { value: ms(v) });
  const model = answer.meta?.model;
  const summary = [
    providerName,
    model,
    b.inferenceMs === undefined
      ? fmt(b.totalMs)
      : t('provenance.totalWithInference', { total: fmt(b.totalMs), inference: ms(b.inferenceMs) }),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <section className="panel provenance" data-testid="provenance">
      <h2>{t('provenance.title')}</h2>
      <p className="provenance-line" data-testid="provenance-line">
        {summary}
      </p>
      <details className="provenance-details">
        <summary>{t('provenance.details')}</summary>
        <dl className="kv">
          <dt>{t('provenance.provider')}</dt>
          <dd data-testid="provenance-provider">{providerName}</dd>
          <dt>{t('provenance.model')}</dt>
          <dd data-testid="provenance-model">{model ?? '—'}</dd>
          <dt>{t('provenance.image')}</dt>
          <dd>
            {imageWidth} × {imageHeight} px
          </dd>
          {answer.meta?.converted && (
            <>
              <dt>{t('provenance.converted')}</dt>
              <dd>{answer.meta.converted}</dd>
            </>
          )}
          {b.parts.map((p) => (
            <FragmentRow
              key={p.key}
              name={t(`provenance.stage_${p.key}`)}
              value={fmt(p.ms)}
              testId={
                p.key === 'network' ? 'timing-upload' : p.key === 'draw' ? 'timing-draw' : `timing-${p.key}`
              }
            />
          ))}
          <dt>{t('provenance.total')}</dt>
          <dd data-testid="timing-total">{fmt(b.totalMs)}</dd>
        </dl>
      </details>
    </section>
  );
}

function FragmentRow({ name, value, testId }: { name: string; value: string; testId: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd data-testid={testId}>{value}</dd>
    </>
  );
}
