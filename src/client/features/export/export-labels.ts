import type { PersonView } from '@/pose/pose-view-model';
import { SCREEN_STYLE } from '@/client/canvas/draw-skeleton';
import type { OverlayBox, OverlayLabel } from '@/client/canvas/pose-stage';
import { computeLabels } from '@/client/features/viewer/overlay';

// Keypoint name labels for the full-resolution PNG export. The export draws marks as they would
// look with the photo shown at `markScale` screen px per image px (workspace.tsx: the photo
// 1280 px wide, never enlarged), so the labels are laid out exactly there: the same collision-free
// layout as the screen (src/pose/label-layout.ts via computeLabels), around the same box captions
// and number badges, in a "screen" that is the whole photo at that scale. The result is in image
// pixels, like every other coordinate.

export function exportLabels(
  persons: readonly PersonView[],
  imageWidth: number,
  imageHeight: number,
  markScale: number,
  /** As on screen: with a person selected, only that person's keypoints are labelled. */
  selectedPersonId: string | undefined,
  boxes: readonly OverlayBox[] = [],
  nameOf: (name: string) => string = (n) => n,
): OverlayLabel[] {
  if (!(markScale > 0) || imageWidth <= 0 || imageHeight <= 0) return [];
  return computeLabels({
    persons,
    transform: { x: 0, y: 0, scale: markScale },
    view: { width: imageWidth * markScale, height: imageHeight * markScale },
    selectedPersonId,
    // The export draws with SCREEN_STYLE (render-png.ts); labels keep clear of those marks.
    marksFor: () => SCREEN_STYLE,
    boxes,
    nameOf,
  });
}
