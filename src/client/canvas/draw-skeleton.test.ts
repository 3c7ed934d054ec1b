import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { PART_COLOURS, personColour } from '@/pose/person-palette';
import { buildPoseViewModel, DIMMED_OPACITY, type PersonView } from '@/pose/pose-view-model';
import { scoreToOpacity } from '@/pose/score-opacity';
import { drawPerson, SCREEN_STYLE } from './draw-skeleton';

// A recording stand-in for CanvasRenderingContext2D: every stroke/fill is logged with the
// state it was drawn in, so the test checks what reaches the canvas, not how.

interface Mark {
  op: 'stroke' | 'fill';
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

describe('drawPerson', () => {
  it('draws limbs in the person colour, right limbs dashed, opacity from the weaker end', () => {
    const { ctx, marks } = recorder();
    drawPerson(ctx, person('0'), { ...SCREEN_STYLE, scale: 2, emphasised: false });
    const colour = personColour(0).colour;
    const limbs = marks.filter((m) => m.op === 'stroke' && m.style === colour && m.path.length === 2);
    // left_shoulder-left_elbow, right_shoulder-right_elbow, left_shoulder-right_shoulder.
    expect(limbs).toHaveLength(3);
    const left = limbs.find((m) => m.path[0]![0] === 100 && m.path[1]![0] === 120)!;
    const right = limbs.find((m) => m.path.some((pt) => pt[0] === 40))!;
    expect(left.dash).toEqual([]);
    expect(right.dash).toEqual(SCREEN_STYLE.rightDash.map((d) => d / 2));
    expect(left.alpha).toBeCloseTo(scoreToOpacity(0.5));
    // Line width is screen px / scale: constant on screen at any zoom.
    expect(left.width).toBeCloseTo(SCREEN_STYLE.lineWidth / 2);
  });

  it('draws a dot per visible keypoint, in image coordinates, nothing below the threshold', () => {
    const { ctx, marks } = recorder();
    drawPerson(ctx, person('0'), { ...SCREEN_STYLE, scale: 1, emphasised: false });
    const dots = marks.filter((m) => m.op === 'fill');
    expect(dots.map((d) => d.path[0]!.slice(0, 2))).toEqual([
      [100, 100],
      [120, 150],
      [60, 100],
      [40, 150],
    ]);
    expect(dots[0]!.path[0]![2]).toBe(SCREEN_STYLE.dotRadius);
  });

  it('dims a person that is not the selected one', () => {
    const { ctx, marks } = recorder();
    drawPerson(ctx, person('1', '0'), { ...SCREEN_STYLE, scale: 1, emphasised: false });
    const dot = marks.find((m) => m.op === 'fill')!;
    expect(dot.alpha).toBeCloseTo(DIMMED_OPACITY * scoreToOpacity(0.9));
  });

  it('colours by part when asked', () => {
    const { ctx, marks } = recorder();
    drawPerson(ctx, person('0'), { ...SCREEN_STYLE, scale: 1, emphasised: false, colourBy: 'part' });
    expect(marks.filter((m) => m.op === 'fill').every((m) => m.style === PART_COLOURS.body.colour)).toBe(
      true,
    );
  });
});
