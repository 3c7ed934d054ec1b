import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { CocoKeypointsFile, cocoSkeleton, exportCoco, exportCocoJson } from './export-coco';
import { keypointInfo } from './keypoint-catalogue';

const DATE = '2026-11-25T18:00:00.000Z';

const RESULT: PoseResult = {
  fileType: 'jpg',
  numberOfPerson: 3,
  keyPointList: [
    {
      personId: '0',
      inferKeypointList: [
        { name: 'nose', part: 'body', x: 367.15, y: 79.55, score: 0.976 },
        { name: 'left_eye', part: 'body', x: 373.82, y: 73.56, score: 0.2 },
        { name: 'right_ankle', part: 'body', x: 390, y: 380, score: 0.9 },
        { name: 'left_ankle', part: 'body', x: 0, y: 0, score: 0 }, // placeholder -> v 0
        { name: 'tail', part: 'other', x: 10, y: 10, score: 0.99 }, // not in the catalogue -> dropped
      ],
    },
    { personId: '1', inferKeypointList: [{ name: 'nose', part: 'body', x: 0, y: 0, score: 0.001 }] }, // nothing
    { personId: '2', inferKeypointList: [{ name: 'left_wrist', part: 'body', x: 100, y: 120, score: 0.1 }] },
  ],
};

describe('cocoSkeleton', () => {
  it('equals the official COCO-17 skeleton (1-based)', () => {
    const official = [
      [16, 14], [14, 12], [17, 15], [15, 13], [12, 13], [6, 12], [7, 13], [6, 7], [6, 8], [7, 9],
      [8, 10], [9, 11], [2, 3], [1, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7],
    ]; // prettier-ignore
    const key = ([a, b]: number[]) => [a, b].sort((x, y) => x! - y!).join('-');
    expect(cocoSkeleton('coco17').map(key).sort()).toEqual(official.map(key).sort());
  });

  it('covers the whole-body edges with indices in 1..133', () => {
    const s = cocoSkeleton('wholebody');
    expect(s).toHaveLength(19 + 6 + 63 + 42);
    expect(s.flat().every((i) => i >= 1 && i <= 133)).toBe(true);
  });
});

describe('exportCoco', () => {
  const file = exportCoco([{ fileName: 'people.jpg', width: 640, height: 425, result: RESULT }], {
    threshold: 0.5,
    dateCreated: DATE,
  });

  it('produces a file that passes the COCO schema', () => {
    expect(CocoKeypointsFile.safeParse(file).success).toBe(true);
    expect(file.images).toEqual([{ id: 1, file_name: 'people.jpg', width: 640, height: 425 }]);
    expect(file.categories[0]!.keypoints).toHaveLength(17); // only body names: COCO-17
    expect(file.info?.date_created).toBe(DATE);
  });

  it('derives v from the threshold and leaves out people with nothing detected', () => {
    expect(file.annotations.map((a) => a.person_id)).toEqual(['0', '2']);
    const a = file.annotations[0]!;
    expect(a.keypoints).toHaveLength(51);
    expect(a.keypoints.slice(0, 6)).toEqual([367.15, 79.55, 2, 373.82, 73.56, 1]);
    expect(a.keypoints.slice(15 * 3, 17 * 3)).toEqual([0, 0, 0, 390, 380, 2]);
    expect(a.num_keypoints).toBe(3);
    // bbox spans the two confident points only (nose, right ankle)
    expect(a.bbox[0]).toBeCloseTo(367.15, 9);
    expect(a.bbox[1]).toBeCloseTo(79.55, 9);
    expect(a.bbox[2]).toBeCloseTo(22.85, 9);
    expect(a.bbox[3]).toBeCloseTo(300.45, 9);
    expect(a.area).toBeCloseTo(22.85 * 300.45, 6);
    expect(a.score).toBeCloseTo((0.976 + 0.2 + 0.9) / 3, 12);
    expect(a).toMatchObject({ id: 1, image_id: 1, category_id: 1, iscrowd: 0 });
    // A person with only weak points: v = 1 everywhere, bbox from those.
    expect(file.annotations[1]).toMatchObject({ id: 2, num_keypoints: 1, bbox: [100, 120, 0, 0] });
  });

  it('exports real COCO-WholeBody ground truth for several images (batch) as a valid file', () => {
    const gt = JSON.parse(readFileSync('test-data/images/gt.json', 'utf8')) as {
      images: {
        file: string;
        width: number;
        height: number;
        persons: { keypoints: { name: string; part: string; x: number; y: number; v: number }[] }[];
      }[];
    };
    const inputs = gt.images.map((im) => ({
      fileName: im.file,
      width: im.width,
      height: im.height,
      result: {
        fileType: 'jpg',
        numberOfPerson: im.persons.length,
        keyPointList: im.persons.map((p, i) => ({
          personId: String(i),
          inferKeypointList: p.keypoints.map((k) => ({
            name: k.name,
            part: keypointInfo(k.name)!.part,
            x: k.x,
            y: k.y,
            score: k.v === 2 ? 0.9 : 0.3,
          })),
        })),
      },
    }));
    const out = exportCoco(inputs, { threshold: 0.5, dateCreated: DATE });
    const parsed = CocoKeypointsFile.safeParse(
      JSON.parse(exportCocoJson(inputs, { threshold: 0.5, dateCreated: DATE })),
    );
    expect(parsed.success).toBe(true);
    expect(out.categories[0]!.keypoints).toHaveLength(133);
    expect(out.images.map((i) => i.id)).toEqual([1, 2, 3, 4]);
    const withPoints = gt.images.flatMap((im) => im.persons).filter((p) => p.keypoints.length > 0).length;
    expect(out.annotations).toHaveLength(withPoints);
    // Round trip: the first person's keypoints land in their WholeBody slots with their v.
    const first = gt.images[0]!.persons[0]!;
    const ann = out.annotations[0]!;
    for (const k of first.keypoints) {
      const i = keypointInfo(k.name)!.index;
      expect(ann.keypoints.slice(3 * i, 3 * i + 3)).toEqual([k.x, k.y, k.v === 2 ? 2 : 1]);
    }
    expect(ann.num_keypoints).toBe(first.keypoints.length);
    expect(new Set(out.annotations.map((a) => a.id)).size).toBe(out.annotations.length);
  });

  it('can force a catalogue, and refuses images of unknown size', () => {
    const forced = exportCoco([{ fileName: 'a.jpg', width: 640, height: 425, result: RESULT }], {
      threshold: 0.5,
      catalogue: 'wholebody',
      dateCreated: DATE,
    });
    expect(forced.annotations[0]!.keypoints).toHaveLength(399);
    expect(() =>
      exportCoco([{ fileName: 'a.jpg', width: 0, height: 0, result: RESULT }], { threshold: 0.5 }),
    ).toThrow(/size of a\.jpg/);
  });
});

describe('CocoKeypointsFile schema', () => {
  const good = exportCoco([{ fileName: 'people.jpg', width: 640, height: 425, result: RESULT }], {
    threshold: 0.5,
    dateCreated: DATE,
  });
  const broken = (mutate: (f: CocoKeypointsFile) => void): string[] => {
    const copy = structuredClone(good);
    mutate(copy);
    const r = CocoKeypointsFile.safeParse(copy);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };

  it('rejects broken cross-references and counts, naming the path', () => {
    expect(broken((f) => (f.annotations[0]!.num_keypoints = 5))).toEqual(['annotations.0.num_keypoints']);
    expect(broken((f) => (f.annotations[0]!.image_id = 9))).toEqual(['annotations.0.image_id']);
    expect(broken((f) => f.annotations[0]!.keypoints.pop())).toEqual(['annotations.0.keypoints']);
    expect(broken((f) => (f.annotations[0]!.keypoints[2] = 3))).toContain('annotations.0.keypoints.2');
    expect(broken((f) => (f.annotations[1]!.id = 1))).toEqual(['annotations.1.id']);
    expect(broken((f) => f.categories[0]!.skeleton.push([1, 18]))).toEqual(['categories.0.skeleton.19']);
    expect(broken((f) => (f.annotations[0]!.keypoints[45] = 5))).toEqual(['annotations.0.keypoints.45']); // v=0 not at origin
    expect(broken((f) => (f.categories = []))).toContain('categories');
  });
});
