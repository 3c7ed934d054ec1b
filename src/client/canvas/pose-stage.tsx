import { memo, useLayoutEffect, useRef } from 'react';
import type Konva from 'konva';
import { Circle, Group, Image as KonvaImage, Label, Layer, Line, Rect, Stage, Tag, Text } from 'react-konva';
import { boxCaptionRect, CAPTION_FONT_PX, CAPTION_PAD_PX } from '@/pose/box-caption';
import type { ViewTransform } from '@/pose/geometry';
import type { PersonView } from '@/pose/pose-view-model';
import { CANVAS_FONT_FAMILY, keypointLabelAttrs } from './keypoint-label-style';
import { SkeletonShape } from './skeleton-shape';
import type { LoadedImage } from './use-loaded-image';

// The Konva view: image layer, skeleton layer (one Shape per person) and a small overlay
// layer (hover ring, boxes, labels, angle measurement). Every layer has listening={false}:
// pointer handling and hit-testing live outside Konva, in pure code over a spatial index.

export interface OverlayMark {
  /** Image pixels. */
  x: number;
  y: number;
  colour: string;
}

export interface OverlayBox {
  key: string;
  /** Image pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  colour: string;
  label: string;
}

export interface OverlayLabel {
  key: string;
  /** Top-left of the text box, image pixels. */
  x: number;
  y: number;
  text: string;
  colour: string;
}

export interface StageOverlay {
  hover?: OverlayMark | undefined;
  highlight?: OverlayMark | undefined;
  boxes?: readonly OverlayBox[];
  labels?: readonly OverlayLabel[];
  /** Joint angle values drawn beside their vertex (image pixels). */
  angleLabels?: readonly OverlayLabel[];
  /** Picked points of an angle measurement, image pixels. */
  measure?: readonly OverlayMark[];
  /** Keypoint paths over the last frames of a video (x0, y0, x1, y1... in image pixels). */
  trails?: readonly { key: string; points: readonly number[]; colour: string }[];
}

interface PoseStageProps {
  image: LoadedImage;
  width: number;
  height: number;
  transform: ViewTransform;
  persons: readonly PersonView[];
  hoveredPersonId: string | undefined;
  presentation: boolean;
  overlaysHidden: boolean;
  colourBy: 'person' | 'part';
  overlay: StageOverlay;
  /** Reports how long the skeleton layer took to draw (ms) whenever its content changes. */
  onSkeletonDrawn?: (ms: number) => void;
  /** Changes with every presented video frame: the image layer redraws (Konva cannot know). */
  frameKey?: number | undefined;
}

const OverlayLayer = memo(function OverlayLayer({
  overlay,
  transform,
}: {
  overlay: StageOverlay;
  transform: ViewTransform;
}) {
  const k = 1 / transform.scale;
  const measurePts = overlay.measure ?? [];
  return (
    <Layer
      listening={false}
      x={transform.x}
      y={transform.y}
      scaleX={transform.scale}
      scaleY={transform.scale}
    >
      {overlay.trails?.map((tr) => (
        <Line
          key={tr.key}
          points={[...tr.points]}
          stroke={tr.colour}
          strokeWidth={3 * k}
          lineCap="round"
          lineJoin="round"
          opacity={0.85}
          shadowColor="#000000"
          shadowBlur={2}
        />
      ))}
      {overlay.boxes?.map((b) => (
        <Group key={b.key}>
          <Rect
            x={b.x}
            y={b.y}
            width={b.width}
            height={b.height}
            stroke={b.colour}
            strokeWidth={2 * k}
            dash={[6 * k, 4 * k]}
          />
          <Label x={b.x} y={boxCaptionRect(b, 0, k).y}>
            <Tag fill="#000000" opacity={0.7} cornerRadius={3 * k} />
            <Text
              text={b.label}
              fontSize={CAPTION_FONT_PX * k}
              padding={CAPTION_PAD_PX * k}
              fill={b.colour}
              fontFamily={CANVAS_FONT_FAMILY}
            />
          </Label>
        </Group>
      ))}
      {overlay.labels?.map((l) => (
        <Text key={l.key} {...keypointLabelAttrs(l, k)} />
      ))}
      {overlay.angleLabels?.map((l) => (
        <Text
          key={l.key}
          x={l.x + 8 * k}
          y={l.y - 18 * k}
          text={l.text}
          fontSize={13 * k}
          fontStyle="bold"
          fill={l.colour}
          stroke="#000000"
          strokeWidth={3 * k}
          fillAfterStrokeEnabled
        />
      ))}
      {measurePts.length >= 2 && (
        <Line
          points={measurePts.flatMap((p) => [p.x, p.y])}
          stroke="#ffffff"
          strokeWidth={2 * k}
          dash={[4 * k, 3 * k]}
        />
      )}
      {measurePts.map((p, i) => (
        <Circle key={i} x={p.x} y={p.y} radius={7 * k} stroke="#ffffff" strokeWidth={2 * k} />
      ))}
      {overlay.highlight && (
        <Circle
          x={overlay.highlight.x}
          y={overlay.highlight.y}
          radius={11 * k}
          stroke={overlay.highlight.colour}
          strokeWidth={3 * k}
          shadowColor="#000000"
          shadowBlur={4}
        />
      )}
      {overlay.hover && (
        <Circle
          x={overlay.hover.x}
          y={overlay.hover.y}
          radius={9 * k}
          stroke="#ffffff"
          strokeWidth={2.5 * k}
          shadowColor="#000000"
          shadowBlur={3}
        />
      )}
    </Layer>
  );
});

export function PoseStage({
  image,
  width,
  height,
  transform,
  persons,
  hoveredPersonId,
  presentation,
  overlaysHidden,
  colourBy,
  overlay,
  onSkeletonDrawn,
  frameKey,
}: PoseStageProps) {
  const skeletonLayer = useRef<Konva.Layer>(null);
  const imageLayer = useRef<Konva.Layer>(null);
  useLayoutEffect(() => {
    if (frameKey !== undefined) imageLayer.current?.batchDraw();
  }, [frameKey]);

  // Draw synchronously once the skeleton data changes, to measure what the user waits for.
  // Time the skeleton layer's own draw (Konva's beforeDraw/draw events) after its content
  // changed; zoom and pan redraws are not reported (they would re-render React per frame).
  const pendingMeasure = useRef(false);
  const report = useRef(onSkeletonDrawn);
  report.current = onSkeletonDrawn;
  useLayoutEffect(() => {
    pendingMeasure.current = true;
  }, [persons, colourBy]);
  // A layout effect: the stage is loaded lazily and may mount with the skeletons already there,
  // so the listeners must be in place before the first draw (and a draw is asked for below).
  useLayoutEffect(() => {
    const layer = skeletonLayer.current;
    if (!layer) return;
    let t0 = 0;
    layer.on('beforeDraw.measure', () => {
      t0 = performance.now();
    });
    layer.on('draw.measure', () => {
      if (!pendingMeasure.current) return;
      pendingMeasure.current = false;
      report.current?.(performance.now() - t0);
    });
    if (pendingMeasure.current) layer.batchDraw();
    return () => {
      layer.off('beforeDraw.measure');
      layer.off('draw.measure');
    };
  }, []);

  const layerProps = { x: transform.x, y: transform.y, scaleX: transform.scale, scaleY: transform.scale };
  return (
    <Stage width={width} height={height} listening={false}>
      <Layer ref={imageLayer} listening={false} {...layerProps} imageSmoothingEnabled={transform.scale < 2}>
        {/* Drawn at the image's full size in image coordinates, whatever the bitmap's size. */}
        <KonvaImage image={image.display} x={0} y={0} width={image.width} height={image.height} />
      </Layer>
      <Layer ref={skeletonLayer} listening={false} visible={!overlaysHidden} {...layerProps}>
        {persons.map((p) => (
          <SkeletonShape
            key={p.personId}
            person={p}
            scale={transform.scale}
            presentation={presentation}
            emphasised={hoveredPersonId === p.personId}
            colourBy={colourBy}
          />
        ))}
      </Layer>
      {!overlaysHidden && <OverlayLayer overlay={overlay} transform={transform} />}
    </Stage>
  );
}
