import { describe, expect, it } from 'vitest';
import type { PoseAnswer } from '@/client/api/post-pose';
import { parseSequenceJsonl, SEQUENCE_CSV_COLUMNS } from '@/pose/pose-sequence';
import { recordingToCsv, recordingToJsonl } from './live-recording';
import type { RecordedFrame } from './use-live-analysis';

function answer(xs: number[]): PoseAnswer {
  return {
    hash: 'camera-frame-1',
    result: {
      fileType: 'jpg',
      numberOfPerson: xs.length,
      keyPointList: xs.map((x, i) => ({
        personId: String(i),
        inferKeypointList: [{ name: 'nose', part: 'body', x, y: 40, score: 0.9 }],
      })),
    },
    meta: { provider: 'local', model: 'movenet-multipose@256', imageWidth: 640, imageHeight: 480 },
    providerHeader: 'local',
    serverTiming: {},
    clientTiming: { uploadMs: 1, waitMs: 2, totalMs: 3 },
  };
}

const frames: RecordedFrame[] = [
  {
    seq: 7,
    time: 0,
    width: 640,
    height: 480,
    answer: answer([100, 300]),
    trackIds: [4, 9],
    colourIndices: [0, 1],
  },
  { seq: 9, time: 0.21, width: 640, height: 480, answer: answer([302]), trackIds: [9], colourIndices: [1] },
];

describe('live recording exports', () => {
  it('JSON Lines: one NHN envelope per recorded frame with frame, time and the live track ids', async () => {
    const lines = parseSequenceJsonl(await recordingToJsonl(frames).text());
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      header: { isSuccessful: true, resultCode: 0 },
      frame: 0,
      time: 0,
      trackIds: [4, 9],
      meta: { imageWidth: 640, imageHeight: 480 },
    });
    expect(lines[1]).toMatchObject({ frame: 1, time: 0.21, trackIds: [9] });
    expect(lines[1]!.result.keyPointList[0]!.inferKeypointList[0]).toMatchObject({ name: 'nose', x: 302 });
  });

  it('CSV: a row per keypoint with frame, time and track', async () => {
    const rows = (await recordingToCsv(frames).text()).trimEnd().split('\r\n');
    expect(rows[0]).toBe(SEQUENCE_CSV_COLUMNS.join(','));
    expect(rows.slice(1)).toEqual([
      '0,0,4,nose,100,40,0.9',
      '0,0,9,nose,300,40,0.9',
      '1,0.21,9,nose,302,40,0.9',
    ]);
  });
});
