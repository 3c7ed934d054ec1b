import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';

// GET /api/session: whether this server asks for an access token and whether we hold a session.

export const SessionState = z.looseObject({ required: z.boolean(), signedIn: z.boolean() });
export type SessionState = z.infer<typeof SessionState>;

export const sessionQueryKey = ['session'] as const;

export async function getSession(signal?: AbortSignal): Promise<SessionState> {
  const res = await fetch('/api/session', {
    signal,
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  });
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new Error(`HTTP ${res.status}: the session check did not answer JSON`);
  }
  const parsed = SessionState.safeParse(json);
  if (!parsed.success) throw new Error(`HTTP ${res.status}: unexpected session answer`);
  return parsed.data;
}

export function useSession(enabled: boolean) {
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => getSession(signal),
    enabled,
    retry: 1,
  });
}
