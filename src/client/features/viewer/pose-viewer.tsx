import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type Dispatch,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import {
  fitImage,
  markSize,
  panBy,
  stageToImage,
  wheelStepFactor,
  zoomAt,
  zoomLimitsFor,
  type Point,
  type ViewTransform,
} from '@/pose/geometry';
import {
  buildViewIndex,
  drawnLimbs,
  nearestKeypoint,
  nearestLimb,
  type KeypointIndex,
} from '@/pose/keypoint-hit-test';
import type { LimbView, PointView, PoseViewModel } from '@/pose/pose-view-model';
import type { StageOverlay } from '@/client/canvas/pose-stage';
import { useElementSize } from '@/client/canvas/use-element-size';
import type { ImageLoadState } from '@/client/canvas/use-loaded-image';
import { presentationMarks, visibleExtent } from '@/pose/person-marks';
import { SCREEN_STYLE } from '@/client/canvas/draw-skeleton';
import { useKeypointNames } from '@/client/i18n/use-keypoint-names';
import type { AnalysisPhase } from '@/client/features/analysis/use-analysis';
import { captionRects, computeLabels } from './overlay';
import type { ViewAction, ViewState } from './view-state';

// The canvas container: fits the image, owns pointer input (hover via the spatial index,
// wheel/pinch zoom around the pointer, drag pan, double-click zoom) and the keypoint tooltip.
// Exposes the displayed image rectangle as data attributes so tests can aim at image pixels.

// Konva and react-konva (~100 KB gzip) load with the first image, not with the first screen; the
// browser fetches them while idle after the page is up, so the first photo rarely waits.
const loadStage = () => import('@/client/canvas/pose-stage');
const PoseStage = lazy(() => loadStage().then((m) => ({ default: m.PoseStage })));
if (typeof window !== 'undefined') {
  const prefetch = () => void loadStage().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(prefetch, { timeout: 3000 });
  else setTimeout(prefetch, 1000);
}

/** Hover reach around a keypoint / limb, screen px (converted to image px per zoom). */
const HOVER_RADIUS_PX = 10;
const LIMB_RADIUS_PX = 5;
/** Pointer travel (px) below which a press counts as a click, not a pan. */
const CLICK_SLOP_PX = 4;

type Hover =
  | { kind: 'point'; point: PointView; at: Point }
  | { kind: 'limb'; limb: LimbView; at: Point; from: PointView | undefined; to: PointView | undefined };

export interface PoseViewerProps {
  imageState: ImageLoadState;
  vm: PoseViewModel | undefined;
  view: ViewState;
  dispatch: Dispatch<ViewAction>;
  phase: AnalysisPhase;
  overlay: StageOverlay;
  onSkeletonDrawn?: (ms: number) => void;
  /** Measured container size and current transform, for the zoom buttons and keys. */
  onLayout?: (layout: ViewerLayout) => void;
  /** A video's presented-frame counter: redraws the picture under the skeletons. */
  frameKey?: number | undefined;
  children?: ReactNode;
}

export interface ViewerLayout {
  width: number;
  height: number;
  fit: ViewTransform;
  transform: ViewTransform;
}

function formatNumber(v: number, digits: number): string {
  return v.toFixed(digits);
}

export function PoseViewer({
  imageState,
  vm,
  view,
  dispatch,
  phase,
  overlay,
  onSkeletonDrawn,
  onLayout,
  frameKey,
  children,
}: PoseViewerProps) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(containerRef);
  const [hover, setHover] = useState<Hover | undefined>(undefined);
  const image = imageState.status === 'ready' ? imageState.image : undefined;

  const fit = useMemo(
    () => (image ? fitImage(image.width, image.height, size.width, size.height) : undefined),
    [image, size.width, size.height],
  );
  const transform = view.transform ?? fit;

  useEffect(() => {
    if (fit && transform) onLayout?.({ width: size.width, height: size.height, fit, transform });
  }, [fit, transform, size.width, size.height, onLayout]);

  // The spatial index is only needed for hovers and clicks: build it on the first hit test or
  // when the browser is idle after the draw, not between the answer and the first paint
  // (~4k points of a 30-person whole-body answer cost several ms).
  const hitData = useMemo(() => {
    let built: { index: KeypointIndex<PointView>; limbs: LimbView[] } | undefined;
    return () => {
      if (!vm) return undefined;
      built ??= { index: buildViewIndex(vm), limbs: drawnLimbs(vm) };
      return built;
    };
  }, [vm]);
  useEffect(() => {
    if (typeof requestIdleCallback !== 'function') return;
    const id = requestIdleCallback(() => hitData(), { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }, [hitData]);
  // Limb ends for the limb tooltip, looked up only when a limb is hovered.
  const pointOf = useCallback(
    (personId: string, name: string): PointView | undefined =>
      vm?.persons.find((p) => p.personId === personId)?.points.find((p) => p.name === name && p.visible),
    [vm],
  );

  // Latest values for the native listeners without re-binding them per frame.
  const live = useRef({ transform, fit, dispatch });
  live.current = { transform, fit, dispatch };

  const localPoint = (clientX: number, clientY: number): Point => {
    const r = containerRef.current?.getBoundingClientRect();
    return { x: clientX - (r?.left ?? 0), y: clientY - (r?.top ?? 0) };
  };

  const hitTest = useCallback(
    (local: Point): Hover | undefined => {
      const data = transform && !view.overlaysHidden ? hitData() : undefined;
      if (!transform || !data) return undefined;
      const { index, limbs } = data;
      const at = stageToImage(transform, local);
      const hit = nearestKeypoint(index, at.x, at.y, markSize(HOVER_RADIUS_PX, transform.scale));
      if (hit) return { kind: 'point', point: hit.item, at: local };
      const limbHit = nearestLimb(limbs, at.x, at.y, markSize(LIMB_RADIUS_PX, transform.scale));
      if (limbHit) {
        const l = limbHit.item;
        return {
          kind: 'limb',
          limb: l,
          at: local,
          from: pointOf(l.personId, l.from),
          to: pointOf(l.personId, l.to),
        };
      }
      return undefined;
    },
    [transform, hitData, pointOf, view.overlaysHidden],
  );

  // Hit-test results go stale when the data or the view changes under a still pointer.
  useEffect(() => setHover(undefined), [vm, transform]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const { transform: tr, fit: f, dispatch: d } = live.current;
      if (!tr || !f) return;
      e.preventDefault();
      const r = el.getBoundingClientRect();
      d({
        type: 'set-transform',
        transform: zoomAt(
          tr,
          { x: e.clientX - r.left, y: e.clientY - r.top },
          wheelStepFactor(e.deltaY, e.deltaMode),
          zoomLimitsFor(f.scale),
        ),
      });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  // Pointer state for pan and pinch (pointer id -> last local position).
  const pointers = useRef(new Map<number, Point>());
  const press = useRef<{ start: Point; moved: boolean } | undefined>(undefined);

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (!transform) return;
    const p = localPoint(e.clientX, e.clientY);
    pointers.current.set(e.pointerId, p);
    if (e.button === 0 || e.pointerType !== 'mouse') {
      e.currentTarget.setPointerCapture?.(e.pointerId);
      press.current = { start: p, moved: false };
    }
  };

  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const p = localPoint(e.clientX, e.clientY);
    const prev = pointers.current.get(e.pointerId);
    if (prev && transform && fit) {
      const others = [...pointers.current.entries()].filter(([id]) => id !== e.pointerId);
      const other = others[0]?.[1];
      pointers.current.set(e.pointerId, p);
      if (other) {
        // Pinch: scale by the change of finger distance around their midpoint.
        const before = Math.hypot(prev.x - other.x, prev.y - other.y);
        const after = Math.hypot(p.x - other.x, p.y - other.y);
        if (before > 0) {
          const mid = { x: (p.x + other.x) / 2, y: (p.y + other.y) / 2 };
          dispatch({
            type: 'set-transform',
            transform: zoomAt(transform, mid, after / before, zoomLimitsFor(fit.scale)),
          });
        }
        return;
      }
      if (press.current) {
        const dist = Math.hypot(p.x - press.current.start.x, p.y - press.current.start.y);
        if (press.current.moved || dist > CLICK_SLOP_PX) {
          press.current.moved = true;
          setHover(undefined);
          dispatch({ type: 'set-transform', transform: panBy(transform, p.x - prev.x, p.y - prev.y) });
          return;
        }
      }
    }
    setHover(hitTest(p));
  };

  const endPointer = (e: React.PointerEvent<HTMLDivElement>) => {
    pointers.current.delete(e.pointerId);
    const pr = press.current;
    press.current = undefined;
    if (e.type !== 'pointerup' || !pr || pr.moved) return;
    const h = hitTest(localPoint(e.clientX, e.clientY));
    if (view.measuring) {
      if (h?.kind === 'point')
        dispatch({ type: 'measure-point', point: { personId: h.point.personId, index: h.point.index } });
      return;
    }
    if (h?.kind === 'point') dispatch({ type: 'select-person', personId: h.point.personId });
    else if (h?.kind === 'limb') dispatch({ type: 'select-person', personId: h.limb.personId });
  };

  const onDoubleClick = (e: React.MouseEvent<HTMLDivElement>) => {
    if (!transform || !fit) return;
    dispatch({
      type: 'set-transform',
      transform: zoomAt(transform, localPoint(e.clientX, e.clientY), 2, zoomLimitsFor(fit.scale)),
    });
  };

  const rect =
    image && transform
      ? {
          x: transform.x,
          y: transform.y,
          width: image.width * transform.scale,
          height: image.height * transform.scale,
        }
      : undefined;

  const persons = useMemo(() => vm?.drawOrder ?? [], [vm]);
  const nameOf = useKeypointNames();
  const presentation = view.presentation;
  const boxes = overlay.boxes;
  const labels = useMemo(
    () =>
      view.labels && transform && !view.overlaysHidden
        ? computeLabels({
            persons,
            transform,
            view: size,
            selectedPersonId: view.selectedPersonId,
            // As skeleton-shape.tsx draws them.
            marksFor: presentation
              ? (p) => presentationMarks(visibleExtent(p.points) * transform.scale)
              : () => SCREEN_STYLE,
            boxes: boxes ?? [],
            nameOf,
          })
        : [],
    [
      view.labels,
      view.overlaysHidden,
      transform,
      persons,
      size,
      view.selectedPersonId,
      presentation,
      boxes,
      nameOf,
    ],
  );
  // Where box captions are on screen (stage px), for tests that check nothing covers them.
  const captions = useMemo(
    () =>
      transform && boxes && boxes.length > 0 ? JSON.stringify(captionRects(boxes, transform)) : undefined,
    [boxes, transform],
  );
  const fullOverlay = useMemo<StageOverlay>(
    () => ({
      ...overlay,
      labels,
      hover: hover?.kind === 'point' ? { x: hover.point.x, y: hover.point.y, colour: '#ffffff' } : undefined,
    }),
    [overlay, labels, hover],
  );

  return (
    <div
      ref={containerRef}
      className={`pose-canvas${view.measuring ? ' is-measuring' : ''}`}
      data-testid="pose-canvas"
      data-state={phase}
      data-image-rect={rect ? JSON.stringify(rect) : undefined}
      data-image-size={image ? JSON.stringify({ width: image.width, height: image.height }) : undefined}
      data-scale={transform && image ? String(transform.scale) : undefined}
      data-captions={captions}
      role="img"
      aria-label={t('viewer.canvasLabel')}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endPointer}
      onPointerCancel={endPointer}
      onPointerLeave={() => setHover(undefined)}
      onDoubleClick={onDoubleClick}
    >
      {image && transform && size.width > 0 && size.height > 0 && (
        <Suspense fallback={null}>
          <PoseStage
            image={image}
            width={size.width}
            height={size.height}
            transform={transform}
            persons={persons}
            hoveredPersonId={view.hoveredPersonId}
            presentation={view.presentation}
            overlaysHidden={view.overlaysHidden}
            colourBy={view.colourBy}
            overlay={fullOverlay}
            frameKey={frameKey}
            {...(onSkeletonDrawn ? { onSkeletonDrawn } : {})}
          />
        </Suspense>
      )}
      {hover && (
        <KeypointTooltip
          hover={hover}
          containerWidth={size.width}
          containerHeight={size.height}
          nameOf={nameOf}
          numberOf={(personId) => vm?.persons.find((p) => p.personId === personId)?.number}
        />
      )}
      {children}
    </div>
  );
}

function KeypointTooltip({
  hover,
  containerWidth,
  containerHeight,
  nameOf,
  numberOf,
}: {
  hover: Hover;
  containerWidth: number;
  containerHeight: number;
  nameOf: (name: string) => string;
  /** "Person 1" for NHN's person "0": people are numbered from 1. */
  numberOf: (personId: string) => number | undefined;
}) {
  const { t } = useTranslation();
  // Keep the tooltip inside the container: flip to the pointer's other side near an edge.
  const left = hover.at.x > containerWidth - 220 ? hover.at.x - 210 : hover.at.x + 14;
  const top = hover.at.y > containerHeight - 120 ? hover.at.y - 110 : hover.at.y + 14;
  if (hover.kind === 'point') {
    const p = hover.point;
    return (
      <div className="keypoint-tooltip" data-testid="keypoint-tooltip" role="tooltip" style={{ left, top }}>
        <div className="tooltip-title">
          <strong data-field="name">{nameOf(p.name)}</strong>{' '}
          <span data-field="part">{t(`viewer.part_${p.part}`)}</span>
        </div>
        <div className="tooltip-raw" data-field="raw-name">
          {t('viewer.nhnName', { name: p.name })}
        </div>
        <div data-field="score">{t('viewer.tooltipScore', { score: formatNumber(p.score, 3) })}</div>
        <div data-field="xy">
          x {formatNumber(p.x, 1)}, y {formatNumber(p.y, 1)}
        </div>
        <div data-field="person">{t('viewer.tooltipPerson', { id: numberOf(p.personId) ?? p.personId })}</div>
      </div>
    );
  }
  const l = hover.limb;
  const end = (name: string, pt: PointView | undefined) => (
    <div>
      {nameOf(name)} <span className="tooltip-raw">({name})</span>:{' '}
      {pt ? `${formatNumber(pt.score, 3)} (${formatNumber(pt.x, 1)}, ${formatNumber(pt.y, 1)})` : '—'}
    </div>
  );
  return (
    <div className="keypoint-tooltip" data-testid="limb-tooltip" role="tooltip" style={{ left, top }}>
      <div className="tooltip-title">
        <strong>{t('viewer.limb')}</strong> {nameOf(l.from)} – {nameOf(l.to)}
      </div>
      {end(l.from, hover.from)}
      {end(l.to, hover.to)}
      <div>{t('viewer.tooltipPerson', { id: numberOf(l.personId) ?? l.personId })}</div>
    </div>
  );
}
