import { PART_COLOURS, type MarkerShape } from '@/pose/person-palette';
import { numberBadge, SCREEN_MARKS, type MarkSizes } from '@/pose/person-marks';
import { DIMMED_OPACITY, type PersonView } from '@/pose/pose-view-model';
import { CANVAS_FONT_FAMILY } from './keypoint-label-style';

// Draws one person's limbs, joint markers and number on a 2D context whose transform maps image
// pixels to the screen (so coordinates are never scaled here). Sizes are given in screen pixels
// and divided by `scale` so marks keep a constant on-screen size at every zoom.

export interface SkeletonStyle extends MarkSizes {
  /** Stage px per image px of the context's transform. */
  scale: number;
  /** Hovered in the list: drawn thicker. */
  emphasised: boolean;
  /** Colour marks by their person (default) or by their part group. */
  colourBy?: 'person' | 'part';
}

/** The editor's style (sizes in screen px); presentation sizes come per person from person-marks. */
export const SCREEN_STYLE: MarkSizes = SCREEN_MARKS;

/** Font of the number drawn in the badge: bold so it reads at badge size. */
export function badgeFont(radiusImagePx: number): string {
  return `bold ${Math.round(radiusImagePx * 1.25 * 100) / 100}px ${CANVAS_FONT_FAMILY}`;
}

/** Outlines a joint marker of radius `r` centred on (x, y): the person's second cue after colour. */
function markerPath(
  ctx: CanvasRenderingContext2D,
  shape: MarkerShape,
  x: number,
  y: number,
  r: number,
): void {
  ctx.beginPath();
  switch (shape) {
    case 'circle':
      ctx.arc(x, y, r, 0, Math.PI * 2);
      return;
    case 'square': {
      // Same area as the circle, so no shape looks more important.
      const h = r * 0.886;
      ctx.moveTo(x - h, y - h);
      ctx.lineTo(x + h, y - h);
      ctx.lineTo(x + h, y + h);
      ctx.lineTo(x - h, y + h);
      break;
    }
    case 'diamond': {
      const h = r * 1.25;
      ctx.moveTo(x, y - h);
      ctx.lineTo(x + h, y);
      ctx.lineTo(x, y + h);
      ctx.lineTo(x - h, y);
      break;
    }
    case 'triangle': {
      const h = r * 1.35;
      ctx.moveTo(x, y - h);
      ctx.lineTo(x + h * 0.866, y + h * 0.5);
      ctx.lineTo(x - h * 0.866, y + h * 0.5);
      break;
    }
  }
  ctx.closePath();
}

export function drawPerson(ctx: CanvasRenderingContext2D, person: PersonView, style: SkeletonStyle): void {
  const k = 1 / Math.max(1e-6, style.scale);
  const grow = style.emphasised ? 1.6 : 1;
  const lineW = style.lineWidth * grow * k;
  const haloW = lineW + 2 * style.haloWidth * k;
  const radius = style.dotRadius * grow * k;
  const personAlpha = person.dimmed ? DIMMED_OPACITY : 1;
  const dash = style.rightDash.map((d) => d * k);
  const byPart = style.colourBy === 'part';
  const { colour, halo, marker } = person.colour;

  ctx.save();
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const limb of person.limbs) {
    ctx.globalAlpha = personAlpha * limb.opacity;
    ctx.setLineDash(limb.side === 'right' ? dash : []);
    ctx.beginPath();
    ctx.moveTo(limb.x1, limb.y1);
    ctx.lineTo(limb.x2, limb.y2);
    const c = byPart ? PART_COLOURS[limb.part] : person.colour;
    ctx.strokeStyle = c.halo;
    ctx.lineWidth = haloW;
    ctx.stroke();
    ctx.strokeStyle = c.colour;
    ctx.lineWidth = lineW;
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.fillStyle = colour;
  ctx.strokeStyle = halo;
  // The halo straddles the marker's edge (half of it outside), as thin as keeps neighbouring
  // joints (eyes around a nose) apart at small zooms.
  ctx.lineWidth = style.haloWidth * k;
  // Weakest first, so where markers overlap (eyes around a nose at a small zoom) the most
  // confident one lies on top, whole.
  const markers = person.points.filter((p) => p.visible).sort((a, b) => a.score - b.score);
  for (const p of markers) {
    ctx.globalAlpha = personAlpha * p.opacity;
    if (byPart) {
      ctx.fillStyle = PART_COLOURS[p.part].colour;
      ctx.strokeStyle = PART_COLOURS[p.part].halo;
    }
    markerPath(ctx, marker, p.x, p.y, radius);
    ctx.fill();
    ctx.stroke();
  }

  // The number at the head, fully opaque (dimmed with the person): who is who at a glance,
  // without relying on colour.
  const badge = numberBadge(person.points, style, k);
  if (badge) {
    ctx.globalAlpha = personAlpha;
    ctx.beginPath();
    ctx.arc(badge.x, badge.y, badge.r, 0, Math.PI * 2);
    ctx.fillStyle = colour;
    ctx.strokeStyle = halo;
    ctx.lineWidth = 2 * k;
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = halo;
    ctx.font = badgeFont(badge.r);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(person.number), badge.x, badge.y + badge.r * 0.06);
  }
  ctx.restore();
}
