// Feet (COCO-WholeBody heel and big toe) from BlazePose on each person's crop, run in a worker.
// BlazePose's 39 landmarks come as 5 numbers each (x, y, z in input pixels 0..256, visibility and
// presence logits); MediaPipe's topology puts the ankles at 27/28, heels at 29/30 and the foot
// index (the tip of the foot, the big toe in COCO-WholeBody's terms) at 31/32. No shipped model
// finds the small toe: it is not reported (never guessed).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { cropAndResizeBox, fromRegion, squareAround, type Region } from './letterbox';
import type { WorkerKeypoint, WorkerPerson } from './worker-protocol';

const BLAZEPOSE_SIZE = 256;
/** Below this MoveNet ankle score the foot is not looked for (nothing to anchor the crop on). */
export const FOOT_ANCHOR_MIN = 0.3;
/**
 * BlazePose and MoveNet must agree on the ankle within this fraction of the crop side (~8% of
 * 1.25x the person's height): when they disagree, BlazePose has locked on to another leg or
 * person and its heel and toe are dropped.
 */
export const ANKLE_AGREEMENT = 0.08;
const CROP_SCALE = 1.25;

const SIDES = [
  { side: 'left', ankle: 27, heel: 29, toe: 31 },
  { side: 'right', ankle: 28, heel: 30, toe: 32 },
] as const;

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

function personRegion(keypoints: readonly WorkerKeypoint[], minScore: number): Region | undefined {
  const good = keypoints.filter((k) => k.part === 'body' && k.score >= minScore);
  if (good.length < 2) return undefined;
  const xs = good.map((k) => k.x);
  const ys = good.map((k) => k.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return squareAround({ x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y }, CROP_SCALE);
}

/**
 * Adds left/right heel and big toe keypoints (part "foot") to each person whose ankle is visible.
 * `image` is [1, h, w, 3] float 0..255 of the decoded image, and people are in its pixels.
 */
export async function addFeet(
  model: GraphModel,
  image: tf.Tensor4D,
  imageWidth: number,
  imageHeight: number,
  people: WorkerPerson[],
): Promise<{ people: WorkerPerson[]; inference: number; preprocess: number }> {
  let inference = 0;
  let preprocess = 0;
  const out: WorkerPerson[] = [];
  for (const person of people) {
    const ankles = SIDES.map(({ side }) => person.keypoints.find((k) => k.name === `${side}_ankle`));
    const region = personRegion(person.keypoints, 0.2);
    if (!region || !ankles.some((a) => a && a.score >= FOOT_ANCHOR_MIN)) {
      out.push(person);
      continue;
    }
    const p0 = performance.now();
    const input = tf.tidy(() =>
      tf.div(
        tf.image.cropAndResize(
          image,
          [cropAndResizeBox(region, imageWidth, imageHeight, BLAZEPOSE_SIZE, BLAZEPOSE_SIZE)],
          [0],
          [BLAZEPOSE_SIZE, BLAZEPOSE_SIZE],
          'bilinear',
          0,
        ),
        255,
      ),
    );
    const p1 = performance.now();
    const landmarks = model.execute(input, ['Identity_2:0']) as tf.Tensor;
    const v = await landmarks.data();
    tf.dispose([input, landmarks]);
    preprocess += p1 - p0;
    inference += performance.now() - p1;
    const at = (i: number) => {
      const p = fromRegion(region, v[5 * i]! / BLAZEPOSE_SIZE, v[5 * i + 1]! / BLAZEPOSE_SIZE);
      return { x: p.x, y: p.y, visibility: sigmoid(v[5 * i + 3]!) };
    };
    const feet: WorkerKeypoint[] = [];
    SIDES.forEach(({ side, ankle, heel, toe }, s) => {
      const moveNetAnkle = ankles[s];
      if (!moveNetAnkle || moveNetAnkle.score < FOOT_ANCHOR_MIN) return;
      const a = at(ankle);
      if (Math.hypot(a.x - moveNetAnkle.x, a.y - moveNetAnkle.y) > ANKLE_AGREEMENT * region.width) return;
      for (const [index, name] of [
        [heel, `${side}_heel`],
        [toe, `${side}_big_toe`],
      ] as const) {
        const p = at(index);
        // Confidence: BlazePose's visibility, capped by how sure MoveNet is of the ankle.
        feet.push({ name, part: 'foot', x: p.x, y: p.y, score: Math.min(p.visibility, moveNetAnkle.score) });
      }
    });
    out.push({ ...person, keypoints: [...person.keypoints, ...feet] });
  }
  return { people: out, inference, preprocess };
}
