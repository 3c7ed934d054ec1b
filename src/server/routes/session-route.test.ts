import { generateSignedCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';
import { createApp } from '@/server/app';
import { loadConfig } from '@/server/config';
import { SESSION_COOKIE, createSessionCookies } from '@/server/http/access-session';
import { SignInGuard } from '@/server/http/sign-in-guard';
import { fromSocket, recordingProvider } from '@/server/testing/route-kit';

const TOKEN = 'team-passcode-42';

function setup(env: Record<string, string> = {}) {
  let now = 1_000_000;
  const key = new Uint8Array(32).fill(7);
  const guard = new SignInGuard({ now: () => now });
  const config = loadConfig({ ACCESS_TOKEN: TOKEN, LOG_FORMAT: 'off', ...env });
  const { app } = createApp({
    config,
    provider: recordingProvider(),
    sessions: createSessionCookies(key),
    signInGuard: guard,
  });
  return {
    app,
    key,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function signIn(
  app: ReturnType<typeof setup>['app'],
  passcode: string,
  headers: Record<string, string> = {},
) {
  return app.request(
    '/api/session',
    {
      method: 'POST',
      body: JSON.stringify({ passcode }),
      headers: { 'content-type': 'application/json', ...headers },
    },
    fromSocket('10.0.0.1'),
  );
}

describe('passcode guessing budget', () => {
  it('evaluates two of 200 parallel wrong guesses from a client; the right one works after the back-off', async () => {
    const { app, advance } = setup();
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => signIn(app, `guess-${i}`)));
    const statuses = answers.map((r) => r.status);
    // 401 = the passcode was compared; 429 = refused before comparing.
    // The first wrong passcode is free (a typo); the second starts the back-off.
    expect(statuses.filter((s) => s === 401)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(198);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { header: { resultMessage: string } }).header.resultMessage).toMatch(
      /Too many wrong passcodes/,
    );

    // Still inside the back-off: even the right passcode is not evaluated.
    expect((await signIn(app, TOKEN)).status).toBe(429);
    advance(1_000);
    const ok = await signIn(app, TOKEN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly/);
  });

  it('lets one typo through at once, then doubles the wait after each wrong passcode', async () => {
    const { app, advance } = setup();
    expect((await signIn(app, 'wrong-1')).status).toBe(401);
    expect((await signIn(app, 'wrong-2')).status).toBe(401);
    expect((await signIn(app, 'wrong-3')).headers.get('retry-after')).toBe('1');
    advance(1_000);
    expect((await signIn(app, 'wrong-3')).status).toBe(401);
    advance(1_000);
    const waiting = await signIn(app, 'wrong-4');
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
    advance(1_000);
    expect((await signIn(app, 'wrong-4')).status).toBe(401);
    expect((await signIn(app, 'wrong-5')).headers.get('retry-after')).toBe('4');
  });

  it('caps wrong guesses from many addresses together (30 a minute), on a loopback HOST too', async () => {
    const { app, advance } = setup({ TRUST_PROXY: '1', HOST: '127.0.0.1' });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        signIn(app, `guess-${i}`, { 'x-forwarded-for': `203.0.${Math.floor(i / 250)}.${i % 250}` }),
      ),
    );
    expect(answers.filter((r) => r.status === 401)).toHaveLength(30);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(170);
    const fresh = { 'x-forwarded-for': '198.51.100.1' };
    expect((await signIn(app, TOKEN, fresh)).status).toBe(429);
    advance(60_000);
    expect((await signIn(app, TOKEN, fresh)).status).toBe(204);
  });
});

describe('session cookie', () => {
  it("is hono's signed cookie: a cookie signed with the key is accepted, a tampered one is not", async () => {
    const { app, key } = setup();
    const valid = (await generateSignedCookie(SESSION_COOKIE, String(Date.now() + 60_000), key)).split(
      ';',
    )[0]!;
    const session = (cookie: string) => app.request('/api/session', { headers: { cookie } });
    expect(await (await session(valid)).json()).toEqual({ required: true, signedIn: true });
    const tampered = valid.replace(/=(\d)/, (_, d: string) => `=${(Number(d) + 1) % 10}`);
    expect(await (await session(tampered)).json()).toEqual({ required: true, signedIn: false });
    const expired = (await generateSignedCookie(SESSION_COOKIE, String(Date.now() - 1), key)).split(';')[0]!;
    expect(await (await session(expired)).json()).toEqual({ required: true, signedIn: false });
  });

  it('is Secure when a trusted proxy says the client used https, not when anyone else says so', async () => {
    const { app } = setup({ TRUST_PROXY: '10.0.0.1' });
    const viaProxy = await signIn(app, TOKEN, { 'x-forwarded-proto': 'https' });
    expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure/);
    const { app: direct } = setup({ TRUST_PROXY: '10.0.0.9' });
    const spoofed = await signIn(direct, TOKEN, { 'x-forwarded-proto': 'https' });
    expect(spoofed.status).toBe(204);
    expect(spoofed.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});
