import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { keypointRows, pointKey } from './keypoint-table';
import { ALL_PARTS_ON, buildPoseViewModel } from './pose-view-model';

const RESULT: PoseResult = {
  fileType: 'jpg',
  numberOfPerson: 2,
  keyPointList: [
    {
      personId: '10',
      inferKeypointList: [
        { name: 'face-10', part: 'face', x: 50, y: 60, score: 0.4 },
        { name: 'face-2', part: 'face', x: 40, y: 61, score: 0.9 },
        { name: 'nose', part: 'body', x: 45, y: 70, score: 0.2 },
      ],
    },
    {
      personId: '2',
      inferKeypointList: [
        { name: 'left_wrist', part: 'body', x: 300, y: 200, score: 0.7 },
        { name: 'left_ankle', part: 'body', x: 0, y: 0, score: 0 },
      ],
    },
  ],
};

const vm = (extra = {}) =>
  buildPoseViewModel(RESULT, {
    threshold: 0.3,
    parts: { ...ALL_PARTS_ON },
    mapping: 'linear',
    imageWidth: 640,
    imageHeight: 480,
    ...extra,
  });
const keys = (rows: { personId: string; index: number }[]) => rows.map(pointKey);

describe('keypointRows', () => {
  it('lists every point in answer order by default', () => {
    expect(keys(keypointRows(vm()))).toEqual(['10:0', '10:1', '10:2', '2:0', '2:1']);
  });

  it('sorts names naturally and numbers numerically, both directions', () => {
    expect(keypointRows(vm(), { personId: '10', sortBy: 'name' }).map((r) => r.name)).toEqual([
      'face-2',
      'face-10',
      'nose',
    ]);
    expect(keypointRows(vm(), { sortBy: 'score', direction: 'desc' }).map((r) => r.score)).toEqual([
      0.9, 0.7, 0.4, 0.2, 0,
    ]);
    expect(keypointRows(vm(), { sortBy: 'x' }).map((r) => r.x)).toEqual([0, 40, 45, 50, 300]);
  });

  it('filters by person, text, part and visibility', () => {
    expect(keys(keypointRows(vm(), { personId: '2' }))).toEqual(['2:0', '2:1']);
    expect(keys(keypointRows(vm(), { text: 'LEFT' }))).toEqual(['2:0', '2:1']);
    expect(keys(keypointRows(vm(), { text: 'face' }))).toEqual(['10:0', '10:1']);
    expect(keys(keypointRows(vm(), { parts: ['body'] }))).toEqual(['10:2', '2:0', '2:1']);
    // nose is below the threshold, left_ankle is a not-detected placeholder
    expect(keys(keypointRows(vm(), { visibleOnly: true }))).toEqual(['10:0', '10:1', '2:0']);
  });

  it('follows solo', () => {
    expect(keys(keypointRows(vm({ soloPersonId: '2' })))).toEqual(['2:0', '2:1']);
  });
});
