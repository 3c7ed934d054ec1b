import {
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PartGroup } from '@/contract/pose-envelope';
import { answerFrame, mapResultToFrame } from '@/pose/answer-frame';
import { zoomAt, zoomLimitsFor, zoomToActualSize, type ViewTransform } from '@/pose/geometry';
import { standardJointAngles } from '@/pose/joint-angles';
import { personBbox } from '@/pose/person-bbox';
import { buildPoseViewModel, personSummary } from '@/pose/pose-view-model';
import { useLoadedImage } from '@/client/canvas/use-loaded-image';
import type { OverlayBox, OverlayLabel, StageOverlay } from '@/client/canvas/pose-stage';
import { AnalysisStatus } from '@/client/features/analysis/analysis-status';
import { AnalysisAlert } from '@/client/features/analysis/error-message';
import type { Analysis } from '@/client/features/analysis/use-analysis';
import { ExportPanel } from '@/client/features/export/export-panel';
import { JointAnglesPanel } from '@/client/features/inspect/joint-angles-panel';
import { KeypointTable } from '@/client/features/inspect/keypoint-table';
import { ProvenancePanel } from '@/client/features/inspect/provenance-panel';
import { RawJsonPanel } from '@/client/features/inspect/raw-json-panel';
import { ScoreHistogramChart } from '@/client/features/inspect/score-histogram-chart';
import { PersonList } from '@/client/features/persons/person-list';
import { SettingsBar } from '@/client/features/shell/settings-bar';
import { SAMPLE_IMAGE } from '@/client/features/upload/upload-controls';
import { useTheme } from '@/client/features/shell/use-theme';
import type { FrameSource } from './frame-source';
import { PartToggles } from './part-toggles';
import { PoseViewer, type ViewerLayout } from './pose-viewer';
import { ThresholdControl } from './threshold-control';
import { loadLinkedSelection, loadViewOptions, usePersistedViewOptions } from './use-persisted-view-options';
import { shortcutFeedback, type ShortcutNote } from './shortcut-feedback';
import { useShortcuts } from './use-shortcuts';
import { initialViewState, viewReducer, type ViewAction } from './view-state';
import { ZoomControls, type ZoomCommands } from './zoom-controls';

/**
 * Mark size of the PNG export: dots and lines look as they would with the photo shown 1280 px
 * wide (so a phone photo gets proportionally bigger marks); never smaller than 1:1.
 */
/** A note's values with `partKey` replaced by the part's translated name. */
function resolveNoteValues(n: ShortcutNote, t: TFunction): Record<string, string | number> {
  const v: Record<string, string | number> = { ...n.values };
  if (typeof v.partKey === 'string') v.part = t(v.partKey);
  return v;
}

function exportMarkScale(width: number, height: number): number {
  return Math.min(1, 1280 / Math.max(1, width, height));
}

/** Zoom step of the buttons and + / - keys. */
const ZOOM_STEP = 1.25;

interface WorkspaceProps {
  analysis: Analysis;
  provider: 'local' | 'nhn' | undefined;
  header: (settings: ReactNode) => ReactNode;
  /** Re-analyse the shown image with the thorough setting (absent where that cannot apply). */
  onLookHarder?: (() => void) | undefined;
  /** A video: its current frame and answer replace the photo's; its controls show under the stage. */
  frameSource?: FrameSource | undefined;
}

export function Workspace({ analysis, provider, header, onLookHarder, frameSource }: WorkspaceProps) {
  const { t } = useTranslation();
  const [theme, setTheme] = useTheme();
  const [view, dispatch] = useReducer(viewReducer, undefined, () =>
    initialViewState(loadViewOptions(), loadLinkedSelection()),
  );
  const loadedImage = useLoadedImage(frameSource ? undefined : analysis.image?.url);
  const imageState = frameSource ? frameSource.imageState : loadedImage;
  const image = imageState.status === 'ready' ? imageState.image : undefined;
  const rawAnswer = frameSource ? frameSource.answer : analysis.answer;
  // The server's frame against the drawn one: where they differ (decoders that disagree on an
  // orientation or a size), every keypoint is mapped onto the drawn image and a note says so.
  const frame = useMemo(
    () =>
      answerFrame(
        rawAnswer?.meta
          ? { width: rawAnswer.meta.imageWidth, height: rawAnswer.meta.imageHeight }
          : undefined,
        image,
      ),
    [rawAnswer?.meta, image],
  );
  const answer = useMemo(
    () =>
      rawAnswer && frame.kind !== 'same'
        ? { ...rawAnswer, result: mapResultToFrame(rawAnswer.result, frame) }
        : rawAnswer,
    [rawAnswer, frame],
  );
  const result = answer?.result;
  // The side panels (histogram, person list, angles, provenance, keypoint table, raw JSON) take a
  // deferred copy of the answer: React commits the canvas with the new result first and renders
  // the panels in a following, interruptible pass, so the skeletons are not held back by ~4k
  // keypoints' worth of panel work. View options (threshold, parts...) are not deferred.
  const panelAnswer = useDeferredValue(answer);
  const panelResult = panelAnswer?.result;
  const resultPersonIds = useMemo(() => result?.keyPointList.map((p) => p.personId), [result]);
  // A video's frames change the result several times a second with the same tracks: only a new
  // clip counts as a new result (selection, solo and zoom stay while it plays).
  const resetPersonIds = frameSource ? undefined : resultPersonIds;
  usePersistedViewOptions(view, dispatch, resetPersonIds);
  const [drawMs, setDrawMs] = useState<number | undefined>(undefined);

  // A new image or result: selection, hover and zoom referred to the old one. A link's
  // selection (URL hash) applies to the first result, if that result has those persons.
  const sourceId = frameSource?.id;
  useEffect(() => {
    dispatch({ type: 'result-changed', personIds: resetPersonIds });
  }, [resetPersonIds, analysis.image?.id, sourceId]);

  // The frame the coordinates refer to: the oriented image, else what the server measured.
  const imageWidth = image?.width ?? answer?.meta?.imageWidth ?? 0;
  const imageHeight = image?.height ?? answer?.meta?.imageHeight ?? 0;

  const vm = useMemo(
    () =>
      result
        ? buildPoseViewModel(result, {
            threshold: view.threshold,
            parts: view.parts,
            mapping: view.mapping,
            selectedPersonId: view.selectedPersonId,
            soloPersonId: view.soloPersonId,
            imageWidth,
            imageHeight,
            styleOf: frameSource?.styleOf,
          })
        : undefined,
    [
      frameSource?.styleOf,
      result,
      view.threshold,
      view.parts,
      view.mapping,
      view.selectedPersonId,
      view.soloPersonId,
      imageWidth,
      imageHeight,
    ],
  );

  const personIds = useMemo(() => resultPersonIds ?? [], [resultPersonIds]);

  const partCounts = useMemo(() => {
    const counts: Record<PartGroup, number> = { body: 0, foot: 0, face: 0, hand: 0, other: 0 };
    for (const person of panelResult?.keyPointList ?? []) {
      const s = personSummary(person, 0);
      for (const part of Object.keys(counts) as PartGroup[]) counts[part] += s.totalByPart[part];
    }
    return counts;
  }, [panelResult]);

  const boxes = useMemo<OverlayBox[]>(() => {
    if (!view.bbox || !vm) return [];
    const out: OverlayBox[] = [];
    for (const person of vm.drawOrder) {
      const src = result?.keyPointList.find((p) => p.personId === person.personId);
      if (!src) continue;
      const box = personBbox(src.inferKeypointList, {
        threshold: view.threshold,
        imageWidth,
        imageHeight,
        padding: 0.05,
      });
      if (!box) continue;
      const mean = personSummary(src, view.threshold).meanScore;
      out.push({
        key: person.personId,
        ...box,
        colour: person.colour.colour,
        label: `${t('persons.person', { id: person.number })} · ${mean.toFixed(3)}`,
      });
    }
    return out;
  }, [view.bbox, view.threshold, vm, result, imageWidth, imageHeight, t]);

  // Joint angles on the canvas: the selected person's, else every shown person's.
  const angleLabels = useMemo<OverlayLabel[]>(() => {
    // Angles are body measurements: hidden with the body part.
    if (!view.angles || !view.parts.body || !vm || !result) return [];
    const shown = vm.drawOrder.filter((p) => view.selectedPersonId === undefined || p.selected);
    return shown.flatMap((person) => {
      const src = result.keyPointList.find((p) => p.personId === person.personId);
      if (!src) return [];
      return standardJointAngles(src, view.threshold).map((a) => ({
        key: `${person.personId}/${a.joint}`,
        x: a.vertex.x,
        y: a.vertex.y,
        text: `${Math.round(a.degrees)}°`,
        colour: person.colour.colour,
      }));
    });
  }, [view.angles, view.selectedPersonId, view.threshold, view.parts.body, vm, result]);

  const trails = useMemo(
    () => (view.overlaysHidden ? undefined : frameSource?.trailsFor(view.selectedPersonId)),
    [frameSource, view.selectedPersonId, view.overlaysHidden],
  );

  const pointAt = useCallback(
    (ref: { personId: string; index: number } | undefined) => {
      if (!ref || !vm) return undefined;
      const person = vm.persons.find((p) => p.personId === ref.personId);
      const p = person?.points[ref.index];
      return person && p ? { x: p.x, y: p.y, colour: person.colour.colour } : undefined;
    },
    [vm],
  );

  const overlay = useMemo<StageOverlay>(
    () => ({
      boxes,
      angleLabels,
      highlight: pointAt(view.highlighted),
      measure: view.measurePoints.map((r) => pointAt(r)).filter((p) => p !== undefined),
      trails,
    }),
    [boxes, angleLabels, pointAt, view.highlighted, view.measurePoints, trails],
  );

  // Zoom commands need the viewer's size and fit, reported by the viewer.
  const layout = useRef<ViewerLayout | undefined>(undefined);
  const [scale, setScale] = useState<number | undefined>(undefined);
  const onLayout = useCallback((l: ViewerLayout) => {
    layout.current = l;
    setScale(l.transform.scale);
  }, []);
  // A short note of what each key did (threshold, parts, zoom...), replaced by the next one.
  const [note, setNote] = useState<{ note: ShortcutNote; seq: number } | undefined>(undefined);
  const say = useCallback((n: ShortcutNote | undefined) => {
    if (n) setNote((prev) => ({ note: n, seq: (prev?.seq ?? 0) + 1 }));
  }, []);
  useEffect(() => {
    if (!note) return;
    const id = setTimeout(() => setNote(undefined), 1800);
    return () => clearTimeout(id);
  }, [note]);

  const makeZoom = useCallback(
    (announce: boolean): ZoomCommands => {
      const apply = (tr: ViewTransform | undefined) => {
        dispatch({ type: 'set-transform', transform: tr });
        if (!announce) return;
        say(
          tr ? { key: 'toast.zoom', values: { percent: Math.round(tr.scale * 100) } } : { key: 'toast.fit' },
        );
      };
      const step = (factor: number) => {
        const l = layout.current;
        if (!l) return;
        const centre = { x: l.width / 2, y: l.height / 2 };
        apply(zoomAt(l.transform, centre, factor, zoomLimitsFor(l.fit.scale)));
      };
      return {
        fit: () => apply(undefined),
        actual: () => {
          const l = layout.current;
          if (l) apply(zoomToActualSize(l.transform, l.width, l.height));
        },
        zoomIn: () => step(ZOOM_STEP),
        zoomOut: () => step(1 / ZOOM_STEP),
        set: (scale: number) => {
          const l = layout.current;
          if (l && l.transform.scale > 0) step(scale / l.transform.scale);
        },
      };
    },
    [say],
  );
  const zoom = useMemo(() => makeZoom(false), [makeZoom]);
  const keyZoom = useMemo(() => makeZoom(true), [makeZoom]);

  const viewRef = useRef(view);
  viewRef.current = view;
  // The number people read: answer position + 1 for a photo, the track id for a video frame.
  const numberOf = useCallback(
    (personId: string) => vm?.persons.find((p) => p.personId === personId)?.number,
    [vm],
  );
  const keyDispatch = useCallback(
    (action: ViewAction) => {
      // The reducer is pure: computing the next state here to describe it is safe.
      say(shortcutFeedback(action, viewReducer(viewRef.current, action), numberOf));
      dispatch(action);
    },
    [say, numberOf],
  );

  useShortcuts(keyDispatch, personIds, keyZoom, true);

  // Presentation mode: the browser's full screen when allowed; Esc there leaves both.
  const appRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = appRef.current;
    if (!el || typeof document.fullscreenElement === 'undefined') return;
    if (view.presentation && !document.fullscreenElement) el.requestFullscreen?.().catch(() => undefined);
    if (!view.presentation && document.fullscreenElement) document.exitFullscreen?.().catch(() => undefined);
  }, [view.presentation]);
  useEffect(() => {
    const onChange = () => {
      if (!document.fullscreenElement) dispatch({ type: 'set-presentation', on: false });
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const providerName = provider ? t(provider === 'nhn' ? 'provider.nhn' : 'provider.local') : '';
  const settings = (
    <SettingsBar
      theme={theme}
      onTheme={setTheme}
      presentation={view.presentation}
      onTogglePresentation={() => dispatch({ type: 'toggle-presentation' })}
    />
  );

  return (
    <div ref={appRef} className={`workspace-root${view.presentation ? ' is-presentation' : ''}`}>
      {header(settings)}
      <main className="workspace">
        <section
          className="stage-column"
          id="stage"
          tabIndex={-1}
          aria-label={t('viewer.canvasLabel')}
          data-skeleton-draw-ms={drawMs?.toFixed(3)}
        >
          <div className="stage-toolbar">
            <AnalysisStatus analysis={analysis} onLookHarder={onLookHarder} />
            <div className="toolbar-group">
              <label className="toggle">
                <input
                  type="checkbox"
                  checked={view.labels}
                  onChange={() => dispatch({ type: 'toggle-labels' })}
                />
                {t('viewer.labels')}
              </label>
              <label className="toggle">
                <input
                  type="checkbox"
                  checked={view.bbox}
                  onChange={() => dispatch({ type: 'toggle-bbox' })}
                />
                {t('viewer.bbox')}
              </label>
              <label className="toggle">
                <input
                  type="checkbox"
                  checked={view.angles}
                  onChange={() => dispatch({ type: 'toggle-angles' })}
                />
                {t('viewer.angles')}
              </label>
              <label className="compact-field">
                <span>{t('viewer.colourBy')}</span>
                <select
                  value={view.colourBy}
                  onChange={(e) =>
                    dispatch({
                      type: 'set-colour-by',
                      colourBy: e.currentTarget.value === 'part' ? 'part' : 'person',
                    })
                  }
                >
                  <option value="person">{t('viewer.colourPerson')}</option>
                  <option value="part">{t('viewer.colourPart')}</option>
                </select>
              </label>
              <ZoomControls commands={zoom} scale={image ? scale : undefined} />
              {result && image && analysis.image && !frameSource && (
                <ExportPanel
                  result={result}
                  meta={answer?.meta}
                  image={image}
                  fileName={analysis.image.name}
                  threshold={view.threshold}
                  persons={vm?.drawOrder ?? []}
                  boxes={boxes}
                  markScale={exportMarkScale(image.width, image.height)}
                  colourBy={view.colourBy}
                  labels={view.labels}
                  selectedPersonId={view.selectedPersonId}
                />
              )}
            </div>
          </div>
          <div className="stage-wrap">
            <PoseViewer
              imageState={imageState}
              vm={vm}
              view={view}
              dispatch={dispatch}
              phase={analysis.phase}
              overlay={overlay}
              onSkeletonDrawn={setDrawMs}
              onLayout={onLayout}
              frameKey={frameSource?.frameKey}
            />
            {!analysis.image && !frameSource && (
              <div className="empty-stage" data-testid="empty-stage">
                <div className="empty-card">
                  <svg className="empty-icon" viewBox="0 0 64 64" aria-hidden="true">
                    <circle cx="32" cy="13" r="6" />
                    <path d="M32 20v18M32 38l-9 16M32 38l9 16M18 26l14 4 14-4" />
                  </svg>
                  <p className="empty-title">{t('upload.emptyTitle')}</p>
                  <p>{t('upload.dropHint')}</p>
                </div>
              </div>
            )}
            {imageState.status === 'error' && (
              <div className="error-message" role="alert">
                <p className="error-text">{t('upload.unreadable')}</p>
              </div>
            )}
            <AnalysisAlert analysis={analysis} />
            {frame.kind !== 'same' && frame.answer && frame.drawn && (
              <div className="error-message" role="alert" data-testid="frame-warning" data-frame={frame.kind}>
                <p className="error-text">
                  {t(frame.kind === 'turned' ? 'viewer.frameTurned' : 'viewer.frameScaled', {
                    aw: frame.answer.width,
                    ah: frame.answer.height,
                    dw: frame.drawn.width,
                    dh: frame.drawn.height,
                  })}
                </p>
              </div>
            )}
            {/* One column of notes in a corner: they stack, never overlap, at any window size. */}
            {(view.overlaysHidden || (view.presentation && result)) && (
              <div className="stage-notes">
                {view.presentation && result && (
                  <p className="presentation-caption" data-testid="presentation-caption">
                    {t('presentation.caption', { count: result.keyPointList.length, provider: providerName })}
                  </p>
                )}
                {view.overlaysHidden && (
                  <p className="overlay-note" data-testid="overlay-note">
                    {t('viewer.overlaysHidden')}
                  </p>
                )}
              </div>
            )}
            {note && (
              <p className="hotkey-toast" role="status" data-testid="hotkey-toast" key={note.seq}>
                {t(note.note.key, resolveNoteValues(note.note, t))}
              </p>
            )}
          </div>
          {frameSource?.panel(view, dispatch)}
          {/* The sample is CC BY 2.0: its licence asks for this credit wherever it is shown. */}
          {analysis.image?.name === SAMPLE_IMAGE.name && (
            <p className="hint sample-credit" data-testid="sample-credit">
              {t('viewer.sampleCredit')}{' '}
              <a href="https://creativecommons.org/licenses/by/2.0/" target="_blank" rel="noreferrer">
                CC BY 2.0
              </a>
            </p>
          )}
          <p className="hint shortcuts-hint keyboard-hint" data-testid="shortcuts-hint">
            {t('settings.shortcuts')}
          </p>
        </section>
        <aside className="side-panel" aria-label={t('persons.title')}>
          <ThresholdControl threshold={view.threshold} mapping={view.mapping} dispatch={dispatch} />
          {panelResult && (
            <ScoreHistogramChart
              result={panelResult}
              threshold={view.threshold}
              imageWidth={imageWidth}
              imageHeight={imageHeight}
            />
          )}
          <PartToggles parts={view.parts} counts={partCounts} dispatch={dispatch} />
          <section className="panel">
            <h2>{t('persons.title')}</h2>
            {panelResult ? (
              <PersonList
                result={panelResult}
                threshold={view.threshold}
                selectedPersonId={view.selectedPersonId}
                soloPersonId={view.soloPersonId}
                dispatch={dispatch}
                styleOf={frameSource?.styleOf}
              />
            ) : (
              <p className="muted">{t('persons.none')}</p>
            )}
          </section>
          {panelResult && <JointAnglesPanel result={panelResult} view={view} dispatch={dispatch} />}
          {panelAnswer && (
            <ProvenancePanel
              answer={panelAnswer}
              imageWidth={imageWidth}
              imageHeight={imageHeight}
              drawMs={drawMs}
            />
          )}
          {panelResult && (
            <KeypointTable
              result={panelResult}
              view={view}
              dispatch={dispatch}
              imageWidth={imageWidth}
              imageHeight={imageHeight}
            />
          )}
          {panelResult && <RawJsonPanel result={panelResult} meta={panelAnswer?.meta} />}
        </aside>
      </main>
    </div>
  );
}
