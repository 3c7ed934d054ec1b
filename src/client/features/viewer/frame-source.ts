import type { Dispatch, ReactNode } from 'react';
import type { PersonStyle } from '@/pose/person-palette';
import type { PoseAnswer } from '@/client/api/post-pose';
import type { ImageLoadState } from '@/client/canvas/use-loaded-image';
import type { StageOverlay } from '@/client/canvas/pose-stage';
import type { ViewAction, ViewState } from './view-state';

// The seam between the viewer and a moving picture (a video file, later the live camera): the
// Workspace draws the source's current frame and its answer with every inspection tool, exactly
// as it draws a photo, and shows the source's own controls under the stage.

export interface FrameSource {
  /** Identifies the clip: a new one resets selection and zoom (a new frame does not). */
  id: string;
  /** Ready once the first frame can be drawn; `image.display` is the <video> element. */
  imageState: ImageLoadState;
  /** Bumped at every presented frame, so the picture layer redraws. */
  frameKey: number;
  /** The answer of the analysed frame nearest to the shown one; person ids are track ids. */
  answer: PoseAnswer | undefined;
  /** Colour and number of a person by its track (stable across frames). */
  styleOf: (personId: string, index: number) => PersonStyle;
  /** Keypoint trails over the frame: the selected person's, else everyone's (when turned on). */
  trailsFor: (selectedPersonId: string | undefined) => StageOverlay['trails'];
  /** The source's own controls (sampling, timeline, motion, export), given the view state. */
  panel: (view: ViewState, dispatch: Dispatch<ViewAction>) => ReactNode;
}
