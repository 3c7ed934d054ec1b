// Messages between the engine (main thread) and its pose workers. Every message crossing the
// thread boundary is parsed with these schemas on arrival (architecture rule 4).
import { z } from 'zod';

export const INPUT_SIZES = [256, 384, 512] as const;
export const InputSize = z.union([z.literal(256), z.literal(384), z.literal(512)]);
export const EngineMode = z.enum(['multipose', 'topdown']);
export type EngineMode = z.infer<typeof EngineMode>;

/** Data a worker needs at start-up (workerData). */
export const WorkerInit = z.object({
  modelsDir: z.string(),
  wasmDir: z.string(),
  /** Models to load (file stem in modelsDir), e.g. "movenet-multipose". */
  models: z.array(z.string()).min(1),
  warmupSize: InputSize,
  topdownFinder: z.enum(['auto', 'centernet']),
  /** Tests only: a fault-injection point armed in this worker (fault-injection.ts). */
  fault: z.string().optional(),
});
export type WorkerInit = z.infer<typeof WorkerInit>;

/** The part groups the engine can add to the 17 body keypoints. */
export const WholeBodyPart = z.enum(['foot', 'face', 'hand']);
export type WholeBodyPart = z.infer<typeof WholeBodyPart>;

/**
 * Parts for requests that do not name any: body only. Whole body costs several crops per person
 * (docs/engine.md has the figures); clients that want it ask with `parts`.
 */
export const DEFAULT_PARTS: readonly string[] = ['body'];

/**
 * The whole-body groups a request asks for, in the engine's order (feet, faces, hands). Body is
 * always estimated. A request without `parts` gets `DEFAULT_PARTS`.
 */
export function jobParts(parts: readonly string[] | undefined): WholeBodyPart[] {
  const asked = parts ?? DEFAULT_PARTS;
  return WholeBodyPart.options.filter((p) => asked.includes(p));
}

export const Quality = z.enum(['fast', 'balanced', 'accurate']);
export type Quality = z.infer<typeof Quality>;

/**
 * The body pipeline of a request: a named mode wins; otherwise quality=fast is one MultiPose pass
 * for body-only requests. Whole-body requests keep the top-down body at fast quality (their
 * fast means the lite hand model): face and hand crops need well-placed heads and wrists.
 */
export function bodyMode(mode: EngineMode | undefined, quality: Quality, wholeBody = false): EngineMode {
  return mode ?? (quality === 'fast' && !wholeBody ? 'multipose' : 'topdown');
}

export const EstimateJob = z.object({
  type: z.literal('estimate'),
  id: z.number().int(),
  bytes: z.instanceof(Uint8Array),
  inputSize: InputSize,
  mode: EngineMode,
  maxPixels: z.number().positive(),
  /** Part groups beyond body to add. */
  parts: z.array(WholeBodyPart),
  /**
   * Body: fast = one MultiPose pass (unless mode says topdown), balanced = the top-down search,
   * accurate = the top-down search looking harder (person-finder.ts). Hands: accurate =
   * handlandmark-full, else lite. Feet and faces have one model.
   */
  quality: Quality,
});
export type EstimateJob = z.infer<typeof EstimateJob>;

export const MemoryQuery = z.object({ type: z.literal('memory'), id: z.number().int() });

export const WorkerKeypoint = z.object({
  name: z.string(),
  part: z.enum(['body', 'foot', 'face', 'hand']),
  x: z.number(),
  y: z.number(),
  score: z.number(),
});
export type WorkerKeypoint = z.infer<typeof WorkerKeypoint>;
/** A region of the decoded image (its pixels). */
export const CropRegion = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export const WorkerPerson = z.object({
  score: z.number(),
  keypoints: z.array(WorkerKeypoint),
  /** MoveNet MultiPose's own box around the person: only in a helper's MultiPose answer. */
  box: CropRegion.optional(),
});
export type WorkerPerson = z.infer<typeof WorkerPerson>;

/**
 * A helper job: the whole-body crops of some persons of another worker's request. The helper
 * decodes the same bytes with the same parameters (so its pixels match) and runs the part
 * pipelines on `people` (body keypoints in original pixels).
 */
export const PartsJob = EstimateJob.extend({
  type: z.literal('parts'),
  /** The request whose work this is: a helper decodes a request's bytes once for all its jobs. */
  request: z.number().int(),
  people: z.array(WorkerPerson).min(1),
});
export type PartsJob = z.infer<typeof PartsJob>;

/**
 * The main thread's answer to a split offer: the offering worker keeps persons [0, keep) and a
 * helper runs the rest (keep = number of persons: no helper was idle).
 */
export const SplitReply = z.object({
  type: z.literal('split-reply'),
  id: z.number().int(),
  keep: z.number().int(),
});

/** The single-person models that pose crops: Lightning screens candidates, Thunder poses them. */
export const CropModel = z.enum(['lightning', 'thunder']);
export type CropModel = z.infer<typeof CropModel>;

/**
 * Work a top-down request lends to an idle worker: some of its single-person crops (posed in
 * order), or its MultiPose pass (started while the requester runs CenterNet).
 */
export const LentWork = z.union([
  z.object({ model: CropModel, regions: z.array(CropRegion).min(1) }),
  z.object({ model: z.literal('multipose'), size: z.number().int().positive(), minScore: z.number() }),
]);
export type LentWork = z.infer<typeof LentWork>;

/**
 * A helper job: lent work of another worker's top-down request. The helper decodes the same
 * bytes the same way (the top-down side, maxPixels), so its pixels match, and answers with a
 * `result` whose people are the crops' poses in order (score 0), or MultiPose's people with their
 * boxes; keypoints in decoded pixels.
 */
export const LendJob = z.object({
  type: z.literal('lend'),
  id: z.number().int(),
  /** The request whose work this is: a helper decodes a request's bytes once for all its jobs. */
  request: z.number().int(),
  bytes: z.instanceof(Uint8Array),
  maxPixels: z.number().positive(),
  work: LentWork,
});
export type LendJob = z.infer<typeof LendJob>;

/**
 * The main thread's answer to a lend offer. Crops: the offering worker poses regions [0, keep)
 * itself; MultiPose: keep 0 = lent, 1 = run it here. When something was lent, a `lend-done`
 * with the same id and offer follows.
 */
export const LendReply = z.object({
  type: z.literal('lend-reply'),
  id: z.number().int(),
  offer: z.number().int(),
  keep: z.number().int(),
});

/** The helper's answer to the lent work, in order; null: the helper failed, do it here. */
export const LendDone = z.object({
  type: z.literal('lend-done'),
  id: z.number().int(),
  offer: z.number().int(),
  people: z.array(WorkerPerson).nullable(),
});

export const ToWorker = z.discriminatedUnion('type', [
  EstimateJob,
  PartsJob,
  LendJob,
  MemoryQuery,
  SplitReply,
  LendReply,
  LendDone,
]);
export type ToWorker = z.infer<typeof ToWorker>;

export const WorkerTimings = z.object({
  decode: z.number(),
  preprocess: z.number(),
  inference: z.number(),
  postprocess: z.number(),
});
export type WorkerTimings = z.infer<typeof WorkerTimings>;

export const FromWorker = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    /** Milliseconds from worker start to models loaded and warmed up. */
    loadMs: z.number(),
    warmupMs: z.number(),
    backend: z.string(),
    models: z.array(z.string()),
  }),
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    people: z.array(WorkerPerson),
    /** People the body pipeline saw but did not return (scores just under the cut). */
    unconfirmed: z.number().int().min(0),
    timings: WorkerTimings,
    model: z.string(),
  }),
  z.object({
    type: z.literal('memory'),
    id: z.number().int(),
    numTensors: z.number().int(),
    numBytes: z.number(),
  }),
  z.object({
    type: z.literal('error'),
    id: z.number().int(),
    code: z.enum(['UNDECODABLE_IMAGE', 'IMAGE_TOO_MANY_PIXELS', 'INTERNAL']),
    message: z.string(),
  }),
  z.object({ type: z.literal('fatal'), message: z.string() }),
  /**
   * Sent once by a worker whose whole-body request found 2+ people, after the body pass and
   * before any crop; the worker waits for a SplitReply with the same id.
   */
  z.object({ type: z.literal('split-offer'), id: z.number().int(), people: z.array(WorkerPerson) }),
  /**
   * Sent by a worker that could lend work of a top-down request (`offer` numbers its offers within
   * the job); it waits for a LendReply with the same id and offer.
   */
  z.object({ type: z.literal('lend-offer'), id: z.number().int(), offer: z.number().int(), work: LentWork }),
]);
export type FromWorker = z.infer<typeof FromWorker>;
