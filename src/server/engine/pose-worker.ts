// A pose worker thread: its own tfjs wasm backend and models, one job at a time.
// Imports here are relative (not "@/"): this module is bundled by esbuild (worker-entry.ts) or,
// as a fallback, loaded by tsx inside the worker; neither sees the main program's path alias.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { join } from 'node:path';
import { decodeImageForWorker, type WorkerDecodeError } from './worker-decode';
import type { DecodedImage } from './image-decode';
import { loadModelFromDisk } from './model-files';
import { addFeet } from './foot-pipeline';
import { addFaces, FACE_INPUT } from './face-pipeline';
import { addHands, HAND_INPUT } from './hand-pipeline';
import { imageTensor, type ImageRgb } from './image-tensor';
import { estimateBody } from './pose-pipeline';
import { runMultipose } from './body-models';
import { armFault } from './fault-injection';
import { localPoser, type CropPoser, type FinderModels, type Lender } from './person-finder';
import {
  bodyMode,
  ToWorker,
  WorkerInit,
  type CropModel,
  type EstimateJob,
  type FromWorker,
  type LendJob,
  type LentWork,
  type PartsJob,
  type WorkerPerson,
} from './worker-protocol';

/** Longest side (px) of the decoded image for top-down mode: crops of small people keep detail. */
const TOPDOWN_MAX_SIDE = 1280;

const port = parentPort;
if (!port) throw new Error('pose-worker must run as a worker thread');
const init = WorkerInit.parse(workerData);
const models = new Map<string, GraphModel>();

function send(message: FromWorker): void {
  port!.postMessage(message);
}

function model(name: string): GraphModel {
  const m = models.get(name);
  if (!m) throw new Error(`model ${name} is not loaded in this worker`);
  return m;
}

/** Decoded pixels -> original (oriented) pixels, per axis: sharp rounds each side on its own. */
function toOriginal(people: WorkerPerson[], sx: number, sy: number): WorkerPerson[] {
  return people.map((p) => ({
    ...p,
    keypoints: p.keypoints.map((k) => ({ ...k, x: k.x * sx, y: k.y * sy })),
  }));
}

async function estimate(job: EstimateJob): Promise<FromWorker> {
  const t0 = performance.now();
  const wholeBody = job.parts.length > 0;
  const mode = bodyMode(job.mode, job.quality, wholeBody);
  // One MultiPose pass needs no more pixels than its input; crops (Thunder, BlazePose, Face
  // Mesh, hand landmarks) need detail.
  const maxSide = mode === 'multipose' && !wholeBody ? job.inputSize : TOPDOWN_MAX_SIDE;
  helperImage = undefined;
  const decoded = await decodeImageForWorker(job.bytes, maxSide, job.maxPixels);
  if ('code' in decoded) return { type: 'error', id: job.id, ...(decoded satisfies WorkerDecodeError) };
  const img: ImageRgb = decoded;
  const decode = performance.now() - t0;
  const body = await estimateBody(finderModels(), img, {
    mode,
    quality: job.quality,
    inputSize: job.inputSize,
    centernetOnly: init.topdownFinder === 'centernet',
    lender: (image) => idleLender(job.id, localPoser(finderModels(), image, img)),
  });
  let { people, preprocess, inference, postprocess } = body;
  let modelName = body.model;
  if (wholeBody) {
    // 2+ people: ask the main thread whether an idle worker can take some persons' crops.
    const keep = people.length >= 2 ? await askSplit(job.id, people) : people.length;
    // Only the kept persons go back: the main thread appends the helper's (the rest, in order).
    const p = await addParts(job, img, people.slice(0, keep));
    people = p.people;
    preprocess += p.preprocess;
    inference += p.inference;
    modelName += p.modelSuffix;
    postprocess = performance.now() - t0 - decode - preprocess - inference;
  }
  return {
    type: 'result',
    id: job.id,
    width: decoded.originalWidth,
    height: decoded.originalHeight,
    people: toOriginal(
      people,
      decoded.originalWidth / decoded.width,
      decoded.originalHeight / decoded.height,
    ),
    unconfirmed: body.unconfirmed,
    timings: { decode, preprocess, inference, postprocess: Math.max(0, postprocess) },
    model: modelName,
  };
}

/**
 * Feet, faces and hands (as the job asks) for `people`, on the decoded image `img`, all in its
 * pixels. Shared by a request's own worker and a helper's parts job.
 */
async function addParts(
  job: EstimateJob | PartsJob,
  img: ImageRgb,
  people: WorkerPerson[],
): Promise<{ people: WorkerPerson[]; preprocess: number; inference: number; modelSuffix: string }> {
  let preprocess = 0;
  let inference = 0;
  let modelSuffix = '';
  // One float tensor of the decoded image serves every whole-body crop of this job.
  const image = imageTensor(img);
  try {
    if (job.parts.includes('foot')) {
      // BlazePose full for both qualities: on the ground-truth photos lite's feet were right for
      // only 6 of the 10 it reported (full: 14 of 16), not good enough to show as a detection.
      const name = 'blazepose-full';
      const f = await addFeet(await lazyModel(name), image, img.width, img.height, people);
      people = f.people;
      preprocess += f.preprocess;
      inference += f.inference;
      modelSuffix += `+${name}`;
    }
    if (job.parts.includes('face')) {
      const name = 'facemesh';
      const f = await addFaces(await lazyModel(name), image, people);
      people = f.people;
      inference += f.inference;
      modelSuffix += `+${name}`;
    }
    if (job.parts.includes('hand')) {
      const name = job.quality === 'accurate' ? 'handlandmark-full' : 'handlandmark-lite';
      const h = await addHands(await lazyModel(name), image, people);
      people = h.people;
      inference += h.inference;
      modelSuffix += `+${name}`;
    }
  } finally {
    image.dispose();
  }
  return { people, preprocess, inference, modelSuffix };
}

/** Replies to split offers, by job id (one offer per job at most). */
const splitWaiters = new Map<number, (keep: number) => void>();

/** How many of `people` this worker keeps (the main thread decides; see pose-engine.ts). */
function askSplit(id: number, people: WorkerPerson[]): Promise<number> {
  return new Promise((resolve) => {
    splitWaiters.set(id, (keep) => resolve(Math.min(Math.max(keep, 1), people.length)));
    send({ type: 'split-offer', id, people });
  });
}

/** Replies to lend offers and the helpers' answers that follow, by `${job id}:${offer}`. */
const lendReplies = new Map<string, (keep: number) => void>();
const lendDone = new Map<string, (people: WorkerPerson[] | null) => void>();
let lendOffers = 0;
/**
 * Fewest crops worth offering per model: the half handed over must cost more than the helper's
 * decoding (~10-20 ms): two Thunder runs (80 ms each), four Lightning runs (22 ms each).
 */
const MIN_LENT_CROPS: Record<CropModel, number> = { thunder: 2, lightning: 4 };

/**
 * Offers `work` of request `jobId` to the main thread, which lends it to an idle worker when it
 * finds one (worker-pool.ts): how much of it this worker keeps (crops: the first `keep`; MultiPose:
 * 0 = lent), and the helper's answer to the rest (null: the helper failed).
 */
async function offer(
  jobId: number,
  work: LentWork,
): Promise<{ keep: number; theirs: Promise<WorkerPerson[] | null> }> {
  const key = `${jobId}:${++lendOffers}`;
  const theirs = new Promise<WorkerPerson[] | null>((resolve) => lendDone.set(key, resolve));
  const keep = await new Promise<number>((resolve) => {
    lendReplies.set(key, resolve);
    send({ type: 'lend-offer', id: jobId, offer: lendOffers, work });
  });
  const all = work.model === 'multipose' ? 1 : work.regions.length;
  if (keep >= all) lendDone.delete(key);
  return { keep: Math.min(Math.max(keep, 0), all), theirs };
}

/**
 * Top-down work that an idle worker may take: half of each stage's crops (this worker poses the
 * first half meanwhile), and the MultiPose pass. A helper that fails leaves its work to this
 * worker, so the answer never depends on whether work was lent.
 */
function idleLender(jobId: number, local: CropPoser): Lender {
  return {
    async crops(model, regions) {
      if (regions.length < MIN_LENT_CROPS[model]) return local(model, regions);
      const { keep, theirs } = await offer(jobId, { model, regions: [...regions] });
      if (keep === regions.length) return local(model, regions);
      const mine = await local(model, regions.slice(0, keep));
      const rest = await theirs;
      return [...mine, ...(rest ? rest.map((p) => p.keypoints) : await local(model, regions.slice(keep)))];
    },
    async multipose(size, minScore) {
      const { keep, theirs } = await offer(jobId, { model: 'multipose', size, minScore });
      if (keep > 0) return undefined;
      return { people: theirs.then((people) => people && people.map((p) => ({ ...p, box: p.box! }))) };
    },
  };
}

/**
 * The image this worker last decoded as a helper: one request lends it up to three jobs
 * (MultiPose, Lightning, Thunder). Dropped when the worker takes a request of its own.
 */
let helperImage: { request: number; decoded: DecodedImage } | undefined;

/**
 * A helper job's image: the request's bytes decoded the same way its own worker decoded them (the
 * top-down side, maxPixels), so their pixels match; once per request.
 */
async function helperDecode(
  job: LendJob | PartsJob,
): Promise<{ decoded: DecodedImage; decode: number } | WorkerDecodeError> {
  const t0 = performance.now();
  if (helperImage?.request !== job.request) {
    helperImage = undefined;
    const decoded = await decodeImageForWorker(job.bytes, TOPDOWN_MAX_SIDE, job.maxPixels);
    if ('code' in decoded) return decoded;
    helperImage = { request: job.request, decoded };
  }
  return { decoded: helperImage.decoded, decode: performance.now() - t0 };
}

/** A helper's lend job: the lent work, on the request's image. */
async function lendJob(job: LendJob): Promise<FromWorker> {
  const t0 = performance.now();
  const got = await helperDecode(job);
  if ('code' in got) return { type: 'error', id: job.id, ...got };
  const { decoded, decode } = got;
  const image = imageTensor(decoded);
  try {
    const work = job.work;
    const people: WorkerPerson[] =
      work.model === 'multipose'
        ? await runMultipose(model('movenet-multipose'), image, decoded, work.size, work.minScore)
        : (await localPoser(finderModels(), image, decoded)(work.model, work.regions)).map((keypoints) => ({
            score: 0,
            keypoints,
          }));
    return {
      type: 'result',
      id: job.id,
      width: decoded.width,
      height: decoded.height,
      people,
      unconfirmed: 0,
      timings: { decode, preprocess: 0, inference: performance.now() - t0 - decode, postprocess: 0 },
      model: `movenet-${work.model}`,
    };
  } finally {
    image.dispose();
  }
}

/** A helper's parts job: the whole-body crops of its persons, on the request's image. */
async function partsJob(job: PartsJob): Promise<FromWorker> {
  const t0 = performance.now();
  const got = await helperDecode(job);
  if ('code' in got) return { type: 'error', id: job.id, ...got };
  const { decoded, decode } = got;
  // job.people are in decoded pixels (the offering worker decoded the same bytes the same way).
  const p = await addParts(job, decoded, job.people);
  return {
    type: 'result',
    id: job.id,
    width: decoded.originalWidth,
    height: decoded.originalHeight,
    people: toOriginal(
      p.people,
      decoded.originalWidth / decoded.width,
      decoded.originalHeight / decoded.height,
    ),
    unconfirmed: 0,
    timings: {
      decode,
      preprocess: p.preprocess,
      inference: p.inference,
      postprocess: Math.max(0, performance.now() - t0 - decode - p.preprocess - p.inference),
    },
    model: p.modelSuffix,
  };
}

/** Input shapes of the whole-body models, for their warm-up run right after loading. */
const WARMUP_SHAPES: Record<string, [number[], string[] | undefined]> = {
  'blazepose-full': [[1, 256, 256, 3], ['Identity_2:0']],
  facemesh: [[1, FACE_INPUT, FACE_INPUT, 3], ['Identity_2:0']],
  'handlandmark-full': [[1, HAND_INPUT, HAND_INPUT, 3], ['Identity:0']],
  'handlandmark-lite': [[1, HAND_INPUT, HAND_INPUT, 3], ['Identity:0']],
};

/**
 * Whole-body models load on first use: body-only servers do not pay their memory. Each is run
 * once on zeros right away: a graph model's first inference is several times slower (~0.5 s
 * measured for the hand model), and that should not land on one person's crop.
 */
async function lazyModel(name: string): Promise<GraphModel> {
  const loaded = models.get(name);
  if (loaded) return loaded;
  const m = await loadModelFromDisk(join(init.modelsDir, `${name}.json`));
  const warm = WARMUP_SHAPES[name];
  if (warm) {
    const input = tf.zeros(warm[0], 'float32');
    const output = m.execute(input, warm[1]);
    await (Array.isArray(output) ? output[0] : output)?.data();
    tf.dispose([input, output]);
  }
  models.set(name, m);
  return m;
}

/** Looked up on use: an engine without the top-down models still serves MultiPose requests. */
function finderModels(): FinderModels {
  return {
    get multipose() {
      return model('movenet-multipose');
    },
    get centernet() {
      return model('centernet');
    },
    get thunder() {
      return model('movenet-thunder');
    },
    get lightning() {
      return model('movenet-lightning');
    },
  };
}

async function start(): Promise<void> {
  const t0 = performance.now();
  // setWasmPaths wants a directory prefix ending in a separator; the wasm backend reads the file
  // with fs under Node. Threads are unavailable there, so it picks the SIMD build.
  setWasmPaths(init.wasmDir.endsWith('/') ? init.wasmDir : `${init.wasmDir}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  for (const name of init.models)
    models.set(name, await loadModelFromDisk(join(init.modelsDir, `${name}.json`)));
  const t1 = performance.now();
  // Warm-up: the first inference of a graph model is several times slower than the next ones.
  const blank: ImageRgb = { data: new Uint8Array(64 * 48 * 3).fill(128), width: 64, height: 48 };
  if (models.has('movenet-multipose')) {
    const image = imageTensor(blank);
    try {
      await runMultipose(model('movenet-multipose'), image, blank, init.warmupSize, 1);
    } finally {
      image.dispose();
    }
  }
  // A blank image has no people, so the per-person models are warmed on zeros directly, and
  // CenterNet too: it runs on every top-down request.
  const warm: [string, number[], 'int32' | 'float32', string[] | undefined][] = [
    ['movenet-thunder', [1, 256, 256, 3], 'int32', undefined],
    ['movenet-lightning', [1, 192, 192, 3], 'int32', undefined],
    ['centernet', [1, 512, 512, 3], 'float32', ['tower_0/detections']],
  ];
  for (const [name, shape, dtype, outputs] of warm) {
    if (!models.has(name)) continue;
    const input = tf.zeros(shape, dtype);
    const output = model(name).execute(input, outputs);
    await (Array.isArray(output) ? output[0] : output)?.data();
    tf.dispose([input, output]);
  }
  // Armed only now: the warm-up runs must succeed.
  armFault(init.fault);
  send({
    type: 'ready',
    loadMs: t1 - t0,
    warmupMs: performance.now() - t1,
    backend: tf.getBackend(),
    models: [...models.keys()],
  });
}

port.on('message', (raw: unknown) => {
  const msg = ToWorker.safeParse(raw);
  if (!msg.success) return;
  const m = msg.data;
  if (m.type === 'split-reply') {
    splitWaiters.get(m.id)?.(m.keep);
    splitWaiters.delete(m.id);
    return;
  }
  if (m.type === 'lend-reply' || m.type === 'lend-done') {
    const key = `${m.id}:${m.offer}`;
    if (m.type === 'lend-reply') lendReplies.get(key)?.(m.keep);
    else lendDone.get(key)?.(m.people);
    (m.type === 'lend-reply' ? lendReplies : lendDone).delete(key);
    return;
  }
  if (m.type === 'memory') {
    const mem = tf.memory();
    send({ type: 'memory', id: m.id, numTensors: mem.numTensors, numBytes: mem.numBytes });
    return;
  }
  (m.type === 'parts' ? partsJob(m) : m.type === 'lend' ? lendJob(m) : estimate(m)).then(
    send,
    (error: unknown) =>
      send({
        type: 'error',
        id: m.id,
        code: 'INTERNAL',
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});

start().catch((error: unknown) => {
  send({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
});
