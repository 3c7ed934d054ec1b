import { drawPerson, SCREEN_STYLE } from '@/client/canvas/draw-skeleton';
import type { PersonView } from '@/pose/pose-view-model';

// Draws one analysed frame and its skeletons on the live view's 2D canvas. The canvas has the
// frame's size in pixels (CSS scales it to fit), so keypoints need no conversion; mark sizes are
// divided by the on-screen scale like the inspector's. The picture is the frame that was sent,
// so the skeleton always lies on the frame it belongs to.

export interface LiveFrameDraw {
  frame: CanvasImageSource;
  width: number;
  height: number;
  persons: readonly PersonView[];
  mirrored: boolean;
  /** CSS px per frame px of the canvas as shown. */
  displayScale: number;
}

export function drawLiveFrame(ctx: CanvasRenderingContext2D, d: LiveFrameDraw): void {
  const canvas = ctx.canvas;
  if (canvas.width !== d.width || canvas.height !== d.height) {
    canvas.width = d.width;
    canvas.height = d.height;
  }
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  if (d.mirrored) ctx.setTransform(-1, 0, 0, 1, d.width, 0);
  ctx.drawImage(d.frame, 0, 0, d.width, d.height);
  ctx.restore();
  const style = { ...SCREEN_STYLE, scale: Math.max(0.05, d.displayScale), emphasised: false };
  for (const person of d.persons) drawPerson(ctx, person, style);
}
