// The engine's worker pool: a bounded queue in front of worker threads, each job with a
// deadline; a worker that dies is replaced (and its request fails), one stuck past a deadline is
// stopped. A request may lend half of its crops to an idle worker: top-down ones their Lightning
// and Thunder crops, whole-body ones their persons' part crops.
// What a job is and how its answer is shaped lives in pose-engine.ts.
import { Worker } from 'node:worker_threads';
import { PoseError } from '@/contract/pose-errors';
import {
  FromWorker,
  type EstimateJob,
  type LendJob,
  type LentWork,
  type PartsJob,
  type WorkerInit,
  type WorkerPerson,
} from './worker-protocol';

export interface WorkerPoolOptions {
  /** Worker threads (each one core, its own models). */
  workers: number;
  /**
   * Jobs allowed to wait for a worker beyond the idle ones; past it run() throws BUSY.
   * 0: no queue, only as many jobs as there are idle workers.
   */
  maxQueue: number;
  /** Milliseconds from run() to answer, queue time included; past it ENGINE_TIMEOUT. */
  deadlineMs: number;
  /** The worker's entry module (worker-entry.ts). */
  entryUrl: URL;
  init: WorkerInit;
}

export interface WorkerAnswer {
  width: number;
  height: number;
  people: WorkerPerson[];
  unconfirmed: number;
  timings: Record<string, number>;
  model: string;
}

export interface WorkerPool {
  ready(): Promise<void>;
  /** Runs one estimate job; resolves with the worker's answer and the time it waited (ms). */
  run(message: EstimateJob, signal: AbortSignal | undefined): Promise<WorkerAnswer & { queueMs: number }>;
  stats(): {
    workers: number;
    busy: number;
    queued: number;
    ready: boolean;
    restarts: number;
    partsJobs: number;
    lendJobs: number;
  };
  loadTimes(): { loadMs: number; warmupMs: number }[];
  workerMemory(): Promise<{ numTensors: number; numBytes: number }[]>;
  close(): Promise<void>;
}

interface Job {
  id: number;
  message: EstimateJob | PartsJob | LendJob;
  enqueuedAt: number;
  /** ms since performance.timeOrigin when the request's deadline passes. */
  deadlineAt: number;
  /** Top-down and whole-body requests: a copy of the image bytes for helper jobs. */
  helperBytes?: Uint8Array<ArrayBuffer>;
  /** The helper's persons (with parts) when this request was split (see onSplitOffer). */
  helper?: Promise<{ people: WorkerPerson[]; ms: number }>;
  startedAt?: number;
  resolve: (value: WorkerAnswer) => void;
  reject: (error: unknown) => void;
  done: boolean;
  cleanup: () => void;
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

/**
 * A job's resolve and reject, settling it once: the first call wins and runs the job's cleanup
 * (timer, abort listener); a late answer after a timeout or an abort is ignored.
 */
function settleOnce(
  job: () => Job,
  resolve: (value: WorkerAnswer) => void,
  reject: (error: unknown) => void,
): Pick<Job, 'resolve' | 'reject'> {
  const settle =
    <A>(finish: (a: A) => void) =>
    (a: A) => {
      const j = job();
      if (j.done) return;
      j.done = true;
      j.cleanup();
      finish(a);
    };
  return { resolve: settle(resolve), reject: settle(reject) };
}

export function createWorkerPool(options: WorkerPoolOptions, nextId: () => number): WorkerPool {
  const init = options.init;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let closed = false;
  let startFailures = 0;
  /** Workers started to replace one that died or was stopped at a deadline. */
  let restarts = 0;
  let fatal: string | undefined;
  /** Parts jobs given to an idle worker (whole-body requests with 2+ people split in two). */
  let partsJobs = 0;
  /** Lend jobs given to an idle worker (a top-down request's MultiPose pass or crops). */
  let lendJobs = 0;
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
    const worker = new Worker(options.entryUrl, {
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
      case 'lend-offer':
        onLendOffer(slot, msg.id, msg.offer, msg.work);
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
            unconfirmed: msg.unconfirmed,
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
    const idle = helperFor(slot, id);
    let keep = people.length;
    if (job?.message.type === 'estimate' && job.helperBytes && idle) {
      keep = Math.ceil(people.length / 2);
      const base = job.message;
      const message: PartsJob = {
        type: 'parts',
        id: nextId(),
        request: id,
        bytes: job.helperBytes,
        inputSize: base.inputSize,
        mode: base.mode,
        maxPixels: base.maxPixels,
        parts: base.parts,
        quality: base.quality,
        people: people.slice(keep),
      };
      job.helper = runHelper(idle, message, job.deadlineAt);
      // Until the request's own result arrives nobody awaits the helper: keep a failure handled.
      job.helper.catch(() => undefined);
      partsJobs++;
    }
    slot.worker.postMessage({ type: 'split-reply', id, keep });
  }

  /**
   * An idle ready worker other than `slot`, when `slot` is still running request `id` and nobody
   * is queued: a helper job never makes another request wait.
   */
  function helperFor(slot: Slot, id: number): Slot | undefined {
    const job = slot.job;
    if (!job || job.id !== id || job.done || queue.length > 0) return undefined;
    return slots.find((s) => s !== slot && s.ready && !s.job);
  }

  /**
   * A worker could lend work of a top-down request: its MultiPose pass (asked for before CenterNet
   * runs, so both run at once) or 2+ crops of one model. With an idle helper (helperFor) the
   * helper decodes the bytes itself and does the work; of crops the requester keeps the first
   * ceil(n/2) (it has the image decoded already). The helper's answer is forwarded to the
   * requester, or null when the helper failed (the requester then does that work itself).
   */
  function onLendOffer(slot: Slot, id: number, offer: number, work: LentWork): void {
    const job = slot.job;
    const idle = helperFor(slot, id);
    const all = work.model === 'multipose' ? 1 : work.regions.length;
    let keep = all;
    if (job?.helperBytes && idle && (work.model === 'multipose' || all >= 2)) {
      keep = work.model === 'multipose' ? 0 : Math.ceil(all / 2);
      const message: LendJob = {
        type: 'lend',
        id: nextId(),
        request: id,
        bytes: job.helperBytes,
        maxPixels: job.message.maxPixels,
        work: work.model === 'multipose' ? work : { model: work.model, regions: work.regions.slice(keep) },
      };
      lendJobs++;
      runHelper(idle, message, job.deadlineAt)
        .then(
          (h) => h.people,
          () => null,
        )
        .then((people) => {
          // Sent even when the request has ended meanwhile: the worker forgets the offer then.
          if (slots.includes(slot)) slot.worker.postMessage({ type: 'lend-done', id, offer, people });
        });
    }
    slot.worker.postMessage({ type: 'lend-reply', id, offer, keep });
  }

  /** Runs a helper job on the idle `slot`, bounded by the request's deadline. */
  function runHelper(
    slot: Slot,
    message: PartsJob | LendJob,
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
        ...settleOnce(
          () => job,
          (v) => resolve({ people: v.people, ms: performance.now() - startedAt }),
          reject,
        ),
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
      // A copy of the request's bytes (a request may lend work more than once).
      slot.worker.postMessage(message);
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

  for (let i = 0; i < options.workers; i++) spawn();

  /**
   * Jobs a new one would wait behind (every worker busy or starting): 0 when one is idle. A worker
   * helping another request counts as idle: a helper job is short (a share of one photo's crops),
   * and lending work must never turn a request away.
   */
  function waitingAhead(): number {
    const idle = slots.filter((s) => s.ready && (!s.job || s.job.message.type !== 'estimate')).length;
    return Math.max(0, queue.length - idle + 1);
  }

  function run(
    message: EstimateJob,
    signal: AbortSignal | undefined,
  ): Promise<WorkerAnswer & { queueMs: number }> {
    if (closed) return Promise.reject(new PoseError('ENGINE_UNAVAILABLE', 'The pose engine is shut down.'));
    if (slots.length === 0) return Promise.reject(new PoseError('ENGINE_UNAVAILABLE'));
    if (waitingAhead() > options.maxQueue) {
      const waitMs = (meanJobMs * (queue.length + 1)) / Math.max(1, slots.length);
      return Promise.reject(
        new PoseError('BUSY', undefined, { retryAfterSec: Math.max(1, Math.ceil(waitMs / 1000)) }),
      );
    }
    return new Promise((resolve, reject) => {
      const enqueuedAt = performance.now();
      const job: Job = {
        id: message.id,
        message,
        enqueuedAt,
        deadlineAt: enqueuedAt + options.deadlineMs,
        // Only top-down and whole-body requests lend work; one MultiPose pass copies nothing more.
        ...(message.mode === 'topdown' || message.parts.length > 0
          ? { helperBytes: new Uint8Array(message.bytes) }
          : {}),
        done: false,
        ...settleOnce(
          () => job,
          (v) => resolve({ ...v, queueMs: (job.startedAt ?? job.enqueuedAt) - job.enqueuedAt }),
          reject,
        ),
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
      }, options.deadlineMs);
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
    ready: () => readyPromise,
    run,
    stats: () => ({
      workers: slots.length,
      busy: slots.filter((s) => s.job).length,
      queued: queue.length,
      ready: slots.length > 0 && slots.every((s) => s.ready),
      restarts,
      partsJobs,
      lendJobs,
    }),
    loadTimes: () => slots.filter((s) => s.ready).map((s) => ({ loadMs: s.loadMs, warmupMs: s.warmupMs })),
    async workerMemory() {
      return Promise.all(
        slots
          .filter((s) => s.ready)
          .map(
            (s) =>
              new Promise<{ numTensors: number; numBytes: number }>((resolve) => {
                const id = nextId();
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
