import type * as WorkerThreads from 'node:worker_threads';

// For the engine's crash tests only: the engine has no test hook, so these tests wrap Node's own
// Worker class. Its behaviour is unchanged except that the worker handed the next message of the
// armed type is terminated right after (like a crash inside wasm), so the engine's real
// death-and-restart path runs.

/** Shared between a test and the wrapped Worker class (create it with vi.hoisted). */
export interface KillSwitch {
  /** Message type ('estimate', 'parts') whose next receiver is stopped; undefined = disarmed. */
  killOnNext: string | undefined;
  killed: number;
}

export function workerThreadsWithKillSwitch(
  original: typeof WorkerThreads,
  killSwitch: KillSwitch,
): typeof WorkerThreads {
  class KillableWorker extends original.Worker {
    override postMessage(...args: Parameters<InstanceType<typeof original.Worker>['postMessage']>): void {
      super.postMessage(...args);
      const [message] = args;
      const type =
        typeof message === 'object' && message !== null && 'type' in message ? message.type : undefined;
      if (type !== undefined && type === killSwitch.killOnNext) {
        killSwitch.killOnNext = undefined;
        killSwitch.killed++;
        void this.terminate();
      }
    }
  }
  return { ...original, Worker: KillableWorker };
}
