import { PoseError } from '@/contract/pose-errors';
import type { PoseEngine } from '@/server/engine/pose-engine-api';
import type { PoseProvider } from './pose-provider';

/**
 * The embedded engine behind the PoseProvider boundary. The engine is loaded lazily by
 * `loadEngine` (model files, worker threads); if that fails the server still runs and every
 * analysis answers 503 ENGINE_UNAVAILABLE with the reason, and /api/health says why.
 */
export function createLocalProvider(loadEngine: () => Promise<PoseEngine>): PoseProvider {
  let engine: PoseEngine | undefined;
  let failure: string | undefined;
  let ready = false;

  const loading = loadEngine().then(
    async (loaded) => {
      engine = loaded;
      try {
        await loaded.ready();
        ready = true;
      } catch (error) {
        failure = `the engine failed to start: ${error instanceof Error ? error.message : String(error)}`;
      }
      return loaded;
    },
    (error: unknown) => {
      failure = `the engine could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
      return undefined;
    },
  );

  return {
    name: 'local',
    async analyse(image, options) {
      const loaded = await loading;
      if (!loaded || failure) {
        throw new PoseError(
          'ENGINE_UNAVAILABLE',
          `The embedded pose engine is not available: ${failure ?? 'not loaded'}.`,
          {
            retryAfterSec: 30,
          },
        );
      }
      const { result, meta } = await loaded.estimate(image.bytes, options);
      return {
        result,
        meta: {
          ...meta,
          provider: 'local',
          imageWidth: meta.imageWidth ?? image.width,
          imageHeight: meta.imageHeight ?? image.height,
        },
      };
    },
    health() {
      if (failure) return { ready: false, reason: failure };
      if (!engine || !ready) return { ready: false, reason: 'loading models' };
      return { ...engine.stats(), ready: engine.stats().ready };
    },
    async close() {
      const loaded = await loading;
      await loaded?.close();
    },
  };
}
