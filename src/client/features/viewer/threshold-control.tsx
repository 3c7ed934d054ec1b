import type { Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import { OPACITY_LEGEND, OPACITY_MAPPINGS, type OpacityMapping } from '@/pose/score-opacity';
import type { ViewAction } from './view-state';

export function ThresholdControl({
  threshold,
  mapping,
  dispatch,
}: {
  threshold: number;
  mapping: OpacityMapping;
  dispatch: Dispatch<ViewAction>;
}) {
  const { t } = useTranslation();
  return (
    <div className="threshold-control">
      <label className="field-row">
        <span>{t('viewer.threshold')}</span>
        <input
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={threshold}
          aria-label={t('viewer.threshold')}
          onChange={(e) => dispatch({ type: 'set-threshold', value: Number(e.currentTarget.value) })}
        />
        <output data-testid="threshold-value">{threshold.toFixed(2)}</output>
      </label>
      <div className="field-row">
        <label htmlFor="opacity-mapping">{t('viewer.opacityMode')}</label>
        <select
          id="opacity-mapping"
          value={mapping}
          onChange={(e) => {
            const v = OPACITY_MAPPINGS.find((m) => m === e.currentTarget.value);
            if (v) dispatch({ type: 'set-mapping', mapping: v });
          }}
        >
          {OPACITY_MAPPINGS.map((m) => (
            <option key={m} value={m}>
              {t(m === 'linear' ? 'viewer.linear' : 'viewer.emphasised')}
            </option>
          ))}
        </select>
      </div>
      <div className="opacity-legend" aria-label={t('viewer.legend')} role="group">
        {OPACITY_LEGEND(mapping).map((stop) => (
          <span key={stop.score} className="legend-stop">
            <span className="legend-swatch" style={{ opacity: stop.opacity }} aria-hidden="true" />
            {stop.score.toFixed(2)}
          </span>
        ))}
      </div>
    </div>
  );
}
