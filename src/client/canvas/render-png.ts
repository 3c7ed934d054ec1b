import Konva from 'konva';
import { boxCaptionRect, CAPTION_FONT_PX, CAPTION_PAD_PX } from '@/pose/box-caption';
import type { PersonView } from '@/pose/pose-view-model';
import { drawPerson, SCREEN_STYLE } from './draw-skeleton';
import { CANVAS_FONT_FAMILY, keypointLabelAttrs } from './keypoint-label-style';
import type { OverlayBox, OverlayLabel } from './pose-stage';
import type { LoadedImage } from './use-loaded-image';

// The annotated image at the photo's full resolution: an offscreen Konva stage at scale 1
// (one stage px = one image px), the full-size image, and the same skeleton drawing as the
// screen. `markScale` sizes dots, lines and text as they look on screen at that zoom.
// `labels` are keypoint names already laid out at that scale (features/export/export-labels.ts),
// in image pixels; they are drawn with the screen's label style.

export async function renderAnnotatedPng(
  image: LoadedImage,
  persons: readonly PersonView[],
  boxes: readonly OverlayBox[],
  markScale: number,
  colourBy: 'person' | 'part' = 'person',
  labels: readonly OverlayLabel[] = [],
): Promise<Blob> {
  const container = document.createElement('div');
  const stage = new Konva.Stage({ container, width: image.width, height: image.height });
  try {
    const layer = new Konva.Layer({ listening: false });
    stage.add(layer);
    layer.add(new Konva.Image({ image: image.full, x: 0, y: 0, width: image.width, height: image.height }));
    for (const person of persons) {
      layer.add(
        new Konva.Shape({
          sceneFunc: (ctx) =>
            drawPerson(ctx._context, person, {
              ...SCREEN_STYLE,
              scale: markScale,
              emphasised: false,
              colourBy,
            }),
        }),
      );
    }
    const k = 1 / markScale;
    for (const b of boxes) {
      layer.add(
        new Konva.Rect({
          x: b.x,
          y: b.y,
          width: b.width,
          height: b.height,
          stroke: b.colour,
          strokeWidth: 2 * k,
          dash: [6 * k, 4 * k],
        }),
      );
      // Placed by the same rule as on screen (box-caption.ts), which the label layout avoided.
      const label = new Konva.Label({ x: b.x, y: boxCaptionRect(b, 0, k).y });
      label.add(new Konva.Tag({ fill: '#000000', opacity: 0.7, cornerRadius: 3 * k }));
      label.add(
        new Konva.Text({
          text: b.label,
          fontSize: CAPTION_FONT_PX * k,
          padding: CAPTION_PAD_PX * k,
          fill: b.colour,
          fontFamily: CANVAS_FONT_FAMILY,
        }),
      );
      layer.add(label);
    }
    for (const l of labels) layer.add(new Konva.Text(keypointLabelAttrs(l, k)));
    layer.draw();
    const blob = await stage.toBlob({ pixelRatio: 1, mimeType: 'image/png' });
    if (!(blob instanceof Blob)) throw new Error('the browser could not encode the PNG');
    return blob;
  } finally {
    stage.destroy();
  }
}
