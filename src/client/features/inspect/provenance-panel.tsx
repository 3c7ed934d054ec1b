import { useTranslation } from 'react-i18next';
import type { PoseAnswer } from '@/client/api/post-pose';

function ms(v: number): string {
  return v < 10 ? v.toFixed(1) : String(Math.round(v));
}

/** Who analysed the image with what, and where the time went (server stages + browser). */
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
  // meta.timings (JSON) and Server-Timing (header) usually carry the same stages; prefer meta.
  const serverStages = { ...answer.serverTiming, ...(answer.meta?.timings ?? {}) };
  const fmt = (v: number) => t('provenance.ms', { value: ms(v) });
  return (
    <section className="panel provenance" data-testid="provenance">
      <h2>{t('provenance.title')}</h2>
      <dl className="kv">
        <dt>{t('provenance.provider')}</dt>
        <dd data-testid="provenance-provider">
          {provider === 'nhn' ? t('provider.nhn') : provider === 'local' ? t('provider.local') : '—'}
        </dd>
        <dt>{t('provenance.model')}</dt>
        <dd data-testid="provenance-model">{answer.meta?.model ?? '—'}</dd>
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
        <dt>{t('provenance.upload')}</dt>
        <dd data-testid="timing-upload">{fmt(answer.clientTiming.uploadMs)}</dd>
        <dt>{t('provenance.wait')}</dt>
        <dd data-testid="timing-wait">{fmt(answer.clientTiming.waitMs)}</dd>
        {Object.entries(serverStages).map(([name, value]) => (
          <FragmentRow key={name} name={`${t('provenance.server')}: ${name}`} value={fmt(value)} />
        ))}
        <dt>{t('provenance.draw')}</dt>
        <dd data-testid="timing-draw">{drawMs === undefined ? '—' : fmt(drawMs)}</dd>
        <dt>{t('provenance.total')}</dt>
        <dd>{fmt(answer.clientTiming.totalMs + (drawMs ?? 0))}</dd>
      </dl>
    </section>
  );
}

function FragmentRow({ name, value }: { name: string; value: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </>
  );
}
