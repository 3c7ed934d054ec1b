import { Hono } from 'hono';
import type { ServerConfig } from '@/server/config';
import type { AppEnv } from '@/server/http/app-env';
import type { PoseProvider } from '@/server/providers/pose-provider';

/** GET /api/health: which provider answers, whether it can analyse now, and the limits. No secrets. */
export function healthRoute(config: ServerConfig, provider: PoseProvider): Hono<AppEnv> {
  const route = new Hono<AppEnv>();
  route.get('/', (c) => {
    const details = provider.health();
    c.header('Cache-Control', 'no-store');
    return c.json({
      status: 'ok',
      provider: provider.name,
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
