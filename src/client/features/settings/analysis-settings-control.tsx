import { useTranslation } from 'react-i18next';
import {
  DETECT_CHOICES,
  DetectChoice,
  QUALITY_CHOICES,
  QualityChoice,
  settingsAvailable,
  type AnalysisSettings,
} from './analysis-settings';
import './analysis-settings.css';

/**
 * "Detect" and "Quality" selects for the header. Offered only when the server's provider lets
 * the client choose (the embedded engine); for NHN Cloud a one-line note says why there is
 * nothing to choose. Nothing renders until GET /api/health has named the provider.
 */
export function AnalysisSettingsControl({
  settings,
  onChange,
  provider,
}: {
  settings: AnalysisSettings;
  onChange: (next: AnalysisSettings) => void;
  provider: 'local' | 'nhn' | undefined;
}) {
  const { t } = useTranslation();
  if (provider === undefined) return null;
  if (!settingsAvailable(provider)) {
    return (
      <p
        className="analysis-settings-note"
        data-testid="analysis-settings"
        data-available="false"
        title={t('analysisSettings.nhn')}
      >
        {/* On narrower headers only the icon shows (the text stays for screen readers). */}
        <span className="note-icon" aria-hidden="true">
          ⓘ
        </span>
        <span className="note-text">{t('analysisSettings.nhn')}</span>
      </p>
    );
  }
  return (
    <div
      className="analysis-settings"
      role="group"
      aria-label={t('analysisSettings.title')}
      title={t('analysisSettings.title')}
      data-testid="analysis-settings"
      data-available="true"
    >
      <label className="compact-field">
        <span>{t('analysisSettings.detect')}</span>
        <select
          value={settings.detect}
          onChange={(e) => {
            const detect = DetectChoice.safeParse(e.currentTarget.value);
            if (detect.success) onChange({ ...settings, detect: detect.data });
          }}
        >
          {DETECT_CHOICES.map((c) => (
            <option key={c} value={c}>
              {t(`analysisSettings.detect_${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="compact-field" title={t(`analysisSettings.qualityHint_${settings.quality}`)}>
        <span>{t('analysisSettings.quality')}</span>
        <select
          value={settings.quality}
          data-testid="quality-select"
          onChange={(e) => {
            const quality = QualityChoice.safeParse(e.currentTarget.value);
            if (quality.success) onChange({ ...settings, quality: quality.data });
          }}
        >
          {QUALITY_CHOICES.map((c) => (
            <option key={c} value={c} title={t(`analysisSettings.qualityHint_${c}`)}>
              {t(`analysisSettings.quality_${c}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
