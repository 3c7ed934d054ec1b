import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_NAMES } from '@/pose/keypoint-catalogue';
import { faceCrop, refineFaceCrop } from './face-pipeline';
import { fromRotated, intoRotated, rotatedCropTransform } from './rotated-crop';
import { createPoseEngine, type LocalPoseEngine } from './pose-engine';
import { gt, readTestImage as read } from './test-images';

describe('rotated crops', () => {
  const crop = { cx: 200, cy: 120, size: 80, angle: 0.7 };

  it('maps the crop centre and corners to the image, and back', () => {
    expect(fromRotated(crop, 100, 50, 50)).toEqual({ x: 200, y: 120 });
    // The crop's top-left corner is half a side left and up of the centre, turned by 0.7 rad.
    const corner = fromRotated(crop, 100, 0, 0);
    expect(corner.x).toBeCloseTo(200 - 40 * Math.cos(0.7) + 40 * Math.sin(0.7), 6);
    expect(corner.y).toBeCloseTo(120 - 40 * Math.sin(0.7) - 40 * Math.cos(0.7), 6);
    const back = intoRotated(crop, corner.x, corner.y);
    expect(back.u).toBeCloseTo(-40, 6);
    expect(back.v).toBeCloseTo(-40, 6);
  });

  it('samples output pixel centres where fromRotated puts them (tf.image.transform convention)', () => {
    const [a0, a1, a2, b0, b1, b2] = rotatedCropTransform(crop, 100);
    for (const [u, v] of [
      [0, 0],
      [99, 0],
      [37, 81],
    ] as const) {
      // Output pixel (u, v) has its centre at crop input coordinate (u + 0.5, v + 0.5);
      // image pixel index = continuous coordinate - 0.5.
      const p = fromRotated(crop, 100, u + 0.5, v + 0.5);
      expect(a0! * u + a1! * v + a2!).toBeCloseTo(p.x - 0.5, 6);
      expect(b0! * u + b1! * v + b2!).toBeCloseTo(p.y - 0.5, 6);
    }
  });
});

describe('face crops', () => {
  const k = (x: number, y: number, score = 0.9) => ({ x, y, score });

  it('levels the eye line and sizes the crop from the head spread', () => {
    // A frontal face tilted by 0.2 rad: ears 40 px apart.
    const t = 0.2;
    const at = (dx: number, dy: number) =>
      k(100 + dx * Math.cos(t) - dy * Math.sin(t), 100 + dx * Math.sin(t) + dy * Math.cos(t));
    const crop = faceCrop({
      nose: at(0, 5),
      right_eye: at(-8, 0),
      left_eye: at(8, 0),
      right_ear: at(-20, 2),
      left_ear: at(20, 2),
    })!;
    expect(crop.angle).toBeCloseTo(t, 6);
    expect(crop.size).toBeCloseTo(2.2 * 40, 0);
    expect(Math.hypot(crop.cx - 100, crop.cy - 103)).toBeLessThan(5);
  });

  it('needs a confident nose and eye', () => {
    expect(faceCrop({ nose: k(0, 0, 0.1), left_eye: k(10, 0), right_eye: k(-10, 0) })).toBeUndefined();
    expect(faceCrop({ nose: k(0, 0), left_eye: k(10, 0, 0.1), right_eye: k(-10, 0, 0.2) })).toBeUndefined();
    // A face seen from behind (left eye on the image's left) is not turned upside down.
    expect(faceCrop({ nose: k(0, 5), left_eye: k(-10, 0), right_eye: k(10, 0) })?.angle).toBe(0);
  });

  it('refines on the mesh box, turned by the outer eye corners', () => {
    const mesh = Array.from({ length: 468 }, (_, i) => ({ x: 50 + (i % 20), y: 60 + Math.floor(i / 20) }));
    mesh[33] = { x: 52, y: 70 };
    mesh[263] = { x: 68, y: 70 };
    const crop = refineFaceCrop(mesh);
    expect(crop.angle).toBeCloseTo(0, 6);
    expect(crop.cx).toBeCloseTo(59.5, 6);
    expect(crop.cy).toBeCloseTo(71.5, 6);
    expect(crop.size).toBeCloseTo(23 * 1.5, 6);
  });
});

describe('faces from the engine (parts=face)', () => {
  let engine: LocalPoseEngine;
  beforeAll(async () => {
    engine = createPoseEngine({ workers: 1 });
    await engine.ready();
  });
  afterAll(() => engine.close());

  it('puts 68 face points inside the labelled face, jaw running left to right', async () => {
    const { result, meta } = await engine.estimate(read('000000000785.jpg'), { parts: ['body', 'face'] });
    expect(meta.model).toBe('centernet+movenet-multipose@256+movenet-lightning+movenet-thunder+facemesh');
    const person = result.keyPointList[0]!.inferKeypointList;
    const face = person.filter((k) => k.part === 'face');
    expect(face.map((k) => k.name)).toEqual([...FACE_NAMES]);
    const truth = gt.images
      .find((i) => i.file === '000000000785.jpg')!
      .persons[0]!.keypoints.filter((k) => k.part === 'face');
    // The labelled face is 28 x 27 px; allow 4 px around it.
    const xs = truth.map((k) => k.x);
    const ys = truth.map((k) => k.y);
    for (const k of face) {
      expect(k.x, k.name).toBeGreaterThan(Math.min(...xs) - 4);
      expect(k.x, k.name).toBeLessThan(Math.max(...xs) + 4);
      expect(k.y, k.name).toBeGreaterThan(Math.min(...ys) - 4);
      expect(k.y, k.name).toBeLessThan(Math.max(...ys) + 4);
      expect(k.score).toBeGreaterThan(0.3);
    }
    // A frontal face: the jaw line (iBUG 0-16) runs from the image's left to its right.
    const jaw = face.slice(0, 17).map((k) => k.x);
    for (let i = 1; i < jaw.length; i++) expect(jaw[i]!, `face-${i}`).toBeGreaterThan(jaw[i - 1]! - 0.5);
    expect(jaw[16]! - jaw[0]!).toBeGreaterThan(20);
    // Point by point: median within 2.5 px of the label (9% of the face width), none past 8 px.
    const errors = face.map((k) => {
      const t = truth.find((q) => q.name === k.name)!;
      return Math.hypot(k.x - t.x, k.y - t.y);
    });
    errors.sort((a, b) => a - b);
    expect(errors[34]!).toBeLessThan(2.5);
    expect(errors[67]!).toBeLessThan(8);
    // Body keypoints are unchanged by asking for the face.
    const bodyOnly = await engine.estimate(read('000000000785.jpg'), {});
    expect(person.filter((k) => k.part === 'body')).toEqual(
      bodyOnly.result.keyPointList[0]!.inferKeypointList,
    );
  });

  it('finds no face for a person seen without a head', async () => {
    // messi5.jpg below the shoulders: no nose or eyes to anchor a head crop on.
    const sharp = (await import('sharp')).default;
    const lower = await sharp(read('messi5.jpg'))
      .extract({ left: 0, top: 140, width: 548, height: 202 })
      .jpeg()
      .toBuffer();
    const { result } = await engine.estimate(new Uint8Array(lower), { parts: ['body', 'face'] });
    for (const p of result.keyPointList)
      expect(p.inferKeypointList.filter((k) => k.part === 'face')).toEqual([]);
  });
});
