import { createHmac, randomBytes, timingSafeEqual, createHash } from 'node:crypto';

// ACCESS_TOKEN sign-in: the passcode is exchanged for a signed, expiring session cookie.
// The signing key is random per server process, so a restart signs everybody out (by design:
// nothing to store, nothing to leak).

export const SESSION_COOKIE = 'posescope_session';
/** Session lifetime, milliseconds (12 h). */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Constant-time string comparison (hashing first makes the lengths equal). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export interface SessionSigner {
  issue(now?: number): string;
  verify(token: string | undefined, now?: number): boolean;
}

export function createSessionSigner(key: Buffer = randomBytes(32)): SessionSigner {
  const sign = (expires: string) =>
    createHmac('sha256', key).update(`posescope-session:${expires}`).digest('base64url');
  return {
    issue(now = Date.now()) {
      const expires = String(now + SESSION_TTL_MS);
      return `${expires}.${sign(expires)}`;
    },
    verify(token, now = Date.now()) {
      if (!token) return false;
      const match = /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!match) return false;
      const [, expires, signature] = match;
      if (!expires || !signature || Number(expires) <= now) return false;
      return safeEqual(signature, sign(expires));
    },
  };
}
