import { Hono, type Context } from 'hono';
import { successEnvelope } from '@/contract/envelope-builders';
import { PoseError } from '@/contract/pose-errors';
import { safeEqual } from '@/server/http/access-session';
import type { AppEnv } from '@/server/http/app-env';
import type { PoseProvider } from '@/server/providers/pose-provider';
import type { UploadLimits } from '@/server/upload/read-upload';
import { analyseRequest } from './analyse-request';
import { analyseQueryValidator } from './query-validator';

export interface NhnCompatRouteDeps {
  localProvider: () => PoseProvider | undefined;
  limits: UploadLimits;
  engineSecret: string | undefined;
  accessToken: string | undefined;
  /** On an NHN-mode server the route would start the offline engine: only for known callers. */
  requireCredential: boolean;
  hasSession: (c: Context<AppEnv>) => Promise<boolean>;
}

/**
 * POST /v1.0/appkeys/:appKey/pose: NHN's own path, answered by the embedded engine, so NHN's
 * curl line works against localhost unchanged. Any appKey is accepted. With LOCAL_ENGINE_SECRET
 * set, `Authorization` must equal it (raw, like NHN) unless the caller holds a session. On a server
 * that uses NHN Cloud, the route needs LOCAL_ENGINE_SECRET, the passcode or a session: otherwise
 * any caller could start the offline engine there. The answer is the bare NHN envelope.
 */
export function nhnCompatRoute(deps: NhnCompatRouteDeps): Hono<AppEnv> {
  const { localProvider, limits, engineSecret, accessToken } = deps;
  const route = new Hono<AppEnv>();
  route.post('/appkeys/:appKey/pose', analyseQueryValidator, async (c) => {
    const given = c.req.header('authorization');
    const authorized =
      (given !== undefined &&
        ((engineSecret !== undefined && safeEqual(given, engineSecret)) ||
          (accessToken !== undefined && safeEqual(given, accessToken)))) ||
      (accessToken !== undefined && (await deps.hasSession(c)));
    if (engineSecret && !authorized) {
      if (!given)
        throw new PoseError('UNAUTHORIZED', 'Send the LOCAL_ENGINE_SECRET in the Authorization header.');
      throw new PoseError('FORBIDDEN');
    }
    if (deps.requireCredential && !authorized) {
      throw new PoseError(
        'UNAUTHORIZED',
        'This server analyses with NHN Cloud; its NHN-compatible route needs LOCAL_ENGINE_SECRET in the Authorization header, or a signed-in session.',
      );
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
