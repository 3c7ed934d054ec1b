import { Hono } from 'hono';
import type { ServerConfig } from '@/server/config';
import type { AppEnv } from '@/server/http/app-env';
import type { PoseProvider } from '@/server/providers/pose-provider';
import type { ProviderName } from './provider-choice';

/**
 * GET /api/health: which provider answers, which ones `POST /api/pose?provider=` can use,
 * whether the default can analyse now, and the limits. No secrets.
 */
export function healthRoute(
  config: ServerConfig,
  provider: PoseProvider,
  providers: readonly ProviderName[],
): Hono<AppEnv> {
  const route = new Hono<AppEnv>();
  route.get('/', (c) => {
    const details = provider.health();
    c.header('Cache-Control', 'no-store');
    return c.json({
      status: 'ok',
      provider: provider.name,
      providers: [...providers],
      providerReason: config.providerReason,
      ready: details.ready === true,
      ...(typeof details.reason === 'string' ? { reason: details.reason } : {}),
      limits: {
        maxUploadBytes: config.maxUploadBytes,
        maxImagePixels: config.maxImagePixels,
        rateLimitPerMin: config.rateLimitPerMin ?? null,
      },
      accessTokenRequired: Boolean(config.accessToken),
      details,
    });
  });
  return route;
}
