import { zValidator } from '@hono/zod-validator';
import type { z } from 'zod';
import { failureEnvelope } from '@/contract/envelope-builders';
import { AnalyseQuery, PoseQuery } from './analyse-request';

/** Validates a query schema; a bad parameter answers 400 in the envelope, naming the parameter. */
function queryValidator<T extends z.ZodType>(schema: T) {
  return zValidator('query', schema, (outcome, c) => {
    if (outcome.success) return undefined;
    const issue = outcome.error.issues[0];
    const name = issue?.path.map(String).join('.') || 'query';
    return c.json(
      failureEnvelope('MALFORMED_REQUEST', `Bad query parameter "${name}": ${issue?.message ?? 'invalid'}.`, {
        field: `query.${name}`,
      }),
      400,
    );
  });
}

/** The analysis options (the NHN-compatible route: always the embedded engine). */
export const analyseQueryValidator = queryValidator(AnalyseQuery);

/** POST /api/pose: the analysis options plus `provider=local|nhn`. */
export const poseQueryValidator = queryValidator(PoseQuery);
