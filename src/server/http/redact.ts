// Redaction of secrets from any text that may reach a log line or a response.

const REDACTED = '[redacted]';

/** Replaces every occurrence of every secret (secrets shorter than 4 chars are ignored: too noisy). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Redacts an unknown error into a short, single-line description for logs. */
export function describeError(error: unknown, secrets: readonly string[]): string {
  const parts: string[] = [];
  let current: unknown = error;
  // Follow `cause` a few levels: undici hides the socket error (ECONNRESET...) there.
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      const code = (current as Error & { code?: unknown }).code;
      parts.push(`${current.name}: ${current.message}${typeof code === 'string' ? ` [${code}]` : ''}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return redact(parts.join(' <- '), secrets).slice(0, 500);
}
