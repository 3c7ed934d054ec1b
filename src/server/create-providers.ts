import type { ServerConfig } from './config';
import { createLocalProvider } from './providers/local-provider';
import { createNhnProvider } from './providers/nhn-provider';
import type { PoseProvider } from './providers/pose-provider';

export interface Providers {
  /** Serves POST /api/pose. */
  provider: PoseProvider;
  /** The embedded engine, created on first use (the NHN-compatible route, or provider=local). */
  localProvider: () => PoseProvider;
  /** The NHN client, only when both NHN keys are set (even with POSE_PROVIDER=local): ?provider=nhn. */
  nhnProvider: (() => PoseProvider) | undefined;
  close(): Promise<void>;
}

/** Builds the providers the config asks for. The engine's worker threads start only when needed. */
export function createProviders(config: ServerConfig): Providers {
  let local: PoseProvider | undefined;
  const localProvider = () => {
    local ??= createLocalProvider(async () => {
      // Imported lazily: with POSE_PROVIDER=nhn no model is loaded unless /v1.0 is called.
      const { createPoseEngine } = await import('./engine/pose-engine');
      return createPoseEngine({
        maxPixels: config.maxImagePixels,
        ...(config.engine.workers !== undefined ? { workers: config.engine.workers } : {}),
        ...(config.engine.maxQueue !== undefined ? { maxQueue: config.engine.maxQueue } : {}),
        ...(config.engine.timeoutMs !== undefined ? { deadlineMs: config.engine.timeoutMs } : {}),
        ...(config.engine.mode !== undefined ? { defaultMode: config.engine.mode } : {}),
        ...(config.engine.inputSize !== undefined ? { defaultInputSize: config.engine.inputSize } : {}),
      });
    });
    return local;
  };
  const nhnConfig = config.nhn;
  let nhn: PoseProvider | undefined;
  const nhnProvider = nhnConfig
    ? () => {
        // One client per server: its circuit breaker and concurrency limit must see every call.
        nhn ??= createNhnProvider(nhnConfig);
        return nhn;
      }
    : undefined;
  const provider = config.provider === 'nhn' && nhnProvider ? nhnProvider() : localProvider();
  return {
    provider,
    localProvider,
    nhnProvider,
    async close() {
      const others = [local, nhn].filter((p): p is PoseProvider => p !== undefined && p !== provider);
      await Promise.allSettled([provider.close(), ...others.map((p) => p.close())]);
    },
  };
}
