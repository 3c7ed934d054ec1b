import type { PoseResult } from '@/contract/pose-envelope';
import { personColour } from '@/pose/person-palette';
import { buildPoseViewModel, type PersonView } from '@/pose/pose-view-model';
import { ALL_PARTS_ON } from '@/pose/pose-view-model';

// What the live view draws for one analysed frame, as plain data: the answer's people as the
// viewer's PersonView, coloured and numbered by their track (so a person keeps colour and
// number while they move), optionally mirrored for a selfie view. Pure.

export interface LiveSceneInput {
  result: PoseResult;
  /** Track id and colour index per person, in answer order (src/pose/tracking.ts). */
  trackIds: readonly number[];
  colourIndices: readonly number[];
  /** The analysed frame's size in pixels: the coordinates' frame. */
  width: number;
  height: number;
  /** Mirror the view (x -> width - x). Only the picture on screen: the answer is untouched. */
  mirrored: boolean;
  /** Keypoints below this score are not drawn. */
  threshold: number;
}

/** Flips every keypoint horizontally inside a frame `width` pixels wide (names unchanged). */
export function mirrorResult(result: PoseResult, width: number): PoseResult {
  return {
    ...result,
    keyPointList: result.keyPointList.map((p) => ({
      ...p,
      inferKeypointList: p.inferKeypointList.map((k) => ({ ...k, x: width - k.x })),
    })),
  };
}

export function liveScene(input: LiveSceneInput): PersonView[] {
  const result = input.mirrored ? mirrorResult(input.result, input.width) : input.result;
  const vm = buildPoseViewModel(result, {
    threshold: input.threshold,
    parts: ALL_PARTS_ON,
    mapping: 'linear',
    imageWidth: input.width,
    imageHeight: input.height,
  });
  return vm.persons.map((person, i) => {
    const track = input.trackIds[i];
    const colourIndex = input.colourIndices[i] ?? i;
    const style = personColour(colourIndex);
    // The number drawn at the head is the track id: "2" stays "2" from frame to frame.
    const number = track ?? person.number;
    return { ...person, number, colour: { ...style, number } };
  });
}

/** What tests and the inspector read of a drawn frame: track id and body keypoints in frame pixels (unmirrored). */
export interface LivePerson {
  track: number;
  keypoints: { name: string; x: number; y: number; score: number }[];
}

export function livePeople(result: PoseResult, trackIds: readonly number[]): LivePerson[] {
  return result.keyPointList.map((p, i) => ({
    track: trackIds[i] ?? -1,
    keypoints: p.inferKeypointList.map((k) => ({
      name: k.name,
      x: Math.round(k.x * 10) / 10,
      y: Math.round(k.y * 10) / 10,
      score: Math.round(k.score * 1000) / 1000,
    })),
  }));
}
