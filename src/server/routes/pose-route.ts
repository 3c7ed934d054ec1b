import { Hono } from 'hono';
import { successEnvelope } from '@/contract/envelope-builders';
import type { AppEnv } from '@/server/http/app-env';
import type { UploadLimits } from '@/server/upload/read-upload';
import { analyseRequest } from './analyse-request';
import type { ProviderChoice } from './provider-choice';
import { poseQueryValidator } from './query-validator';

/**
 * POST /api/pose: multipart field `image` -> normalised NHN envelope + meta. `?provider=` picks
 * local or nhn for this one request (refused before the upload is read when it is not available).
 */
export function poseRoute(providers: ProviderChoice, limits: UploadLimits): Hono<AppEnv> {
  const route = new Hono<AppEnv>();
  route.post('/', poseQueryValidator, async (c) => {
    const { provider: wanted, ...query } = c.req.valid('query');
    const provider = providers.pick(wanted);
    const { result, meta } = await analyseRequest(c, provider, limits, query);
    c.header('X-Pose-Provider', provider.name);
    c.header('Cache-Control', 'no-store');
    return c.json(successEnvelope(result, meta));
  });
  return route;
}
