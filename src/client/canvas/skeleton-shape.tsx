import { memo, useCallback } from 'react';
import type Konva from 'konva';
import { Shape } from 'react-konva';
import type { PersonView } from '@/pose/pose-view-model';
import { drawPerson, PRESENTATION_STYLE, SCREEN_STYLE } from './draw-skeleton';

interface SkeletonShapeProps {
  person: PersonView;
  scale: number;
  presentation: boolean;
  emphasised: boolean;
  colourBy: 'person' | 'part';
}

/**
 * One person = one Konva Shape with one sceneFunc (dots and limbs together): thousands of marks
 * cost one node, not thousands. Memoised on exactly the plain data it draws.
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
      const base = presentation ? PRESENTATION_STYLE : SCREEN_STYLE;
      drawPerson(ctx._context, person, { ...base, scale, emphasised, colourBy });
    },
    [person, scale, presentation, emphasised, colourBy],
  );
  return <Shape sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />;
});
