import { useTranslation } from 'react-i18next';
import { LANGUAGES, isLanguage, rememberLanguage, switchLanguage } from '@/client/i18n/i18n';
import type { ThemeChoice } from './use-theme';

const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = { en: 'English', ko: '한국어' };

export function SettingsBar({
  theme,
  onTheme,
  presentation,
  onTogglePresentation,
}: {
  theme: ThemeChoice;
  onTheme: (t: ThemeChoice) => void;
  presentation: boolean;
  onTogglePresentation: () => void;
}) {
  const { t, i18n } = useTranslation();
  // Theme and language change rarely: one menu keeps the header to one row from 1024 px.
  return (
    <div className="settings-bar">
      <button
        type="button"
        className="button"
        aria-pressed={presentation}
        aria-label={presentation ? t('settings.exitPresentation') : t('settings.presentation')}
        title={presentation ? t('settings.exitPresentation') : t('settings.presentation')}
        onClick={onTogglePresentation}
      >
        <span aria-hidden="true">▶</span> <span className="present-label">{t('settings.present')}</span>
      </button>
      <details className="menu settings-menu" data-testid="settings-menu">
        <summary className="button" aria-label={t('settings.menu')} title={t('settings.menu')}>
          <span aria-hidden="true">⚙</span>
        </summary>
        <div className="menu-popover button-column">
          <label className="compact-field">
            <span>{t('settings.theme')}</span>
            <select
              value={theme}
              onChange={(e) => {
                const v = e.currentTarget.value;
                if (v === 'system' || v === 'light' || v === 'dark') onTheme(v);
              }}
            >
              <option value="system">{t('settings.themeSystem')}</option>
              <option value="light">{t('settings.themeLight')}</option>
              <option value="dark">{t('settings.themeDark')}</option>
            </select>
          </label>
          <label className="compact-field">
            <span>{t('settings.language')}</span>
            <select
              value={i18n.language}
              onChange={(e) => {
                const v = e.currentTarget.value;
                if (!isLanguage(v)) return;
                void switchLanguage(i18n, v);
                rememberLanguage(v);
              }}
            >
              {LANGUAGES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
        </div>
      </details>
    </div>
  );
}
