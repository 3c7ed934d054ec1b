import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { POSE_SUCCESS_EXAMPLE, PoseSuccess, type PoseResult } from '@/contract/pose-envelope';
import { CocoKeypointsFile } from '@/pose/export-coco';
import { summariseBatch } from './batch-summary';
import { buildBatchZip, uniqueBaseNames } from './batch-zip';
import { gridWindow, moveIndex } from './virtual-grid';

const result: PoseResult = {
  fileType: 'jpg',
  numberOfPerson: 2,
  keyPointList: [
    {
      personId: '0',
      inferKeypointList: [
        { name: 'nose', part: 'body', x: 10, y: 10, score: 0.95 },
        { name: 'left_ankle', part: 'body', x: 20, y: 90, score: 0.45 },
        { name: 'left_big_toe', part: 'foot', x: 22, y: 98, score: 0.2 },
        // A "not detected" placeholder: never counted.
        { name: 'right_eye', part: 'body', x: 0, y: 0, score: 0 },
      ],
    },
    { personId: '1', inferKeypointList: [{ name: 'nose', part: 'body', x: 50, y: 10, score: 0.65 }] },
  ],
};

describe('summariseBatch', () => {
  it('counts people and keypoints, averages per part and bins every score', () => {
    const s = summariseBatch([
      { result, width: 100, height: 100 },
      { result: POSE_SUCCESS_EXAMPLE.result, width: 640, height: 480 },
    ]);
    expect(s.images).toBe(2);
    expect(s.people).toBe(3);
    expect(s.keypoints).toBe(5);
    expect(s.meanByPart.body).toBeCloseTo((0.95 + 0.45 + 0.65 + 0.976) / 4, 6);
    expect(s.meanByPart.foot).toBeCloseTo(0.2, 6);
    expect(s.meanByPart.hand).toBeUndefined();
    expect(s.histogram).toEqual([0, 0, 1, 0, 1, 0, 1, 0, 0, 2]);
  });
});

describe('gridWindow', () => {
  it('renders only the visible rows plus overscan', () => {
    const w = gridWindow(1000, { width: 500, height: 300, scrollTop: 1200 }, { width: 100, height: 120 }, 1);
    expect(w.columns).toBe(5);
    expect(w.rowCount).toBe(200);
    expect(w.totalHeight).toBe(24_000);
    // Rows 10..12 are visible (1200..1500 px); one row of overscan either side.
    expect(w.start).toBe(45);
    expect(w.end).toBe(70);
    expect(w.offsetTop).toBe(9 * 120);
  });
  it('clamps at the end of a short list', () => {
    const w = gridWindow(7, { width: 350, height: 600, scrollTop: 0 }, { width: 100, height: 120 });
    expect([w.columns, w.start, w.end]).toEqual([3, 0, 7]);
  });
});

describe('moveIndex', () => {
  it('moves by item with j/k and arrows left/right, by row with up/down, clamped', () => {
    expect(moveIndex(0, 'j', 4, 10)).toBe(1);
    expect(moveIndex(0, 'k', 4, 10)).toBe(0);
    expect(moveIndex(1, 'ArrowDown', 4, 10)).toBe(5);
    expect(moveIndex(8, 'ArrowDown', 4, 10)).toBe(9);
    expect(moveIndex(-1, 'ArrowRight', 4, 10)).toBe(0);
    expect(moveIndex(3, 'End', 4, 10)).toBe(9);
    expect(moveIndex(3, 'x', 4, 10)).toBeUndefined();
  });
});

describe('buildBatchZip', () => {
  it('holds one NHN JSON per image, one COCO file and the PNGs, with progress to 1', async () => {
    const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], { type: 'image/png' });
    const progress: number[] = [];
    const zip = await buildBatchZip(
      [
        {
          fileName: 'a.jpg',
          width: 100,
          height: 100,
          result,
          meta: undefined,
          annotatedPng: async () => png,
        },
        {
          fileName: 'a.jpg',
          width: 640,
          height: 480,
          result: POSE_SUCCESS_EXAMPLE.result,
          meta: { provider: 'nhn', model: 'nhn-cloud' },
          annotatedPng: async () => undefined,
        },
      ],
      { threshold: 0.3, onProgress: (f) => progress.push(f) },
    );
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual([
      'annotated/a.png',
      'coco-keypoints.json',
      'nhn/a-2.json',
      'nhn/a.json',
    ]);
    const nhn = PoseSuccess.parse(JSON.parse(strFromU8(files['nhn/a-2.json']!)));
    expect(nhn.meta?.provider).toBe('nhn');
    const coco = CocoKeypointsFile.parse(JSON.parse(strFromU8(files['coco-keypoints.json']!)));
    expect(coco.images.map((i) => [i.file_name, i.width])).toEqual([
      ['a.jpg', 100],
      ['a.jpg', 640],
    ]);
    expect(coco.annotations).toHaveLength(3);
    expect(Array.from(files['annotated/a.png']!)).toEqual([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
  });

  it('makes names unique and safe', () => {
    expect(uniqueBaseNames(['a b.jpg', 'a b.png', '../x.jpg', '.jpg'])).toEqual([
      'a_b',
      'a_b-2',
      '.._x',
      'image',
    ]);
  });
});
