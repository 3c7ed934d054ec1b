import { Hono } from 'hono';
import { successEnvelope } from '@/contract/envelope-builders';
import { PoseError } from '@/contract/pose-errors';
import { safeEqual } from '@/server/http/access-session';
import type { AppEnv } from '@/server/http/app-env';
import type { PoseProvider } from '@/server/providers/pose-provider';
import type { UploadLimits } from '@/server/upload/read-upload';
import { analyseRequest } from './analyse-request';
import { analyseQueryValidator } from './query-validator';

/**
 * POST /v1.0/appkeys/:appKey/pose: NHN's own path, answered by the embedded engine, so NHN's
 * curl line works against localhost unchanged. Any appKey is accepted. With LOCAL_ENGINE_SECRET
 * set, `Authorization` must equal it (raw, like NHN). The answer is the bare NHN envelope.
 */
export function nhnCompatRoute(
  localProvider: () => PoseProvider | undefined,
  limits: UploadLimits,
  engineSecret: string | undefined,
): Hono<AppEnv> {
  const route = new Hono<AppEnv>();
  route.post('/appkeys/:appKey/pose', analyseQueryValidator, async (c) => {
    if (engineSecret) {
      const given = c.req.header('authorization');
      if (!given)
        throw new PoseError('UNAUTHORIZED', 'Send the LOCAL_ENGINE_SECRET in the Authorization header.');
      if (!safeEqual(given, engineSecret)) throw new PoseError('FORBIDDEN');
    }
    const provider = localProvider();
    if (!provider) {
      throw new PoseError(
        'ENGINE_UNAVAILABLE',
        'The NHN-compatible route needs the embedded engine, which is not running.',
        {
          retryAfterSec: 60,
        },
      );
    }
    const { result } = await analyseRequest(c, provider, limits, c.req.valid('query'));
    c.header('X-Pose-Provider', 'local');
    c.header('Cache-Control', 'no-store');
    return c.json(successEnvelope(result));
  });
  return route;
}
