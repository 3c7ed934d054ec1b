import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ZoomCommands {
  fit: () => void;
  actual: () => void;
  zoomIn: () => void;
  zoomOut: () => void;
  /** Zoom to `scale` (1 = 100 %) around the view's centre. */
  set: (scale: number) => void;
}

/** "250", "250%", " 62.5 % " -> 2.5 / 0.625; undefined for anything else or out of 1..3200 %. */
export function parseZoomPercent(text: string): number | undefined {
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$/.exec(text);
  if (!m) return undefined;
  const pct = Number(m[1]!.replace(',', '.'));
  return pct >= 1 && pct <= 3200 ? pct / 100 : undefined;
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
      <ZoomInput scale={scale} onSet={commands.set} label={t('viewer.zoomPercent')} />
    </div>
  );
}

/** The zoom readout, editable: type a percentage and press Enter; Esc or leaving restores it. */
function ZoomInput({
  scale,
  onSet,
  label,
}: {
  scale: number | undefined;
  onSet: (scale: number) => void;
  label: string;
}) {
  const shown = scale === undefined ? '' : `${Math.round(scale * 100)}%`;
  const [text, setText] = useState(shown);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(shown);
  }, [shown, editing]);
  return (
    <input
      className="zoom-level"
      data-testid="zoom-level"
      aria-label={label}
      inputMode="decimal"
      size={5}
      disabled={scale === undefined}
      value={text}
      onFocus={(e) => {
        setEditing(true);
        e.currentTarget.select();
      }}
      onBlur={() => setEditing(false)}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          const s = parseZoomPercent(text);
          if (s !== undefined) onSet(s);
          e.currentTarget.blur();
        } else if (e.key === 'Escape') {
          setText(shown);
          e.currentTarget.blur();
        }
      }}
    />
  );
}
