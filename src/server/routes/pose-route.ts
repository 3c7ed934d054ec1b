import { Hono } from 'hono';
import { successEnvelope } from '@/contract/envelope-builders';
import type { AppEnv } from '@/server/http/app-env';
import type { PoseProvider } from '@/server/providers/pose-provider';
import type { UploadLimits } from '@/server/upload/read-upload';
import { analyseRequest } from './analyse-request';
import { analyseQueryValidator } from './query-validator';

/** POST /api/pose: multipart field `image` -> normalised NHN envelope + meta. */
export function poseRoute(provider: PoseProvider, limits: UploadLimits): Hono<AppEnv> {
  const route = new Hono<AppEnv>();
  route.post('/', analyseQueryValidator, async (c) => {
    const { result, meta } = await analyseRequest(c, provider, limits, c.req.valid('query'));
    c.header('X-Pose-Provider', provider.name);
    c.header('Cache-Control', 'no-store');
    return c.json(successEnvelope(result, meta));
  });
  return route;
}
