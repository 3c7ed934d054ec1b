import { PoseError } from '@/contract/pose-errors';
import { FieldPoseError } from '@/server/http/error-response';
import type { PoseProvider } from '@/server/providers/pose-provider';

// Which provider answers one POST /api/pose: the configured one, or the one `?provider=` asks
// for (issue 7's "compare across providers"). Getters stay lazy, so listing what is available
// (GET /api/health) never starts the engine's workers or opens a connection to NHN.

export type ProviderName = PoseProvider['name'];

export interface ProviderSources {
  /** The configured provider (POSE_PROVIDER / NHN keys). */
  provider: PoseProvider;
  /** The embedded engine; absent only in tests that run without it. */
  localProvider?: (() => PoseProvider | undefined) | undefined;
  /** The NHN client; present only when both NHN keys are configured. */
  nhnProvider?: (() => PoseProvider) | undefined;
}

export interface ProviderChoice {
  /** What this server can use, local first. */
  readonly available: readonly ProviderName[];
  /** The provider for `?provider=` (or the configured one when not given); throws a PoseError. */
  pick(wanted: ProviderName | undefined): PoseProvider;
}

export function createProviderChoice(sources: ProviderSources): ProviderChoice {
  const { provider } = sources;
  const local = sources.localProvider ?? (provider.name === 'local' ? () => provider : undefined);
  const nhn = provider.name === 'nhn' ? () => provider : sources.nhnProvider;
  const available: ProviderName[] = [...(local ? ['local' as const] : []), ...(nhn ? ['nhn' as const] : [])];
  return {
    available,
    pick(wanted) {
      if (wanted === undefined || wanted === provider.name) return provider;
      if (wanted === 'nhn') {
        if (!nhn) {
          throw new FieldPoseError(
            'MALFORMED_REQUEST',
            `provider=nhn needs NHN Cloud keys (NHN_APPKEY and NHN_SECRET_KEY) on this server; it can use: ${available.join(', ') || 'none'}.`,
            'query.provider',
          );
        }
        return nhn();
      }
      const engine = local?.();
      if (!engine) {
        throw new PoseError(
          'ENGINE_UNAVAILABLE',
          'provider=local needs the embedded engine, which this server does not run.',
          {
            retryAfterSec: 60,
          },
        );
      }
      return engine;
    },
  };
}
