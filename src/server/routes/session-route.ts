import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { PoseError } from '@/contract/pose-errors';
import { SESSION_COOKIE, SESSION_TTL_MS, safeEqual, type SessionSigner } from '@/server/http/access-session';
import type { AppEnv } from '@/server/http/app-env';
import { peerIsTrustedProxy, socketAddress, type TrustProxy } from '@/server/http/client-address';

const SignIn = z.object({ passcode: z.string().min(1).max(512) });

/** Wrong passcodes wait this long before the answer, milliseconds (slows guessing). */
const FAILED_SIGN_IN_DELAY_MS = 400;

/** Over https, directly or (as said by a proxy we trust) in front of us: the cookie gets Secure. */
function isHttps(c: Context<AppEnv>, trustProxy: TrustProxy): boolean {
  if (c.req.url.startsWith('https:')) return true;
  return (
    peerIsTrustedProxy(socketAddress(c), trustProxy) &&
    c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https'
  );
}

/**
 * GET /api/session    -> { required, signedIn }
 * POST /api/session   { "passcode": "..." } -> 204 + HttpOnly SameSite=Strict cookie, or 401
 * DELETE /api/session -> 204, cookie cleared
 */
export function sessionRoute(
  accessToken: string | undefined,
  signer: SessionSigner,
  trustProxy: TrustProxy,
): Hono<AppEnv> {
  const route = new Hono<AppEnv>();
  route.get('/', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({
      required: Boolean(accessToken),
      signedIn: !accessToken || signer.verify(getCookie(c, SESSION_COOKIE)),
    });
  });
  // A passcode fits in a few hundred bytes: never buffer more than 4 KB here.
  const smallBody = bodyLimit({
    maxSize: 4096,
    onError: () => {
      throw new PoseError('FILE_TOO_LARGE', 'The sign-in request is too large.');
    },
  });
  route.post('/', smallBody, async (c) => {
    if (!accessToken) return c.body(null, 204);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new PoseError('MALFORMED_REQUEST', 'Send JSON: { "passcode": "..." }.');
    }
    const parsed = SignIn.safeParse(body);
    if (!parsed.success) throw new PoseError('MALFORMED_REQUEST', 'Send JSON: { "passcode": "..." }.');
    if (!safeEqual(parsed.data.passcode, accessToken)) {
      await new Promise((resolve) => setTimeout(resolve, FAILED_SIGN_IN_DELAY_MS));
      throw new PoseError('UNAUTHORIZED', 'Wrong passcode.');
    }
    setCookie(c, SESSION_COOKIE, signer.issue(), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: isHttps(c, trustProxy),
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    return c.body(null, 204);
  });
  route.delete('/', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
  return route;
}
