import { Hono, type Context } from 'hono';
import type { ServerConfig } from '@/server/config';
import type { AppEnv } from '@/server/http/app-env';
import type { PoseProvider } from '@/server/providers/pose-provider';
import type { ProviderName } from './provider-choice';

/**
 * GET /api/health: which provider answers, which ones `POST /api/pose?provider=` can use,
 * whether the default can analyse now, and the limits. No secrets. With ACCESS_TOKEN set, an
 * anonymous caller only learns `{ "status": "ok" }`.
 */
export function healthRoute(
  config: ServerConfig,
  provider: PoseProvider,
  providers: readonly ProviderName[],
  /** With ACCESS_TOKEN set: whether this caller holds a session (anonymous callers get `{ status }`). */
  isSignedIn: (c: Context<AppEnv>) => Promise<boolean>,
): Hono<AppEnv> {
  const route = new Hono<AppEnv>();
  route.get('/', async (c) => {
    c.header('Cache-Control', 'no-store');
    // Liveness stays open for monitors; workers, limits and models are for signed-in users only.
    if (config.accessToken && !(await isSignedIn(c))) return c.json({ status: 'ok' });
    const details = provider.health();
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
        maxUploadsInFlight: config.maxUploadsInFlight,
        rateLimitPerMin: config.rateLimitPerMin ?? null,
      },
      accessTokenRequired: Boolean(config.accessToken),
      details,
    });
  });
  return route;
}
