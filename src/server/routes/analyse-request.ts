import type { Context } from 'hono';
import { z } from 'zod';
import { PoseSuccess, type PoseMeta, type PoseResult } from '@/contract/pose-envelope';
import { PoseError } from '@/contract/pose-errors';
import type { AppEnv } from '@/server/http/app-env';
import type { AnalyseOptions, PoseProvider } from '@/server/providers/pose-provider';
import { readUpload, type UploadLimits } from '@/server/upload/read-upload';

/** Query string of POST /api/pose: ?inputSize=384&mode=topdown&parts=body,hand&quality=fast */
export const AnalyseQuery = z.object({
  inputSize: z
    .union(
      [
        z.literal('256').transform(() => 256 as const),
        z.literal('384').transform(() => 384 as const),
        z.literal('512').transform(() => 512 as const),
      ],
      {
        message: 'must be 256, 384 or 512',
      },
    )
    .optional(),
  mode: z.enum(['multipose', 'topdown'], { message: 'must be multipose or topdown' }).optional(),
  parts: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((p) => p.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.enum(['body', 'foot', 'face', 'hand'], {
            message: 'must be a comma list of body, foot, face, hand',
          }),
        )
        .max(4),
    )
    .optional(),
  quality: z
    .enum(['fast', 'balanced', 'accurate'], { message: 'must be fast, balanced or accurate' })
    .optional(),
});
export type AnalyseQuery = z.infer<typeof AnalyseQuery>;

/**
 * Query string of POST /api/pose: the analysis options plus which provider answers, e.g.
 * ?provider=local&quality=accurate. Without `provider` the configured one answers.
 */
export const PoseQuery = AnalyseQuery.extend({
  provider: z.enum(['local', 'nhn'], { message: 'must be local or nhn' }).optional(),
});
export type PoseQuery = z.infer<typeof PoseQuery>;

export interface AnalysedRequest {
  result: PoseResult;
  meta: PoseMeta;
}

/**
 * The shared path of POST /api/pose and the NHN-compatible route: read and check the upload,
 * ask the provider, check what it answered against the strict contract.
 */
export async function analyseRequest(
  c: Context<AppEnv>,
  provider: PoseProvider,
  limits: UploadLimits,
  query: AnalyseQuery,
): Promise<AnalysedRequest> {
  const timings = c.get('timings');
  const log = c.get('log');
  log.provider = provider.name;
  const upload = await readUpload(c.req.raw, limits, timings);
  log.bytesIn = upload.bodyBytes;

  const options: AnalyseOptions = { ...query, signal: c.req.raw.signal };
  const started = performance.now();
  const answer = await provider.analyse(upload.image, options);
  const providerStages = answer.meta.timings ?? {};
  timings.merge(providerStages);
  // Whatever the provider did not itemise (dispatch, serialisation) is booked as "analyse".
  const itemised = Object.values(providerStages).reduce((a, b) => a + b, 0);
  timings.add('analyse', Math.max(0, performance.now() - started - itemised));

  const notes = [answer.meta.converted];
  if (upload.pages > 1)
    notes.push(`animated ${upload.image.format}: only the first of ${upload.pages} frames was analysed`);
  const converted = notes.filter(Boolean).join('; ');
  const meta: PoseMeta = {
    ...answer.meta,
    imageWidth: answer.meta.imageWidth ?? upload.image.width,
    imageHeight: answer.meta.imageHeight ?? upload.image.height,
    ...(converted ? { converted } : {}),
    timings: timings.toRecord(),
  };
  // Parse, don't trust: the browser draws from this, so it must meet the strict contract.
  const checked = PoseSuccess.safeParse({
    header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
    result: answer.result,
    meta,
  });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new PoseError(
      'INTERNAL',
      `The ${provider.name} provider produced an invalid result at ${issue?.path.map(String).join('.') ?? '?'}.`,
    );
  }
  log.persons = checked.data.result.numberOfPerson;
  return { result: checked.data.result, meta: checked.data.meta ?? meta };
}
