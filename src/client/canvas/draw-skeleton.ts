import { PART_COLOURS } from '@/pose/person-palette';
import { DIMMED_OPACITY, type PersonView } from '@/pose/pose-view-model';

// Draws one person's limbs and dots on a 2D context whose transform maps image pixels to the
// screen (so coordinates are never scaled here). Sizes are given in screen pixels and divided
// by `scale` so marks keep a constant on-screen size at every zoom.

export interface SkeletonStyle {
  /** Stage px per image px of the context's transform. */
  scale: number;
  /** Dot radius, screen px. */
  dotRadius: number;
  /** Limb width, screen px. */
  lineWidth: number;
  /** Extra halo width around every mark, screen px (readability on busy photos). */
  haloWidth: number;
  /** Dash pattern of right-side limbs, screen px. Left and centre limbs are solid. */
  rightDash: readonly [number, number];
  /** Hovered in the list: drawn thicker. */
  emphasised: boolean;
  /** Colour marks by their person (default) or by their part group. */
  colourBy?: 'person' | 'part';
}

export const SCREEN_STYLE: Omit<SkeletonStyle, 'scale' | 'emphasised'> = {
  dotRadius: 4,
  lineWidth: 2.5,
  haloWidth: 2,
  rightDash: [7, 4],
};

export const PRESENTATION_STYLE: Omit<SkeletonStyle, 'scale' | 'emphasised'> = {
  dotRadius: 7,
  lineWidth: 5,
  haloWidth: 3,
  rightDash: [12, 6],
};

export function drawPerson(ctx: CanvasRenderingContext2D, person: PersonView, style: SkeletonStyle): void {
  const k = 1 / Math.max(1e-6, style.scale);
  const grow = style.emphasised ? 1.6 : 1;
  const lineW = style.lineWidth * grow * k;
  const haloW = lineW + 2 * style.haloWidth * k;
  const radius = style.dotRadius * grow * k;
  const personAlpha = person.dimmed ? DIMMED_OPACITY : 1;
  const dash = style.rightDash.map((d) => d * k);
  const byPart = style.colourBy === 'part';
  const { colour, halo } = person.colour;

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
  ctx.lineWidth = style.haloWidth * k;
  for (const p of person.points) {
    if (!p.visible) continue;
    ctx.globalAlpha = personAlpha * p.opacity;
    if (byPart) {
      ctx.fillStyle = PART_COLOURS[p.part].colour;
      ctx.strokeStyle = PART_COLOURS[p.part].halo;
    }
    ctx.beginPath();
    ctx.arc(p.x, p.y, radius, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}
