import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';

// GET /api/health: which provider answers and whether it can analyse right now.
// Lenient (looseObject): the server may add fields; the UI reads only these.

export const Health = z.looseObject({
  status: z.string(),
  /** Absent for an anonymous caller of a server with ACCESS_TOKEN: it answers only `{ status }`. */
  provider: z.enum(['local', 'nhn']).optional(),
  /** Providers POST /api/pose?provider= can use on this server (strings: a newer server may add one). */
  providers: z.array(z.string()).optional(),
  ready: z.boolean().optional(),
  /** Why the provider was chosen or why it is not ready, in the server's words. */
  reason: z.string().optional(),
  providerReason: z.string().optional(),
  model: z.string().optional(),
  limits: z
    .looseObject({
      /** Upload limit in bytes (the browser checks it before uploading). */
      maxUploadBytes: z.number().int().positive().optional(),
      maxImagePixels: z.number().int().positive().optional(),
    })
    .optional(),
  /** True when the server asks for an access token (GET/POST /api/session). */
  accessTokenRequired: z.boolean().optional(),
});
export type Health = z.infer<typeof Health>;

export class HealthError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'HealthError';
    this.status = status;
  }
}

export async function getHealth(signal?: AbortSignal): Promise<Health> {
  const res = await fetch('/api/health', { signal, headers: { Accept: 'application/json' } });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HealthError(`HTTP ${res.status}: the health check did not answer JSON`, res.status);
  }
  const parsed = Health.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || '(root)';
    throw new HealthError(`HTTP ${res.status}: unexpected health answer (${field})`, res.status);
  }
  return parsed.data;
}

export const healthQueryKey = ['health'] as const;

/**
 * Polls so the badge notices an engine that finishes loading after start-up: every 2 s while
 * the provider is not ready, every 30 s once it is.
 */
export function useHealth() {
  return useQuery({
    queryKey: healthQueryKey,
    queryFn: ({ signal }) => getHealth(signal),
    refetchInterval: (query) => (query.state.data?.ready === false || query.state.error ? 2_000 : 30_000),
    retry: 1,
  });
}
