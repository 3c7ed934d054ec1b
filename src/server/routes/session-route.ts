import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { PoseError } from '@/contract/pose-errors';
import { safeEqual, type SessionCookies } from '@/server/http/access-session';
import type { AppEnv } from '@/server/http/app-env';
import {
  clientAddress,
  peerIsTrustedProxy,
  socketAddress,
  type TrustProxy,
} from '@/server/http/client-address';
import type { SignInGuard } from '@/server/http/sign-in-guard';

const SignIn = z.object({ passcode: z.string().min(1).max(512) });

/** Over https, directly or (as said by a proxy we trust) in front of us: the cookie gets Secure. */
function isHttps(c: Context<AppEnv>, trustProxy: TrustProxy): boolean {
  if (c.req.url.startsWith('https:')) return true;
  return (
    peerIsTrustedProxy(socketAddress(c), trustProxy) &&
    c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https'
  );
}

export interface SessionRouteDeps {
  accessToken: string | undefined;
  sessions: SessionCookies;
  guard: SignInGuard;
  trustProxy: TrustProxy;
}

/**
 * GET /api/session    -> { required, signedIn }
 * POST /api/session   { "passcode": "..." } -> 204 + HttpOnly SameSite=Strict cookie, 401, or
 *                     429 + Retry-After while this client (or everybody) is out of guesses
 * DELETE /api/session -> 204, cookie cleared
 */
export function sessionRoute({ accessToken, sessions, guard, trustProxy }: SessionRouteDeps): Hono<AppEnv> {
  const route = new Hono<AppEnv>();
  route.get('/', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({
      required: Boolean(accessToken),
      signedIn: !accessToken || (await sessions.verify(c)),
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
    // From here to guard.failed() nothing awaits: the budget is checked and spent atomically.
    const client = clientAddress(c, trustProxy);
    const waitSec = guard.check(client);
    if (waitSec !== undefined) {
      throw new PoseError(
        'RATE_LIMITED',
        `Too many wrong passcodes. Wait ${waitSec} s before trying again.`,
        { retryAfterSec: waitSec },
      );
    }
    if (!safeEqual(parsed.data.passcode, accessToken)) {
      guard.failed(client);
      throw new PoseError('UNAUTHORIZED', 'Wrong passcode.');
    }
    guard.succeeded(client);
    await sessions.issue(c, isHttps(c, trustProxy));
    return c.body(null, 204);
  });
  route.delete('/', (c) => {
    sessions.clear(c);
    return c.body(null, 204);
  });
  return route;
}
