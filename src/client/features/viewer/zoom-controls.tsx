import { useTranslation } from 'react-i18next';

export interface ZoomCommands {
  fit: () => void;
  actual: () => void;
  zoomIn: () => void;
  zoomOut: () => void;
}

export function ZoomControls({ commands, scale }: { commands: ZoomCommands; scale: number | undefined }) {
  const { t } = useTranslation();
  return (
    <div
      className="zoom-controls"
      role="group"
      aria-label={t('viewer.zoomLevel', { percent: Math.round((scale ?? 1) * 100) })}
    >
      <button type="button" className="button small" onClick={commands.fit}>
        {t('viewer.fit')}
      </button>
      <button type="button" className="button small" onClick={commands.actual}>
        {t('viewer.actual')}
      </button>
      <button
        type="button"
        className="button small"
        aria-label={t('viewer.zoomOut')}
        title={t('viewer.zoomOut')}
        onClick={commands.zoomOut}
      >
        −
      </button>
      <button
        type="button"
        className="button small"
        aria-label={t('viewer.zoomIn')}
        title={t('viewer.zoomIn')}
        onClick={commands.zoomIn}
      >
        +
      </button>
      <span className="zoom-level" data-testid="zoom-level" aria-hidden="true">
        {scale === undefined ? '' : `${Math.round(scale * 100)}%`}
      </span>
    </div>
  );
}
