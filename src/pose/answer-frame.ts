import type { PoseResult } from '@/contract/pose-envelope';

// The server answers coordinates in the frame it decoded (meta.imageWidth x imageHeight: the
// image after EXIF orientation, as sharp sees it); the browser draws the frame it decoded. They
// agree for JPEG, PNG (Chromium and sharp both apply a PNG eXIf orientation) and WebP, but a
// browser that ignores an orientation sharp applies (or the other way round), or a format the
// two decoders size differently, gives two frames. Then the coordinates are mapped onto the
// drawn image per axis, and the viewer says so, rather than drawing points in the wrong place.

export interface FrameSize {
  width: number;
  height: number;
}

export type FrameKind =
  /** Same size (or nothing to compare): coordinates are used as they are. */
  | 'same'
  /** Different sizes, same orientation: mapped per axis. */
  | 'scaled'
  /** One frame is the other turned by 90°: the decoders disagree on the orientation. */
  | 'turned';

export interface AnswerFrame {
  kind: FrameKind;
  /** Drawn px per answer px, per axis (1 for `same`). */
  scaleX: number;
  scaleY: number;
  /** The server's frame, when known. */
  answer: FrameSize | undefined;
  /** The drawn frame, when decoded. */
  drawn: FrameSize | undefined;
}

/** The size, when both sides are positive finite numbers. */
function sizeOf(s: Partial<FrameSize> | undefined): FrameSize | undefined {
  const { width, height } = s ?? {};
  return width !== undefined &&
    height !== undefined &&
    width > 0 &&
    height > 0 &&
    Number.isFinite(width + height)
    ? { width, height }
    : undefined;
}

/** How the answer's frame relates to the drawn one. Either missing: `same` (nothing to map). */
export function answerFrame(
  answer: Partial<FrameSize> | undefined,
  drawn: Partial<FrameSize> | undefined,
): AnswerFrame {
  const a = sizeOf(answer);
  const d = sizeOf(drawn);
  if (!a || !d || (a.width === d.width && a.height === d.height))
    return { kind: 'same', scaleX: 1, scaleY: 1, answer: a, drawn: d };
  const turned = a.width !== a.height && a.width > a.height !== d.width > d.height;
  return {
    kind: turned ? 'turned' : 'scaled',
    scaleX: d.width / a.width,
    scaleY: d.height / a.height,
    answer: a,
    drawn: d,
  };
}

/**
 * The result with every keypoint mapped onto the drawn frame (the same object when `same`).
 * A "not detected" placeholder at (0, 0) stays at (0, 0): 0 times any scale.
 */
export function mapResultToFrame(result: PoseResult, frame: AnswerFrame): PoseResult {
  if (frame.kind === 'same') return result;
  const { scaleX, scaleY } = frame;
  return {
    ...result,
    keyPointList: result.keyPointList.map((person) => ({
      ...person,
      inferKeypointList: person.inferKeypointList.map((k) => ({ ...k, x: k.x * scaleX, y: k.y * scaleY })),
    })),
  };
}
