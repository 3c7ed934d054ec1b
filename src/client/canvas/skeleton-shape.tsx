import { memo, useCallback } from 'react';
import type Konva from 'konva';
import { Shape } from 'react-konva';
import { presentationMarks, visibleExtent } from '@/pose/person-marks';
import type { PersonView } from '@/pose/pose-view-model';
import { drawPerson, SCREEN_STYLE } from './draw-skeleton';

interface SkeletonShapeProps {
  person: PersonView;
  scale: number;
  presentation: boolean;
  emphasised: boolean;
  colourBy: 'person' | 'part';
}

/**
 * One person = one Konva Shape with one sceneFunc (dots and limbs together): thousands of marks
 * cost one node, not thousands. Memoised on exactly the plain data it draws. In presentation
 * mode the marks follow the person's size on screen (person-marks.ts), so a projector shows
 * bold skeletons on a close-up and still-visible ones on a far person.
 */
export const SkeletonShape = memo(function SkeletonShape({
  person,
  scale,
  presentation,
  emphasised,
  colourBy,
}: SkeletonShapeProps) {
  const sceneFunc = useCallback(
    (ctx: Konva.Context) => {
      const marks = presentation ? presentationMarks(visibleExtent(person.points) * scale) : SCREEN_STYLE;
      drawPerson(ctx._context, person, { ...marks, scale, emphasised, colourBy });
    },
    [person, scale, presentation, emphasised, colourBy],
  );
  return <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />;
});
