import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '@/server/app';
import { loadConfig } from '@/server/config';
import { buildApp, imageForm, recordingProvider, solidJpeg } from '@/server/testing/route-kit';

// What a caller without a session may learn or start (ACCESS_TOKEN, NHN mode).

const TOKEN = 'team-passcode-42';
let jpeg: Uint8Array;
beforeAll(async () => {
  jpeg = await solidJpeg();
});

async function sessionCookie(app: ReturnType<typeof buildApp>['app']): Promise<string> {
  const res = await app.request('/api/session', {
    method: 'POST',
    body: JSON.stringify({ passcode: TOKEN }),
    headers: { 'content-type': 'application/json' },
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('GET /api/health with ACCESS_TOKEN', () => {
  it('answers only { status } to an anonymous caller, and everything once signed in', async () => {
    const { app } = buildApp({ ACCESS_TOKEN: TOKEN });
    const anonymous = await app.request('/api/health');
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ status: 'ok' });
    const signedIn = await app.request('/api/health', { headers: { cookie: await sessionCookie(app) } });
    expect(await signedIn.json()).toMatchObject({
      status: 'ok',
      provider: 'local',
      limits: { maxUploadBytes: 10 * 1024 * 1024 },
      details: { workers: 1 },
    });
  });

  it('stays complete without ACCESS_TOKEN', async () => {
    const { app } = buildApp();
    expect(await (await app.request('/api/health')).json()).toMatchObject({ provider: 'local', details: {} });
  });
});

describe('NHN-compatible route on an NHN-mode server', () => {
  function nhnModeApp(env: Record<string, string> = {}) {
    const engine = recordingProvider('local');
    let engineStarted = 0;
    const config = loadConfig({
      NHN_APPKEY: 'app',
      NHN_SECRET_KEY: 'nhn-secret-1234',
      LOG_FORMAT: 'off',
      ...env,
    });
    const { app } = createApp({
      config,
      provider: recordingProvider('nhn'),
      localProvider: () => {
        engineStarted += 1;
        return engine;
      },
    });
    const post = (headers: Record<string, string> = {}) =>
      app.request('/v1.0/appkeys/k/pose', { method: 'POST', body: imageForm(jpeg), headers });
    return { app, post, started: () => engineStarted };
  }

  it('does not start the offline engine for an anonymous caller (401)', async () => {
    const { post, started } = nhnModeApp();
    const res = await post();
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      header: {
        isSuccessful: false,
        resultCode: -40101,
        resultMessage: expect.stringMatching(/LOCAL_ENGINE_SECRET/),
      },
    });
    expect(started()).toBe(0);
  });

  it('answers with LOCAL_ENGINE_SECRET, or with a session', async () => {
    const withSecret = nhnModeApp({ LOCAL_ENGINE_SECRET: 'engine-pass-9' });
    expect((await withSecret.post({ authorization: 'engine-pass-9' })).status).toBe(200);
    const withToken = nhnModeApp({ ACCESS_TOKEN: TOKEN });
    const cookie = await sessionCookie(withToken.app);
    expect((await withToken.post({ cookie })).status).toBe(200);
    expect(withToken.started()).toBe(1);
  });
});
