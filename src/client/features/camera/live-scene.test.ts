import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { personColour } from '@/pose/person-palette';
import { livePeople, liveScene, mirrorResult } from './live-scene';

const result: PoseResult = {
  fileType: 'jpg',
  numberOfPerson: 2,
  keyPointList: [
    {
      personId: '0',
      inferKeypointList: [
        { name: 'left_shoulder', part: 'body', x: 100, y: 50, score: 0.9 },
        { name: 'left_elbow', part: 'body', x: 120, y: 90, score: 0.8 },
      ],
    },
    {
      personId: '1',
      inferKeypointList: [
        { name: 'left_shoulder', part: 'body', x: 400, y: 60, score: 0.9 },
        { name: 'left_elbow', part: 'body', x: 420, y: 100, score: 0.1 },
      ],
    },
  ],
};

describe('live scene', () => {
  it('colours and numbers people by track, not by answer position', () => {
    const persons = liveScene({
      result,
      trackIds: [7, 3],
      colourIndices: [4, 1],
      width: 640,
      height: 480,
      mirrored: false,
      threshold: 0.2,
    });
    expect(persons.map((p) => p.number)).toEqual([7, 3]);
    expect(persons[0]!.colour.colour).toBe(personColour(4).colour);
    expect(persons[1]!.colour.colour).toBe(personColour(1).colour);
    // The weak elbow is under the threshold: no limb for person 2.
    expect(persons[0]!.limbs).toHaveLength(1);
    expect(persons[1]!.limbs).toHaveLength(0);
  });

  it('mirrors x inside the frame and keeps names (the person’s left stays left)', () => {
    const m = mirrorResult(result, 640);
    expect(m.keyPointList[0]!.inferKeypointList[0]).toMatchObject({ name: 'left_shoulder', x: 540, y: 50 });
    const persons = liveScene({
      result,
      trackIds: [1, 2],
      colourIndices: [0, 1],
      width: 640,
      height: 480,
      mirrored: true,
      threshold: 0,
    });
    expect(persons[1]!.points[0]!.x).toBe(240);
    // The answer itself is untouched.
    expect(result.keyPointList[1]!.inferKeypointList[0]!.x).toBe(400);
  });

  it('lists people with their track ids in frame pixels', () => {
    expect(livePeople(result, [5, 6])[1]).toEqual({
      track: 6,
      keypoints: [
        { name: 'left_shoulder', x: 400, y: 60, score: 0.9 },
        { name: 'left_elbow', x: 420, y: 100, score: 0.1 },
      ],
    });
  });
});
