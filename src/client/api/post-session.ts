import { useMutation, useQueryClient } from '@tanstack/react-query';
import { normaliseEnvelope } from '@/contract/normalise';
import { healthQueryKey } from './get-health';
import { sessionQueryKey } from './get-session';

// POST /api/session { passcode }: 204 and an HttpOnly cookie, or a failure envelope.

export class SignInError extends Error {
  readonly status: number;
  readonly resultCode: number | undefined;
  constructor(message: string, status: number, resultCode?: number) {
    super(message);
    this.name = 'SignInError';
    this.status = status;
    this.resultCode = resultCode;
  }
}

export async function postSession(passcode: string): Promise<void> {
  const res = await fetch('/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ passcode }),
  });
  if (res.ok) return;
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new SignInError(`HTTP ${res.status}`, res.status);
  }
  const outcome = normaliseEnvelope(json);
  if (outcome.ok && !outcome.envelope.header.isSuccessful) {
    throw new SignInError(
      outcome.envelope.header.resultMessage,
      res.status,
      outcome.envelope.header.resultCode,
    );
  }
  throw new SignInError(`HTTP ${res.status}`, res.status);
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: postSession,
    // Health tells a signed-in caller more (provider, limits) than an anonymous one.
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: sessionQueryKey }),
        client.invalidateQueries({ queryKey: healthQueryKey }),
      ]),
  });
}
