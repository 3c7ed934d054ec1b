import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { presentationMarks } from '@/pose/person-marks';
import { buildPoseViewModel, type PersonView } from '@/pose/pose-view-model';
import { drawPerson, SCREEN_STYLE } from './draw-skeleton';

// A recording stand-in for CanvasRenderingContext2D: every stroke/fill is logged with the
// state it was drawn in, so the test checks what reaches the canvas, not how.

interface Mark {
  op: 'stroke' | 'fill' | 'text';
  text?: string;
  alpha: number;
  style: string;
  width: number;
  dash: number[];
  path: number[][];
}

function recorder() {
  const marks: Mark[] = [];
  let path: number[][] = [];
  const ctx = {
    globalAlpha: 1,
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    dash: [] as number[],
    save() {},
    restore() {},
    setLineDash(d: number[]) {
      this.dash = [...d];
    },
    beginPath() {
      path = [];
    },
    moveTo(x: number, y: number) {
      path.push([x, y]);
    },
    lineTo(x: number, y: number) {
      path.push([x, y]);
    },
    arc(x: number, y: number, r: number) {
      path.push([x, y, r]);
    },
    closePath() {},
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    fillText(text: string, x: number, y: number) {
      marks.push({
        op: 'text',
        text,
        alpha: this.globalAlpha,
        style: this.fillStyle,
        width: 0,
        dash: [],
        path: [[x, y]],
      });
    },
    stroke() {
      marks.push({
        op: 'stroke',
        alpha: this.globalAlpha,
        style: this.strokeStyle,
        width: this.lineWidth,
        dash: this.dash,
        path,
      });
    },
    fill() {
      marks.push({
        op: 'fill',
        alpha: this.globalAlpha,
        style: this.fillStyle,
        width: this.lineWidth,
        dash: this.dash,
        path,
      });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, marks };
}

const result: PoseResult = {
  fileType: 'jpg',
  numberOfPerson: 2,
  keyPointList: [
    {
      personId: '0',
      inferKeypointList: [
        { name: 'left_shoulder', part: 'body', x: 100, y: 100, score: 0.9 },
        { name: 'left_elbow', part: 'body', x: 120, y: 150, score: 0.5 },
        { name: 'right_shoulder', part: 'body', x: 60, y: 100, score: 0.8 },
        { name: 'right_elbow', part: 'body', x: 40, y: 150, score: 0.7 },
        { name: 'nose', part: 'body', x: 80, y: 60, score: 0.1 },
      ],
    },
    { personId: '1', inferKeypointList: [{ name: 'nose', part: 'body', x: 300, y: 60, score: 0.9 }] },
  ],
};

function person(id: string, selected?: string): PersonView {
  const vm = buildPoseViewModel(result, {
    threshold: 0.3,
    parts: { body: true, foot: true, face: true, hand: true, other: true },
    mapping: 'linear',
    selectedPersonId: selected,
    imageWidth: 400,
    imageHeight: 300,
  });
  return vm.persons.find((x) => x.personId === id)!;
}

// Expected values are written out (issue 12, item 20): orange #E69F00 with a #111111 halo for
// person 1, sky blue #56B4E9 for person 2; linear opacity 0.15 + 0.85 * score; screen marks
// 4 px dots, 2.5 px limbs, 2 px halo, [7, 4] dashes; 0.3 for a dimmed person.
describe('drawPerson', () => {
  it('draws limbs in the person colour over a halo, right limbs dashed, opacity from the weaker end', () => {
    const { ctx, marks } = recorder();
    drawPerson(ctx, person('0'), { ...SCREEN_STYLE, scale: 2, emphasised: false });
    const limbs = marks.filter((m) => m.op === 'stroke' && m.style === '#E69F00' && m.path.length === 2);
    // left_shoulder-left_elbow, right_shoulder-right_elbow, left_shoulder-right_shoulder.
    expect(limbs).toHaveLength(3);
    const left = limbs.find((m) => m.path[0]![0] === 100 && m.path[1]![0] === 120)!;
    const right = limbs.find((m) => m.path.some((pt) => pt[0] === 40))!;
    expect(left.dash).toEqual([]);
    // Screen px / zoom 2: constant on screen at any zoom.
    expect(right.dash).toEqual([3.5, 2]);
    // Weaker end 0.5: 0.15 + 0.85 * 0.5.
    expect(left.alpha).toBeCloseTo(0.575, 10);
    expect(left.width).toBeCloseTo(1.25, 10);
    // The halo under it: 2.5 + 2 * 2 screen px, halved by the zoom.
    const halo = marks.find((m) => m.op === 'stroke' && m.style === '#111111' && m.path.length === 2)!;
    expect(halo.width).toBeCloseTo(3.25, 10);
  });

  it('draws a marker per visible keypoint, in image coordinates, nothing below the threshold', () => {
    const { ctx, marks } = recorder();
    drawPerson(ctx, person('0'), { ...SCREEN_STYLE, scale: 1, emphasised: false });
    const dots = marks.filter((m) => m.op === 'fill' && m.path.length === 1 && m.path[0]![2] === 4);
    // Weakest first (0.5, 0.7, 0.8, 0.9): the most confident marker ends up on top.
    expect(dots.map((d) => d.path[0])).toEqual([
      [120, 150, 4],
      [40, 150, 4],
      [60, 100, 4],
      [100, 100, 4],
    ]);
    expect(dots.map((d) => d.alpha)).toEqual([0.575, 0.745, 0.83, 0.915].map((a) => expect.closeTo(a, 10)));
    // Each marker is ringed by its 2 px halo (half of it outside the 4 px marker).
    const rings = marks.filter((m) => m.op === 'stroke' && m.path.length === 1 && m.path[0]![2] === 4);
    expect(rings.map((r) => [r.style, r.width])).toEqual(Array.from({ length: 4 }, () => ['#111111', 2]));
  });

  it('draws the person number (from 1) in a badge above the head', () => {
    const { ctx, marks } = recorder();
    // Person 2's only point: its nose at (300, 60), score 0.9.
    drawPerson(ctx, person('1'), { ...SCREEN_STYLE, scale: 1, emphasised: false });
    const text = marks.find((m) => m.op === 'text')!;
    expect(text.text).toBe('2');
    // 8 px badge + 4 px marker + 6 px gap = 18 px above the nose.
    const badge = marks.find((m) => m.op === 'fill' && m.path[0]![2] === 8)!;
    expect(badge.path[0]).toEqual([300, 42, 8]);
    expect(badge.style).toBe('#56B4E9');
    expect(text.style).toBe('#111111');
  });

  it('dims a person that is not the selected one', () => {
    const { ctx, marks } = recorder();
    drawPerson(ctx, person('1', '0'), { ...SCREEN_STYLE, scale: 1, emphasised: false });
    const dot = marks.find((m) => m.op === 'fill')!;
    // 0.3 * (0.15 + 0.85 * 0.9)
    expect(dot.alpha).toBeCloseTo(0.2745, 10);
  });

  it('colours by part when asked', () => {
    const { ctx, marks } = recorder();
    drawPerson(ctx, person('0'), { ...SCREEN_STYLE, scale: 1, emphasised: false, colourBy: 'part' });
    const dots = marks.filter((m) => m.op === 'fill' && m.path[0]![2] === 4);
    expect(dots.map((m) => m.style)).toEqual(['#56B4E9', '#56B4E9', '#56B4E9', '#56B4E9']);
  });

  it('draws presentation marks bold: 5 px limbs and 7.5 px joints for a small person', () => {
    const { ctx, marks } = recorder();
    // Person 1 spans 100..40 x 100..150 image px: diagonal 78 px at zoom 1 -> the 5 px floor.
    drawPerson(ctx, person('0'), { ...presentationMarks(78), scale: 1, emphasised: false });
    const limb = marks.find((m) => m.op === 'stroke' && m.style === '#E69F00' && m.path.length === 2)!;
    expect(limb.width).toBe(5);
    const halo = marks.find((m) => m.op === 'stroke' && m.style === '#111111' && m.path.length === 2)!;
    // 5 + 2 * 2.5 px halo.
    expect(halo.width).toBe(10);
    const dot = marks.find((m) => m.op === 'fill' && m.path.length === 1)!;
    expect(dot.path[0]).toEqual([120, 150, 7.5]);
  });
});
