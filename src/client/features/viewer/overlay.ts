import { imageToStage, stageToImage, type ViewTransform } from '@/pose/geometry';
import { layoutLabels, type LabelRequest } from '@/pose/label-layout';
import type { PersonView } from '@/pose/pose-view-model';
import { LABEL_FONT_PX } from '@/client/canvas/keypoint-label-style';
import type { OverlayLabel } from '@/client/canvas/pose-stage';

// Keypoint name labels: measured in screen pixels (constant size at any zoom), laid out by the
// pure collision-avoiding layout, then handed to the stage in image pixels.

export const LABEL_FONT = `${LABEL_FONT_PX}px system-ui, sans-serif`;
const LABEL_HEIGHT_PX = 14;
/** Beyond this many candidate labels only the selected person's are offered (legibility). */
const MAX_LABELS = 400;

let measureCtx: CanvasRenderingContext2D | null | undefined;

function textWidth(text: string): number {
  if (measureCtx === undefined) measureCtx = document.createElement('canvas').getContext('2d');
  if (!measureCtx) return text.length * 6.2;
  measureCtx.font = LABEL_FONT;
  return measureCtx.measureText(text).width;
}

export function computeLabels(
  persons: readonly PersonView[],
  transform: ViewTransform,
  view: { width: number; height: number },
  selectedPersonId: string | undefined,
  dotRadius: number,
): OverlayLabel[] {
  const source =
    selectedPersonId !== undefined ? persons.filter((p) => p.personId === selectedPersonId) : persons;
  const requests: LabelRequest[] = [];
  const colours = new Map<string, string>();
  for (const person of source) {
    for (const p of person.points) {
      if (!p.visible) continue;
      const s = imageToStage(transform, p);
      if (s.x < 0 || s.y < 0 || s.x > view.width || s.y > view.height) continue;
      const id = `${person.personId}/${p.index}`;
      colours.set(id, person.colour.colour);
      requests.push({
        id,
        x: s.x,
        y: s.y,
        width: textWidth(p.name),
        height: LABEL_HEIGHT_PX,
        priority: p.score,
      });
    }
  }
  const names = new Map(
    source.flatMap((person) => person.points.map((p) => [`${person.personId}/${p.index}`, p.name])),
  );
  const { placed } = layoutLabels(requests, {
    dotRadius,
    bounds: { x: 0, y: 0, width: view.width, height: view.height },
    maxLabels: MAX_LABELS,
  });
  return placed.map((l) => {
    const at = stageToImage(transform, { x: l.x, y: l.y + 1 });
    return {
      key: l.id,
      x: at.x,
      y: at.y,
      text: names.get(l.id) ?? '',
      colour: colours.get(l.id) ?? '#ffffff',
    };
  });
}
