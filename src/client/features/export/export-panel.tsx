import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PoseMeta, PoseResult } from '@/contract/pose-envelope';
import type { PersonView } from '@/pose/pose-view-model';
import type { OverlayBox } from '@/client/canvas/pose-stage';
import type { LoadedImage } from '@/client/canvas/use-loaded-image';
import { useKeypointNames } from '@/client/i18n/use-keypoint-names';
import { baseName, downloadBlob } from './download';

/** The writers and the PNG renderer, loaded on first use. */
const actions = () => import('./export-actions');

interface ExportPanelProps {
  result: PoseResult;
  meta: PoseMeta | undefined;
  image: LoadedImage;
  fileName: string;
  threshold: number;
  /** What is drawn now (threshold, parts, selection, solo applied). */
  persons: readonly PersonView[];
  boxes: readonly OverlayBox[];
  /** Screen px per image px at which marks should look as they do on screen. */
  markScale: number;
  colourBy: 'person' | 'part';
  /** The Labels toggle: draw keypoint names in the PNG too. */
  labels: boolean;
  /** With labels on, only this person's are drawn (as on screen). */
  selectedPersonId: string | undefined;
}

export function ExportPanel({
  result,
  meta,
  image,
  fileName,
  threshold,
  persons,
  boxes,
  markScale,
  colourBy,
  labels,
  selectedPersonId,
}: ExportPanelProps) {
  const { t } = useTranslation();
  const nameOf = useKeypointNames();
  const [note, setNote] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const base = baseName(fileName);
  const text = (s: string, type: string) => new Blob([s], { type });

  const fail = (err: unknown) => setNote(err instanceof Error ? err.message : String(err));

  // One click from the toolbar (not 700 px down the side panel): a menu of every export.
  return (
    <details className="menu export-menu" data-testid="export-panel">
      <summary className="button primary-soft">{t('export.title')}</summary>
      <div className="menu-popover button-column">
        <button
          type="button"
          className="button small"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setNote(undefined);
            actions()
              .then(({ exportLabels, renderAnnotatedPng }) => {
                const names = labels
                  ? exportLabels(
                      persons,
                      image.width,
                      image.height,
                      markScale,
                      selectedPersonId,
                      boxes,
                      nameOf,
                    )
                  : [];
                return renderAnnotatedPng(image, persons, boxes, markScale, colourBy, names);
              })
              .then((blob) => downloadBlob(blob, `${base}-pose.png`))
              .catch(fail)
              .finally(() => setBusy(false));
          }}
        >
          {t('export.png')}
        </button>
        <button
          type="button"
          className="button small"
          onClick={() =>
            void actions()
              .then(({ exportNhnJson }) =>
                downloadBlob(text(exportNhnJson(result, meta), 'application/json'), `${base}-pose.json`),
              )
              .catch(fail)
          }
        >
          {t('export.nhn')}
        </button>
        <button
          type="button"
          className="button small"
          onClick={() =>
            void actions()
              .then(({ exportCsv }) =>
                downloadBlob(
                  text(exportCsv([{ image: fileName, result }]), 'text/csv'),
                  `${base}-keypoints.csv`,
                ),
              )
              .catch(fail)
          }
        >
          {t('export.csv')}
        </button>
        <button
          type="button"
          className="button small"
          onClick={() =>
            void actions()
              .then(({ exportCocoJson }) => {
                const json = exportCocoJson(
                  [{ fileName, width: image.width, height: image.height, result }],
                  {
                    threshold,
                  },
                );
                downloadBlob(text(json, 'application/json'), `${base}-coco-keypoints.json`);
              })
              .catch(fail)
          }
        >
          {t('export.coco')}
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => {
            setNote(undefined);
            const clip = globalThis.navigator?.clipboard;
            if (!clip) {
              setNote(t('export.copyFailed', { reason: 'clipboard unavailable' }));
              return;
            }
            actions()
              .then(({ exportNhnJson }) => clip.writeText(exportNhnJson(result, meta)))
              .then(() => setNote(t('export.copied')))
              .catch((err: unknown) =>
                setNote(t('export.copyFailed', { reason: err instanceof Error ? err.message : String(err) })),
              );
          }}
        >
          {t('export.copy')}
        </button>
        {note && (
          <p className="hint" role="status" data-testid="export-note">
            {note}
          </p>
        )}
      </div>
    </details>
  );
}
