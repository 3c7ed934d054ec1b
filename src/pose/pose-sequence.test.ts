import { describe, expect, it } from 'vitest';
import { successEnvelope } from '@/contract/envelope-builders';
import type { Person, PoseSuccess } from '@/contract/pose-envelope';
import { COCO17_NAMES } from './keypoint-catalogue';
import {
  buildSequence,
  effectiveSampleFps,
  exportSequenceCsv,
  exportSequenceJsonl,
  jointAngleSeries,
  keypointTrail,
  nearestFrameIndex,
  parseSequenceJsonl,
  sampleTimes,
  sequenceTracks,
  smoothSequence,
  trackedResult,
} from './pose-sequence';

describe('sampleTimes', () => {
  it('samples 5 frames/s by default from 0, never at or past the duration', () => {
    expect(sampleTimes(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(sampleTimes(1.01)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // 30 s at 5/s: 150 requests.
    expect(sampleTimes(30)).toHaveLength(150);
  });

  it('includes the range start and the end when it falls on a sample', () => {
    expect(sampleTimes(10, 2, { start: 1.3, end: 3.3 })).toEqual([1.3, 1.8, 2.3, 2.8, 3.3]);
    expect(sampleTimes(10, 1, { start: 2 })).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sampleTimes(10, 1, { end: 2.5 })).toEqual([0, 1, 2]);
  });

  it("caps the rate at the video's own", () => {
    expect(effectiveSampleFps(60, 24)).toBe(24);
    expect(effectiveSampleFps(5, 24)).toBe(5);
    expect(effectiveSampleFps(5)).toBe(5);
    expect(sampleTimes(1, 30, undefined, 10)).toHaveLength(10);
  });

  it('gives round times (usable as cache keys) and nothing for an unknown duration', () => {
    const times = sampleTimes(2, 10);
    expect(times[3]).toBe(0.3);
    expect(times.every((t) => Number(t.toFixed(6)) === t)).toBe(true);
    expect(sampleTimes(Infinity)).toEqual([]);
    expect(sampleTimes(NaN)).toEqual([]);
    expect(sampleTimes(0)).toEqual([]);
    // A range outside the video is clamped into it.
    expect(sampleTimes(1, 5, { start: -3, end: 99 })).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(sampleTimes(1, 5, { start: 5 })).toEqual([]);
  });
});

function stick(cx: number, cy: number, score = 0.9): Person {
  // Hip at (cx, cy); the left leg bends: hip (cx+10, cy), knee (cx+10, cy+50), ankle (cx+60, cy+50) = 90 degrees.
  const at: Record<string, [number, number]> = {
    left_hip: [10, 0],
    left_knee: [10, 50],
    left_ankle: [60, 50],
  };
  return {
    personId: 'nhn-7',
    inferKeypointList: COCO17_NAMES.map((name, i) => {
      const [dx, dy] = at[name] ?? [((i % 3) - 1) * 20, -100 + i * 6];
      return { name, part: 'body' as const, x: cx + dx, y: cy + dy, score };
    }),
  };
}

function envelope(people: Person[]): PoseSuccess {
  return successEnvelope(
    { fileType: 'jpg', numberOfPerson: people.length, keyPointList: people },
    {
      provider: 'local',
      model: 'test',
      imageWidth: 640,
      imageHeight: 480,
    },
  );
}

describe('buildSequence and exports', () => {
  // Given out of order on purpose: the sequence sorts by time.
  const seq = buildSequence([
    { time: 0.4, envelope: envelope([stick(120, 200), stick(400, 200)]) },
    { time: 0, envelope: envelope([stick(100, 200), stick(400, 200)]) },
    { time: 0.2, envelope: envelope([stick(400, 200), stick(110, 200)]) },
  ]);

  it('tracks people across frames and keeps the answer order per frame', () => {
    expect(seq.frames.map((f) => f.time)).toEqual([0, 0.2, 0.4]);
    expect(seq.frames.map((f) => f.trackIds)).toEqual([
      [1, 2],
      [2, 1],
      [1, 2],
    ]);
    expect(sequenceTracks(seq)).toEqual([
      { trackId: 1, colourIndex: 0, frames: 3 },
      { trackId: 2, colourIndex: 1, frames: 3 },
    ]);
    expect(trackedResult(seq.frames[1]!).keyPointList.map((p) => p.personId)).toEqual(['2', '1']);
  });

  it('writes JSON Lines: one NHN envelope per frame plus frame, time and trackIds', () => {
    const text = exportSequenceJsonl(seq);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const first = JSON.parse(lines[1]!) as Record<string, unknown>;
    expect(first).toMatchObject({
      header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
      frame: 1,
      time: 0.2,
      trackIds: [2, 1],
    });
    const parsed = parseSequenceJsonl(text);
    expect(parsed.map((l) => l.result.keyPointList[0]!.inferKeypointList[11]!.x)).toEqual([110, 410, 130]);
    expect(() => parseSequenceJsonl('{"header":{}}\n')).toThrow(/line 1/);
  });

  it('writes CSV with frame, time, track, keypoint, x, y, score', () => {
    const rows = exportSequenceCsv(seq).split('\r\n');
    expect(rows[0]).toBe('frame,time,track,keypoint,x,y,score');
    // 3 frames x 2 people x 17 keypoints, a header and the empty string after the last CRLF.
    expect(rows).toHaveLength(3 * 2 * 17 + 2);
    expect(rows[1]).toBe(`0,0,1,nose,${100 - 20},${200 - 100},0.9`);
    expect(rows).toContain('1,0.2,1,left_knee,120,250,0.9');
    expect(exportSequenceCsv(seq, { threshold: 0.95 })).toBe('frame,time,track,keypoint,x,y,score\r\n');
  });

  it('finds the nearest analysed frame (earlier one on a tie)', () => {
    expect(nearestFrameIndex(seq.frames, -1)).toBe(0);
    expect(nearestFrameIndex(seq.frames, 0.09)).toBe(0);
    expect(nearestFrameIndex(seq.frames, 0.1)).toBe(0);
    expect(nearestFrameIndex(seq.frames, 0.11)).toBe(1);
    expect(nearestFrameIndex(seq.frames, 9)).toBe(2);
    expect(nearestFrameIndex([], 1)).toBe(-1);
  });

  it('gives a joint angle series per track and a keypoint trail', () => {
    expect(jointAngleSeries(seq, 1, 'left_knee', 0.3).map((s) => s.degrees)).toEqual([90, 90, 90]);
    expect(jointAngleSeries(seq, 1, 'left_knee', 0.95).map((s) => s.degrees)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(jointAngleSeries(seq, 9, 'left_knee', 0.3).map((s) => s.time)).toEqual([0, 0.2, 0.4]);
    const trail = keypointTrail(seq, 2, 1, 'left_knee', 2, 0.3);
    expect(trail.map((p) => [p.x, p.frame])).toEqual([
      [120, 1],
      [130, 2],
    ]);
  });

  it('smooths coordinates per track with One Euro, leaving scores and the input alone', () => {
    const jumpy = buildSequence([
      { time: 0, envelope: envelope([stick(100, 200)]) },
      { time: 0.2, envelope: envelope([stick(130, 200)]) },
    ]);
    const smoothed = smoothSequence(jumpy, { minCutoff: 1, beta: 0, dCutoff: 1 });
    const knee = (s: typeof jumpy, f: number) =>
      s.frames[f]!.envelope.result.keyPointList[0]!.inferKeypointList[13]!;
    expect(knee(smoothed, 0).x).toBe(110);
    // alpha(1 Hz, 0.2 s) = 0.556863: 110 + 0.556863 * 30.
    expect(knee(smoothed, 1).x).toBeCloseTo(110 + 0.556863 * 30, 4);
    expect(knee(smoothed, 1).y).toBeCloseTo(250, 6);
    expect(knee(smoothed, 1).score).toBe(0.9);
    expect(knee(jumpy, 1).x).toBe(140);
  });
});
