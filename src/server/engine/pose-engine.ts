// The embedded pose engine: a bounded queue in front of a pool of worker threads, each running
// tfjs (wasm backend, SIMD) with MoveNet models loaded once. Answers in the NHN contract.
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { PoseMeta, PoseResult } from '@/contract/pose-envelope';
import { PoseError } from '@/contract/pose-errors';
import type { AnalyseOptions } from '@/server/providers/pose-provider';
import type { PoseEngine } from './pose-engine-api';
import { probeImage } from './image-decode';
import { workerEntry } from './worker-entry';
import { bodyMode, EngineMode, InputSize, jobParts, type EstimateJob } from './worker-protocol';
import { createWorkerPool } from './worker-pool';

/** Models of the top-down pipeline (person finding and single-person poses). */
const TOPDOWN_MODELS = ['centernet', 'movenet-thunder', 'movenet-lightning'];

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Engine settings; config.ts parses env into this (strings are coerced).
 * Example: `{ workers: 2, maxQueue: 16, deadlineMs: 20000, defaultInputSize: 256, defaultMode: 'topdown' }`.
 * The defaults were chosen from `npm run eval` and `npm run bench` (docs/engine.md).
 */
export const PoseEngineOptionsSchema = z.object({
  /** Worker threads; each holds its own models (~60 MB RSS) and uses one core. */
  workers: z.coerce
    .number()
    .int()
    .min(1)
    .max(32)
    .default(() => availableParallelism()),
  /** Requests allowed to wait for a busy worker; past it estimate() throws BUSY. 0: no queue. */
  maxQueue: z.coerce.number().int().min(0).default(16),
  /** Milliseconds from estimate() to answer, queue time included; past it ENGINE_TIMEOUT. */
  deadlineMs: z.coerce.number().int().positive().default(20_000),
  /** Model input side in pixels when a request does not choose one. */
  defaultInputSize: z.coerce.number().pipe(InputSize).default(256),
  /**
   * Pipeline when a request does not choose one. topdown: CenterNet and MultiPose find people,
   * MoveNet Thunder poses them (person-finder.ts); multipose: one MultiPose pass.
   */
  defaultMode: EngineMode.default('topdown'),
  modelsDir: z
    .string()
    .min(1)
    .default(() => process.env.POSESCOPE_MODELS_DIR ?? join(REPO_ROOT, '.cache', 'models')),
  /** Largest width x height accepted; checked on the header, before any pixel is decoded. */
  maxPixels: z.coerce.number().positive().default(40e6),
  /**
   * Who finds the people in top-down mode: auto = person-finder.ts's policy (CenterNet, and
   * MultiPose beside a person CenterNet is sure of); centernet = CenterNet alone (measurements).
   */
  topdownFinder: z.enum(['auto', 'centernet']).default('auto'),
  /** Tests only: arms a fault-injection point in every worker (fault-injection.ts). */
  fault: z.string().optional(),
  /**
   * Load the top-down models (CenterNet, Thunder, Lightning) too. Off saves ~25 MB and ~1 s
   * start-up per worker; requests without a mode then get MultiPose, and mode=topdown is refused.
   */
  topdown: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')])
    .default(true),
});
export type PoseEngineOptions = z.input<typeof PoseEngineOptionsSchema>;
export type ResolvedPoseEngineOptions = z.output<typeof PoseEngineOptionsSchema>;

export interface EngineAnswer {
  result: PoseResult;
  meta: PoseMeta;
  /** The model's person score for keyPointList[i] (not part of the NHN contract; used by eval). */
  personScores: number[];
}

export interface LocalPoseEngine extends PoseEngine {
  /**
   * restarts: workers replaced; partsJobs: whole-body requests split onto a second worker;
   * lendJobs: top-down work (the MultiPose pass, Lightning or Thunder crops) lent to a second worker.
   */
  stats(): ReturnType<PoseEngine['stats']> & { restarts: number; partsJobs: number; lendJobs: number };
  estimate(image: Uint8Array, options: AnalyseOptions): Promise<EngineAnswer>;
  /** tf.memory() of every ready worker: tests assert numTensors stays flat across requests. */
  workerMemory(): Promise<{ numTensors: number; numBytes: number }[]>;
  /** Milliseconds each worker took to load its models, and to warm up. */
  loadTimes(): { loadMs: number; warmupMs: number }[];
  readonly options: ResolvedPoseEngineOptions;
}

export function createPoseEngine(options: PoseEngineOptions = {}): LocalPoseEngine {
  const opts = PoseEngineOptionsSchema.parse(options);
  const models = ['movenet-multipose', ...(opts.topdown ? TOPDOWN_MODELS : [])];
  let lastId = 0;
  const nextId = () => ++lastId;
  const pool = createWorkerPool(
    {
      workers: opts.workers,
      maxQueue: opts.maxQueue,
      deadlineMs: opts.deadlineMs,
      entryUrl: workerEntry(join(REPO_ROOT, '.cache', 'engine')).url,
      init: {
        modelsDir: opts.modelsDir,
        wasmDir: join(REPO_ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'),
        models,
        warmupSize: opts.defaultInputSize,
        topdownFinder: opts.topdownFinder,
        ...(opts.fault ? { fault: opts.fault } : {}),
      },
    },
    nextId,
  );
  let closed = false;

  return {
    options: opts,
    ready: () => pool.ready(),
    async estimate(image: Uint8Array, options: AnalyseOptions): Promise<EngineAnswer> {
      if (closed) throw new PoseError('ENGINE_UNAVAILABLE', 'The pose engine is shut down.');
      options.signal?.throwIfAborted();
      const probe = await probeImage(image, opts.maxPixels);
      // The caller may have gone while the header was read: do not queue work nobody waits for.
      options.signal?.throwIfAborted();
      const quality = options.quality ?? 'balanced';
      // Without the top-down models loaded, requests that do not ask for a mode get MultiPose.
      const wholeBody = jobParts(options.parts).length > 0;
      const mode = !opts.topdown
        ? (options.mode ?? 'multipose')
        : bodyMode(options.mode ?? (quality === 'fast' ? undefined : opts.defaultMode), quality, wholeBody);
      if (mode === 'topdown' && !opts.topdown) {
        throw new PoseError('ENGINE_UNAVAILABLE', 'Top-down mode is switched off in this engine.');
      }
      // A private copy is moved to the worker: the caller's buffer stays usable.
      const bytes = new Uint8Array(image);
      const message: EstimateJob = {
        type: 'estimate',
        id: nextId(),
        bytes,
        inputSize: options.inputSize ?? opts.defaultInputSize,
        mode,
        maxPixels: opts.maxPixels,
        // Body is always there; feet, faces and hands when asked (see README and jobParts).
        parts: jobParts(options.parts),
        quality,
      };
      const answer = await pool.run(message, options.signal);
      const people = [...answer.people].sort((a, b) => b.score - a.score);
      const result: PoseResult = {
        fileType: probe.fileType,
        numberOfPerson: people.length,
        keyPointList: people.map((p, i) => ({
          personId: String(i),
          inferKeypointList: p.keypoints.map((k) => ({
            name: k.name,
            part: k.part,
            // Predictions for joints just outside the frame are clamped onto its edge.
            x: Math.min(Math.max(k.x, 0), answer.width),
            y: Math.min(Math.max(k.y, 0), answer.height),
            score: Math.min(Math.max(k.score, 0), 1),
          })),
        })),
      };
      const meta: PoseMeta = {
        provider: 'local',
        model: answer.model,
        imageWidth: answer.width,
        imageHeight: answer.height,
        timings: { ...roundTimings(answer.timings), queue: round1(answer.queueMs) },
        unconfirmedPeople: answer.unconfirmed,
        quality,
      };
      return { result, meta, personScores: people.map((p) => p.score) };
    },
    stats: () => ({ ...pool.stats(), models }),
    loadTimes: () => pool.loadTimes(),
    workerMemory: () => pool.workerMemory(),
    async close() {
      closed = true;
      await pool.close();
    },
  };
}

function round1(ms: number): number {
  return Math.round(Math.max(0, ms) * 10) / 10;
}

function roundTimings(t: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round1(v)]));
}
