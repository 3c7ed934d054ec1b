import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';

// ACCESS_TOKEN sign-in: the passcode is exchanged for a signed, expiring session cookie (hono's
// signed cookies: HMAC-SHA256 over the value). The signing key is random per server process, so
// a restart signs everybody out (by design: nothing to store, nothing to leak).

export const SESSION_COOKIE = 'posescope_session';
/** Session lifetime, milliseconds (12 h). */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Constant-time string comparison (hashing first makes the lengths equal). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export interface SessionCookies {
  /** Sets the session cookie (HttpOnly, SameSite=Strict, Secure when `secure`). */
  issue(c: Context, secure: boolean, now?: number): Promise<void>;
  /** True when the request carries an unexpired cookie signed by this process. */
  verify(c: Context, now?: number): Promise<boolean>;
  clear(c: Context): void;
}

export function createSessionCookies(key: Uint8Array = randomBytes(32)): SessionCookies {
  // hono signs with Web Crypto; a copy in a plain ArrayBuffer is what BufferSource wants.
  const secret = new Uint8Array(key);
  return {
    async issue(c, secure, now = Date.now()) {
      // The value is the expiry (ms since epoch): the signature makes it unforgeable, and the
      // server does not rely on the browser honouring Max-Age.
      await setSignedCookie(c, SESSION_COOKIE, String(now + SESSION_TTL_MS), secret, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure,
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
    },
    async verify(c, now = Date.now()) {
      const value = await getSignedCookie(c, secret, SESSION_COOKIE);
      if (typeof value !== 'string' || !/^\d{1,16}$/.test(value)) return false;
      return Number(value) > now;
    },
    clear(c) {
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
    },
  };
}
