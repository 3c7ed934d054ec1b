// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { buildPoseViewModel } from '@/pose/pose-view-model';
import { exportLabels } from './export-labels';

// What jsdom can check of the PNG export's labels: which keypoints get one and where the layout
// puts them, in image pixels, at the export's mark scale. (jsdom has no canvas: text is measured
// with computeLabels' fallback of 6.2 px per character, and the Konva drawing itself, fonts and
// pixels, is left to the e2e PNG story.)

const W = 5120;
const H = 3840;
/** workspace.tsx's exportMarkScale for this photo: shown 1280 px wide. */
const SCALE = 1280 / W;

function persons(result: PoseResult, selectedPersonId?: string, w = W, h = H) {
  return buildPoseViewModel(result, {
    threshold: 0.5,
    parts: { body: true, foot: true, face: true, hand: true, other: true },
    mapping: 'linear',
    selectedPersonId,
    imageWidth: w,
    imageHeight: h,
  }).drawOrder;
}

const result: PoseResult = {
  fileType: 'jpg',
  numberOfPerson: 2,
  keyPointList: [
    {
      personId: '0',
      inferKeypointList: [
        { name: 'nose', part: 'body', x: 1000, y: 800, score: 0.9 },
        // Below the threshold: not drawn, so not labelled.
        { name: 'left_eye', part: 'body', x: 2000, y: 800, score: 0.2 },
        // At the right edge: its label must turn left to stay inside the photo.
        { name: 'right_ear', part: 'body', x: 5100, y: 2000, score: 0.8 },
      ],
    },
    {
      personId: '1',
      inferKeypointList: [{ name: 'left_knee', part: 'body', x: 3000, y: 3000, score: 0.7 }],
    },
  ],
};

const byText = (labels: ReturnType<typeof exportLabels>) => new Map(labels.map((l) => [l.text, l]));

describe('exportLabels', () => {
  it('labels every drawn keypoint, laid out at the export scale and answered in image pixels', () => {
    const labels = byText(exportLabels(persons(result), W, H, SCALE, undefined));
    expect([...labels.keys()].sort()).toEqual(['left_knee', 'nose', 'right_ear']);
    // Right of the dot: (gap 4 + dot radius 4) screen px = 8 / 0.25 = 32 image px; the 14 px
    // text box is centred on the point (-7 px, +1 px baseline nudge) = -24 image px.
    expect(labels.get('nose')).toMatchObject({ x: 1032, y: 776 });
    expect(labels.get('left_knee')).toMatchObject({ x: 3032, y: 2976 });
  });

  it('keeps labels inside the photo: one at the right edge is put on the left of its point', () => {
    const ear = byText(exportLabels(persons(result), W, H, SCALE, undefined)).get('right_ear')!;
    const textWidthImagePx = 'right_ear'.length * 6.2 * (1 / SCALE);
    expect(ear.x + textWidthImagePx).toBeLessThanOrEqual(5100);
    expect(ear.x).toBeCloseTo(5100 - 32 - textWidthImagePx, 6);
  });

  it('has the on-screen size at any photo size: offsets scale with 1 / markScale', () => {
    const small: PoseResult = {
      ...result,
      keyPointList: [
        { personId: '0', inferKeypointList: [{ name: 'nose', part: 'body', x: 250, y: 200, score: 0.9 }] },
      ],
    };
    const [nose] = exportLabels(persons(small, undefined, 1280, 960), 1280, 960, 1, undefined);
    expect(nose).toMatchObject({ text: 'nose', x: 258, y: 194 });
  });

  it('with a person selected, labels only that person (as the screen does)', () => {
    const labels = exportLabels(persons(result, '1'), W, H, SCALE, '1');
    expect(labels.map((l) => l.text)).toEqual(['left_knee']);
    expect(labels[0]!.key).toBe('1/0');
  });

  it('answers no labels for a degenerate scale or size', () => {
    expect(exportLabels(persons(result), W, H, 0, undefined)).toEqual([]);
    expect(exportLabels(persons(result), 0, H, SCALE, undefined)).toEqual([]);
  });
});
