import { zValidator } from '@hono/zod-validator';
import { failureEnvelope } from '@/contract/envelope-builders';
import { AnalyseQuery } from './analyse-request';

/** Validates the analysis options; a bad one answers 400 in the envelope, naming the parameter. */
export const analyseQueryValidator = zValidator('query', AnalyseQuery, (outcome, c) => {
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
