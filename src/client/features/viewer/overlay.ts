import { boxCaptionRect, CAPTION_FONT_PX, type Rect } from '@/pose/box-caption';
import { imageToStage, stageToImage, type ViewTransform } from '@/pose/geometry';
import { layoutLabels, type LabelRequest } from '@/pose/label-layout';
import { numberBadge, type MarkSizes } from '@/pose/person-marks';
import type { PersonView } from '@/pose/pose-view-model';
import { CANVAS_FONT_FAMILY, LABEL_FONT_PX } from '@/client/canvas/keypoint-label-style';
import type { OverlayBox, OverlayLabel } from '@/client/canvas/pose-stage';

// Keypoint name labels: measured in screen pixels (constant size at any zoom), laid out by the
// pure collision-avoiding layout around the box captions and number badges (which they must
// never cover), then handed to the stage in image pixels. The PNG export calls the same code.

export const LABEL_FONT = `${LABEL_FONT_PX}px ${CANVAS_FONT_FAMILY}`;
const CAPTION_FONT = `${CAPTION_FONT_PX}px ${CANVAS_FONT_FAMILY}`;
const LABEL_HEIGHT_PX = 14;
/** Beyond this many candidate labels only the selected person's are offered (legibility). */
const MAX_LABELS = 400;

let measureCtx: CanvasRenderingContext2D | null | undefined;

function textWidth(text: string, font: string): number {
  if (measureCtx === undefined)
    measureCtx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  // No canvas (jsdom): 6.2 px a character at 11 px, scaled to the font's size.
  if (!measureCtx) return (text.length * 6.2 * Number.parseFloat(font)) / 11;
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

/** Box captions in stage px (what the layout and the e2e stories see). */
export function captionRects(boxes: readonly OverlayBox[], transform: ViewTransform): Rect[] {
  const k = 1 / transform.scale;
  return boxes.map((b) => {
    const r = boxCaptionRect(b, textWidth(b.label, CAPTION_FONT), k);
    const tl = imageToStage(transform, r);
    return { x: tl.x, y: tl.y, width: r.width / k, height: r.height / k };
  });
}

export interface LabelInputs {
  persons: readonly PersonView[];
  transform: ViewTransform;
  /** The visible stage, px. */
  view: { width: number; height: number };
  /** With a person selected, only its points are labelled. */
  selectedPersonId: string | undefined;
  /** The marks each person is drawn with (labels keep off its dots and number badge). */
  marksFor: (person: PersonView) => MarkSizes;
  boxes: readonly OverlayBox[];
  /** The text shown for a keypoint name (the human name in the UI language). */
  nameOf: (name: string) => string;
}

export function computeLabels({
  persons,
  transform,
  view,
  selectedPersonId,
  marksFor,
  boxes,
  nameOf,
}: LabelInputs): OverlayLabel[] {
  const source =
    selectedPersonId !== undefined ? persons.filter((p) => p.personId === selectedPersonId) : persons;
  const k = 1 / transform.scale;
  const obstacles: Rect[] = captionRects(boxes, transform);
  for (const person of persons) {
    const badge = numberBadge(person.points, marksFor(person), k);
    if (!badge) continue;
    const c = imageToStage(transform, badge);
    const r = badge.r / k;
    obstacles.push({ x: c.x - r, y: c.y - r, width: 2 * r, height: 2 * r });
  }
  const requests: LabelRequest[] = [];
  const colours = new Map<string, string>();
  const texts = new Map<string, string>();
  for (const person of source) {
    const dotRadius = marksFor(person).dotRadius;
    for (const p of person.points) {
      if (!p.visible) continue;
      const s = imageToStage(transform, p);
      if (s.x < 0 || s.y < 0 || s.x > view.width || s.y > view.height) continue;
      const id = `${person.personId}/${p.index}`;
      const text = nameOf(p.name);
      colours.set(id, person.colour.colour);
      texts.set(id, text);
      requests.push({
        id,
        x: s.x,
        y: s.y,
        width: textWidth(text, LABEL_FONT),
        height: LABEL_HEIGHT_PX,
        priority: p.score,
        dotRadius,
      });
    }
  }
  const { placed } = layoutLabels(requests, {
    bounds: { x: 0, y: 0, width: view.width, height: view.height },
    maxLabels: MAX_LABELS,
    obstacles,
  });
  return placed.map((l) => {
    const at = stageToImage(transform, { x: l.x, y: l.y + 1 });
    return {
      key: l.id,
      x: at.x,
      y: at.y,
      text: texts.get(l.id) ?? '',
      colour: colours.get(l.id) ?? '#ffffff',
    };
  });
}
