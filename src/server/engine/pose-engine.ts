// The embedded pose engine: a bounded queue in front of a pool of worker threads, each running
// tfjs (wasm backend, SIMD) with MoveNet models loaded once. Answers in the NHN contract.
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { PoseMeta, PoseResult } from '@/contract/pose-envelope';
import { PoseError } from '@/contract/pose-errors';
import type { AnalyseOptions } from '@/server/providers/pose-provider';
import type { PoseEngine } from './pose-engine-api';
import { probeImage } from './image-decode';
import { workerEntry } from './worker-entry';
import {
  EngineMode,
  FromWorker,
  InputSize,
  jobParts,
  type EstimateJob,
  type PartsJob,
  type WorkerInit,
  type WorkerPerson,
} from './worker-protocol';

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
  /** Requests allowed to wait for a worker; past it estimate() throws BUSY. */
  maxQueue: z.coerce.number().int().min(0).default(16),
  /** Milliseconds from estimate() to answer, queue time included; past it ENGINE_TIMEOUT. */
  deadlineMs: z.coerce.number().int().positive().default(20_000),
  /** Model input side in pixels when a request does not choose one. */
  defaultInputSize: z.coerce.number().pipe(InputSize).default(256),
  /**
   * Pipeline when a request does not choose one. topdown: MultiPose at inputSize finds people,
   * MoveNet Thunder poses each (CenterNet finds them when MultiPose is full); multipose: one pass.
   */
  defaultMode: EngineMode.default('topdown'),
  modelsDir: z
    .string()
    .min(1)
    .default(() => process.env.POSESCOPE_MODELS_DIR ?? join(REPO_ROOT, '.cache', 'models')),
  /** Largest width x height accepted; checked on the header, before any pixel is decoded. */
  maxPixels: z.coerce.number().positive().default(40e6),
  /**
   * Who finds the people in top-down mode: auto = MultiPose, or CenterNet when MultiPose is full
   * (6 people); centernet = always CenterNet (for measurements of the crowd path).
   */
  topdownFinder: z.enum(['auto', 'centernet']).default('auto'),
  /**
   * Load the top-down models (CenterNet + Thunder) too. Off saves ~25 MB and ~1 s start-up per
   * worker; requests without a mode then get MultiPose, and mode=topdown is refused.
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
  /** restarts: workers replaced; partsJobs: whole-body requests split onto a second worker. */
  stats(): ReturnType<PoseEngine['stats']> & { restarts: number; partsJobs: number };
  estimate(image: Uint8Array, options: AnalyseOptions): Promise<EngineAnswer>;
  /** tf.memory() of every ready worker: tests assert numTensors stays flat across requests. */
  workerMemory(): Promise<{ numTensors: number; numBytes: number }[]>;
  /** Milliseconds each worker took to load its models, and to warm up. */
  loadTimes(): { loadMs: number; warmupMs: number }[];
  readonly options: ResolvedPoseEngineOptions;
}

interface Job {
  id: number;
  message: EstimateJob | PartsJob;
  enqueuedAt: number;
  /** ms since performance.timeOrigin when the request's deadline passes. */
  deadlineAt: number;
  /** Whole-body requests: a copy of the image bytes kept for a possible helper parts job. */
  splitBytes?: Uint8Array<ArrayBuffer>;
  /** The helper's persons (with parts) when this request was split (see onSplitOffer). */
  helper?: Promise<{ people: WorkerPerson[]; ms: number }>;
  startedAt?: number;
  resolve: (value: WorkerAnswer) => void;
  reject: (error: unknown) => void;
  done: boolean;
  cleanup: () => void;
}

interface WorkerAnswer {
  width: number;
  height: number;
  people: WorkerPerson[];
  timings: Record<string, number>;
  model: string;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | undefined;
  loadMs: number;
  warmupMs: number;
  memoryWaiters: Map<number, (m: { numTensors: number; numBytes: number }) => void>;
}

/** A worker that dies this many times in a row before becoming ready is not restarted again. */
const MAX_START_FAILURES = 3;

export function createPoseEngine(options: PoseEngineOptions = {}): LocalPoseEngine {
  const opts = PoseEngineOptionsSchema.parse(options);
  const models = ['movenet-multipose', ...(opts.topdown ? ['centernet', 'movenet-thunder'] : [])];
  const init: WorkerInit = {
    modelsDir: opts.modelsDir,
    wasmDir: join(REPO_ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'),
    models,
    warmupSize: opts.defaultInputSize,
    topdownFinder: opts.topdownFinder,
  };
  const entry = workerEntry(join(REPO_ROOT, '.cache', 'engine'));
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  let startFailures = 0;
  /** Workers started to replace one that died or was stopped at a deadline. */
  let restarts = 0;
  let fatal: string | undefined;
  /** Parts jobs given to an idle worker (whole-body requests with 2+ people split in two). */
  let partsJobs = 0;
  /** Recent job durations (ms), for Retry-After. */
  let meanJobMs = 400;
  let readyResolve!: () => void;
  let readyReject!: (e: unknown) => void;
  const readyPromise = new Promise<void>((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });
  // Callers that never await ready() must not see an unhandled rejection.
  readyPromise.catch(() => undefined);

  function spawn(): Slot {
    // A smaller young generation than V8's default: the worker's JS makes little short-lived
    // garbage (pixels and tensors live in ArrayBuffers / wasm memory); saves ~10 MB RSS per worker.
    const worker = new Worker(entry.url, {
      workerData: init,
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    const slot: Slot = {
      worker,
      ready: false,
      job: undefined,
      loadMs: 0,
      warmupMs: 0,
      memoryWaiters: new Map(),
    };
    worker.on('message', (raw: unknown) => onMessage(slot, raw));
    worker.on('error', (error) => onDeath(slot, error.message));
    worker.on('exit', (code) => onDeath(slot, `worker exited with code ${code}`));
    slots.push(slot);
    return slot;
  }

  function onMessage(slot: Slot, raw: unknown): void {
    const parsed = FromWorker.safeParse(raw);
    if (!parsed.success) return;
    const msg = parsed.data;
    switch (msg.type) {
      case 'ready':
        slot.ready = true;
        slot.loadMs = msg.loadMs;
        slot.warmupMs = msg.warmupMs;
        startFailures = 0;
        if (slots.every((s) => s.ready)) readyResolve();
        dispatch();
        return;
      case 'fatal':
        fatal = msg.message;
        void slot.worker.terminate();
        return;
      case 'split-offer':
        onSplitOffer(slot, msg.id, msg.people);
        return;
      case 'memory':
        slot.memoryWaiters.get(msg.id)?.({ numTensors: msg.numTensors, numBytes: msg.numBytes });
        slot.memoryWaiters.delete(msg.id);
        return;
      case 'result':
      case 'error': {
        const job = slot.job;
        if (!job || job.id !== msg.id) return;
        slot.job = undefined;
        const ms = performance.now() - (job.startedAt ?? job.enqueuedAt);
        if (job.message.type === 'estimate') meanJobMs = meanJobMs * 0.8 + ms * 0.2;
        if (msg.type === 'result') {
          const answer: WorkerAnswer = {
            width: msg.width,
            height: msg.height,
            people: msg.people,
            timings: msg.timings,
            model: msg.model,
          };
          const helper = job.helper;
          if (helper) {
            // The offering worker sent back its own persons first, the helper's were the rest:
            // concatenated, they are in the original order. A failed helper fails the request
            // with its error (ENGINE_UNAVAILABLE / ENGINE_TIMEOUT / INTERNAL), as a failed
            // worker does today.
            helper.then(
              (h) =>
                job.resolve({
                  ...answer,
                  people: [...answer.people, ...h.people],
                  timings: { ...answer.timings, helper: h.ms },
                }),
              (e: unknown) => job.reject(e),
            );
          } else {
            job.resolve(answer);
          }
        } else {
          job.reject(
            new PoseError(msg.code, msg.code === 'INTERNAL' ? undefined : msg.message, {
              cause: msg.message,
            }),
          );
        }
        dispatch();
        return;
      }
    }
  }

  function onDeath(slot: Slot, reason: string): void {
    const index = slots.indexOf(slot);
    if (index === -1) return; // 'error' is followed by 'exit': handle once
    slots.splice(index, 1);
    for (const resolve of slot.memoryWaiters.values()) resolve({ numTensors: -1, numBytes: -1 });
    if (slot.job) {
      slot.job.reject(
        new PoseError('ENGINE_UNAVAILABLE', 'The pose worker stopped while analysing this image.', {
          cause: reason,
        }),
      );
      slot.job = undefined;
    }
    if (closed) return;
    if (!slot.ready) startFailures++;
    if (startFailures >= MAX_START_FAILURES) {
      const why = fatal ?? reason;
      readyReject(new PoseError('ENGINE_UNAVAILABLE', `The pose engine could not start: ${why}`));
      if (slots.length === 0)
        for (const job of queue.splice(0)) job.reject(new PoseError('ENGINE_UNAVAILABLE'));
      return;
    }
    restarts++;
    spawn();
  }

  /**
   * A worker found 2+ people for a whole-body request and asks whether to share the crops. Only a
   * worker that is idle right now, with nobody queued, is taken: a split never delays another
   * request. The offering worker keeps the first ceil(n/2) persons (it already has the image
   * decoded); the helper decodes the bytes itself (~10-20 ms) for the rest.
   */
  function onSplitOffer(slot: Slot, id: number, people: WorkerPerson[]): void {
    const job = slot.job;
    const idle = slots.find((s) => s !== slot && s.ready && !s.job);
    let keep = people.length;
    if (job && job.id === id && !job.done && job.splitBytes && idle && queue.length === 0) {
      keep = Math.ceil(people.length / 2);
      const base = job.message;
      const message: PartsJob = {
        type: 'parts',
        id: nextId++,
        bytes: job.splitBytes,
        inputSize: base.inputSize,
        mode: base.mode,
        maxPixels: base.maxPixels,
        parts: base.parts,
        quality: base.quality,
        people: people.slice(keep),
      };
      job.splitBytes = undefined;
      job.helper = runHelper(idle, message, job.deadlineAt);
      // Until the request's own result arrives nobody awaits the helper: keep a failure handled.
      job.helper.catch(() => undefined);
      partsJobs++;
    }
    slot.worker.postMessage({ type: 'split-reply', id, keep });
  }

  /** Runs a parts job on the idle `slot`, bounded by the request's deadline. */
  function runHelper(
    slot: Slot,
    message: PartsJob,
    deadlineAt: number,
  ): Promise<{ people: WorkerPerson[]; ms: number }> {
    return new Promise((resolve, reject) => {
      const startedAt = performance.now();
      const job: Job = {
        id: message.id,
        message,
        enqueuedAt: startedAt,
        startedAt,
        deadlineAt,
        done: false,
        resolve: (v) => {
          if (job.done) return;
          job.done = true;
          job.cleanup();
          resolve({ people: v.people, ms: performance.now() - startedAt });
        },
        reject: (e) => {
          if (job.done) return;
          job.done = true;
          job.cleanup();
          reject(e);
        },
        cleanup: () => undefined,
      };
      const timer = setTimeout(
        () => {
          job.reject(new PoseError('ENGINE_TIMEOUT'));
          // Same rule as a request's own worker: one still busy past the deadline is replaced.
          if (slot.job === job) void slot.worker.terminate();
        },
        Math.max(0, deadlineAt - performance.now()),
      );
      job.cleanup = () => clearTimeout(timer);
      slot.job = job;
      slot.worker.postMessage(message, [message.bytes.buffer]);
    });
  }

  function dispatch(): void {
    for (const slot of slots) {
      if (!slot.ready || slot.job) continue;
      const job = queue.shift();
      if (!job) return;
      job.startedAt = performance.now();
      slot.job = job;
      // The bytes are the engine's own copy (made in estimate()): move them, do not clone them again.
      slot.worker.postMessage(job.message, [job.message.bytes.buffer]);
    }
  }

  for (let i = 0; i < opts.workers; i++) spawn();

  async function runJob(
    message: EstimateJob,
    signal: AbortSignal | undefined,
  ): Promise<WorkerAnswer & { queueMs: number }> {
    return new Promise((resolve, reject) => {
      const enqueuedAt = performance.now();
      const job: Job = {
        id: message.id,
        message,
        enqueuedAt,
        deadlineAt: enqueuedAt + opts.deadlineMs,
        // Only whole-body requests can be split; body-only ones copy nothing more.
        ...(message.parts.length > 0 ? { splitBytes: new Uint8Array(message.bytes) } : {}),
        done: false,
        resolve: (v) => {
          if (job.done) return;
          job.done = true;
          job.cleanup();
          resolve({ ...v, queueMs: (job.startedAt ?? job.enqueuedAt) - job.enqueuedAt });
        },
        reject: (e) => {
          if (job.done) return;
          job.done = true;
          job.cleanup();
          reject(e);
        },
        cleanup: () => undefined,
      };
      const timer = setTimeout(() => {
        const queued = queue.indexOf(job);
        if (queued !== -1) queue.splice(queued, 1);
        job.reject(new PoseError('ENGINE_TIMEOUT'));
        // A worker still busy with this job past the deadline is stuck or far too slow: replace
        // it so capacity comes back (the wasm computation cannot be interrupted otherwise).
        const slot = slots.find((s) => s.job === job);
        if (slot) void slot.worker.terminate();
      }, opts.deadlineMs);
      const onAbort = () => {
        const queued = queue.indexOf(job);
        if (queued === -1) return; // already running: let it finish, the caller ignores it
        queue.splice(queued, 1);
        job.reject(signal?.reason ?? new DOMException('aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      job.cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      queue.push(job);
      dispatch();
    });
  }

  return {
    options: opts,
    ready: () => readyPromise,
    async estimate(image: Uint8Array, options: AnalyseOptions): Promise<EngineAnswer> {
      if (closed) throw new PoseError('ENGINE_UNAVAILABLE', 'The pose engine is shut down.');
      options.signal?.throwIfAborted();
      if (slots.length === 0) throw new PoseError('ENGINE_UNAVAILABLE');
      const probe = await probeImage(image, opts.maxPixels);
      // The caller may have gone while the header was read: do not queue work nobody waits for.
      options.signal?.throwIfAborted();
      if (queue.length >= opts.maxQueue) {
        const waitMs = (meanJobMs * (queue.length + 1)) / Math.max(1, slots.length);
        throw new PoseError('BUSY', undefined, { retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) });
      }
      // Without the top-down models loaded, requests that do not ask for a mode get MultiPose.
      const mode = options.mode ?? (opts.topdown ? opts.defaultMode : 'multipose');
      if (mode === 'topdown' && !opts.topdown) {
        throw new PoseError('ENGINE_UNAVAILABLE', 'Top-down mode is switched off in this engine.');
      }
      // A private copy is moved to the worker: the caller's buffer stays usable.
      const bytes = new Uint8Array(image);
      const message: EstimateJob = {
        type: 'estimate',
        id: nextId++,
        bytes,
        inputSize: options.inputSize ?? opts.defaultInputSize,
        mode,
        maxPixels: opts.maxPixels,
        // Body is always there; feet, faces and hands when asked (see README and jobParts).
        parts: jobParts(options.parts),
        quality: options.quality ?? 'fast',
      };
      const answer = await runJob(message, options.signal);
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
      };
      return { result, meta, personScores: people.map((p) => p.score) };
    },
    stats() {
      return {
        workers: slots.length,
        busy: slots.filter((s) => s.job).length,
        queued: queue.length,
        ready: slots.length > 0 && slots.every((s) => s.ready),
        models,
        restarts,
        partsJobs,
      };
    },
    loadTimes: () => slots.filter((s) => s.ready).map((s) => ({ loadMs: s.loadMs, warmupMs: s.warmupMs })),
    async workerMemory() {
      return Promise.all(
        slots
          .filter((s) => s.ready)
          .map(
            (s) =>
              new Promise<{ numTensors: number; numBytes: number }>((resolve) => {
                const id = nextId++;
                s.memoryWaiters.set(id, resolve);
                s.worker.postMessage({ type: 'memory', id });
              }),
          ),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0))
        job.reject(new PoseError('ENGINE_UNAVAILABLE', 'The pose engine is shutting down.'));
      await Promise.all([...slots].map((s) => s.worker.terminate()));
      readyReject(new PoseError('ENGINE_UNAVAILABLE', 'The pose engine was closed.'));
    },
  };
}

function round1(ms: number): number {
  return Math.round(Math.max(0, ms) * 10) / 10;
}

function roundTimings(t: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round1(v)]));
}
