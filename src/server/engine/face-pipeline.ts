// Faces (COCO-WholeBody's 68 iBUG points) from MediaPipe Face Mesh on a head crop, run in a
// worker. The crop comes from MoveNet's nose, eyes and ears, turned so the eye line is level (the
// mesh model expects an upright face); one refinement pass re-crops on the mesh's own box, as
// MediaPipe's tracking does. The 468 mesh points are reduced to 68 by facemesh-to-ibug.ts.
import type * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { facemeshToIbug, MESH_LEFT_EYE_OUTER, MESH_RIGHT_EYE_OUTER } from './facemesh-to-ibug';
import { fromRotated, intoRotated, landmarksOnRotatedCrop, type RotatedSquare } from './rotated-crop';
import type { WorkerKeypoint, WorkerPerson } from './worker-protocol';

/** Input side of the Face Mesh model. */
export const FACE_INPUT = 192;
/** A head is looked for only when the nose and at least one eye have MoveNet scores above this. */
export const FACE_ANCHOR_MIN = 0.3;
/** Faces whose face flag (Face Mesh's "is there a face", 0..1) is below this are dropped. */
export const FACE_PRESENCE_MIN = 0.5;
/**
 * First crop side as a multiple of the head's spread (the largest distance between its confident
 * nose / eye / ear points: about the face width seen from the front, ear to nose in profile).
 * Face Mesh wants the face box x 1.5; a face is ~1.3 widths tall: 1.5 x 1.3 ~ 2.
 */
const FIRST_SIDE = 2.2;
/** Smallest head spread (px) worth a crop: below it the 68 points would sit on a few pixels. */
const MIN_SPREAD = 6;
/** Refinement, MediaPipe's face_landmarks_to_roi: mesh box in the eye-level frame x 1.5. */
const REFINE_SCALE = 1.5;
/** Outputs of the Face Mesh graph: 468 x (x, y, z) in input pixels, and the face flag (0..1). */
const OUTPUTS = ['Identity_2:0', 'Identity_1:0'];
const HEAD = ['nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear'] as const;

interface Pt {
  x: number;
  y: number;
  score: number;
}

/**
 * The first head crop from MoveNet's head keypoints, or undefined when they are not confident
 * enough. Rotation: the subject's right eye -> left eye line, when both eyes are confident and
 * apart enough to give a direction (a frontal face); upright otherwise.
 */
export function faceCrop(head: Partial<Record<(typeof HEAD)[number], Pt>>): RotatedSquare | undefined {
  const ok = (p: Pt | undefined): p is Pt => p !== undefined && p.score >= FACE_ANCHOR_MIN;
  const { nose, left_eye: le, right_eye: re } = head;
  if (!ok(nose) || !(ok(le) || ok(re))) return undefined;
  const points = HEAD.map((n) => head[n]).filter(ok);
  let spread = 0;
  for (const a of points) for (const b of points) spread = Math.max(spread, Math.hypot(a.x - b.x, a.y - b.y));
  if (spread < MIN_SPREAD) return undefined;
  let angle = 0;
  if (ok(le) && ok(re)) {
    const dx = le.x - re.x;
    const dy = le.y - re.y;
    // Eyes closer than a third of the head spread: a profile, the eye line says little.
    if (Math.hypot(dx, dy) > spread / 3 && dx > 0) angle = Math.atan2(dy, dx);
  }
  // Centre: between the head points' centroid and the nose (the nose tip is near the middle of
  // the face box; the ears and eyes sit higher).
  const cx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const cy = points.reduce((s, p) => s + p.y, 0) / points.length;
  return { cx: (cx + nose.x) / 2, cy: (cy + nose.y) / 2, size: FIRST_SIDE * spread, angle };
}

/** MediaPipe's landmarks-to-ROI step: the next crop from the 468 mesh points in image pixels. */
export function refineFaceCrop(mesh: readonly { x: number; y: number }[]): RotatedSquare {
  const r = mesh[MESH_RIGHT_EYE_OUTER]!;
  const l = mesh[MESH_LEFT_EYE_OUTER]!;
  const angle = Math.atan2(l.y - r.y, l.x - r.x);
  const frame: RotatedSquare = { cx: 0, cy: 0, size: 1, angle };
  const local = mesh.map((p) => intoRotated(frame, p.x, p.y));
  const minU = Math.min(...local.map((p) => p.u));
  const maxU = Math.max(...local.map((p) => p.u));
  const minV = Math.min(...local.map((p) => p.v));
  const maxV = Math.max(...local.map((p) => p.v));
  const centre = fromRotated(frame, 1, 0.5 + (minU + maxU) / 2, 0.5 + (minV + maxV) / 2);
  return { cx: centre.x, cy: centre.y, size: Math.max(maxU - minU, maxV - minV) * REFINE_SCALE, angle };
}

interface MeshResult {
  /** 468 mesh points (x, y, z), x and y in image pixels, z in crop input pixels. */
  mesh: Float32Array;
  presence: number;
}

async function runMesh(model: GraphModel, image: tf.Tensor4D, crop: RotatedSquare): Promise<MeshResult> {
  const { points, presence } = await landmarksOnRotatedCrop(model, image, crop, FACE_INPUT, OUTPUTS, 468);
  const mesh = new Float32Array(468 * 3);
  points.forEach((p, i) => mesh.set([p.x, p.y, p.z], 3 * i));
  return { mesh, presence };
}

function meshPoints(mesh: Float32Array): { x: number; y: number }[] {
  return Array.from({ length: 468 }, (_, i) => ({ x: mesh[3 * i]!, y: mesh[3 * i + 1]! }));
}

/** Face Mesh on the first crop, then once more on the crop its own mesh gives. */
export async function findFace(
  model: GraphModel,
  image: tf.Tensor4D,
  first: RotatedSquare,
): Promise<MeshResult | undefined> {
  const a = await runMesh(model, image, first);
  if (a.presence < FACE_PRESENCE_MIN) return undefined;
  const b = await runMesh(model, image, refineFaceCrop(meshPoints(a.mesh)));
  return b.presence < FACE_PRESENCE_MIN ? undefined : b;
}

/**
 * Adds 68 face keypoints (part "face", face-0 .. face-67) to every person whose head MoveNet
 * sees and in whose head crop Face Mesh finds a face. `image` is [1, h, w, 3] float 0..255 of the
 * decoded image, and people are in its pixels.
 * Score of each face keypoint: the face flag times the mean MoveNet score of nose and eyes.
 */
export async function addFaces(
  model: GraphModel,
  image: tf.Tensor4D,
  people: WorkerPerson[],
): Promise<{ people: WorkerPerson[]; inference: number }> {
  const t0 = performance.now();
  const out: WorkerPerson[] = [];
  for (const person of people) {
    const head = Object.fromEntries(
      HEAD.flatMap((n) => {
        const k = person.keypoints.find((q) => q.name === n);
        return k ? [[n, k]] : [];
      }),
    );
    const crop = faceCrop(head);
    const found = crop && (await findFace(model, image, crop));
    if (!found) {
      out.push(person);
      continue;
    }
    const anchors = (['nose', 'left_eye', 'right_eye'] as const).map((n) => head[n]?.score ?? 0);
    const score = found.presence * (anchors.reduce((s, v) => s + v, 0) / anchors.length);
    const face: WorkerKeypoint[] = facemeshToIbug(found.mesh).map((p, i) => ({
      name: `face-${i}`,
      part: 'face',
      x: p.x,
      y: p.y,
      score,
    }));
    out.push({ ...person, keypoints: [...person.keypoints, ...face] });
  }
  return { people: out, inference: performance.now() - t0 };
}
