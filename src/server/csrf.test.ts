import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { buildApp, imageForm, solidJpeg } from './testing/route-kit';

let jpeg: Uint8Array;
beforeAll(async () => {
  jpeg = await solidJpeg();
});

function postFrom(
  app: ReturnType<typeof buildApp>['app'],
  headers: Record<string, string>,
  url = 'http://127.0.0.1:8080/api/pose',
) {
  return app.request(url, { method: 'POST', body: imageForm(jpeg), headers });
}

describe('cross-site POSTs (hono/csrf)', () => {
  it("accepts a browser POST through a proxy that rewrites Host (nginx's Host $proxy_host)", async () => {
    const { app, provider } = buildApp();
    // The browser is at https://poses.example.com; nginx forwarded to 127.0.0.1:8080 with that Host.
    const res = await postFrom(app, {
      host: '127.0.0.1:8080',
      origin: 'https://poses.example.com',
      'sec-fetch-site': 'same-origin',
    });
    expect(res.status).toBe(200);
    expect(provider.calls).toHaveLength(1);
  });

  it('accepts PUBLIC_ORIGIN without Sec-Fetch-Site and refuses other origins with 403', async () => {
    const { app, provider } = buildApp({ PUBLIC_ORIGIN: 'https://poses.example.com' });
    expect((await postFrom(app, { origin: 'https://poses.example.com' })).status).toBe(200);
    const evil = await postFrom(app, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({
      header: { isSuccessful: false, resultCode: -40301, resultMessage: 'Cross-site requests are refused.' },
    });
    expect(
      (await postFrom(app, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(403);
    expect((await postFrom(app, { origin: 'null' })).status).toBe(403);
    expect(provider.calls).toHaveLength(1);
  });

  it("accepts the request's own origin, and scripts that send no Origin at all", async () => {
    const { app } = buildApp();
    expect((await postFrom(app, { origin: 'http://127.0.0.1:8080' })).status).toBe(200);
    expect((await postFrom(app, {})).status).toBe(200);
  });

  it('refuses a cross-site JSON POST too (sign-in)', async () => {
    const { app } = buildApp({ ACCESS_TOKEN: 'team-passcode-42' });
    const res = await app.request('http://127.0.0.1:8080/api/session', {
      method: 'POST',
      body: JSON.stringify({ passcode: 'team-passcode-42' }),
      headers: {
        'content-type': 'application/json',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
    });
    expect(res.status).toBe(403);
  });

  it('reads PUBLIC_ORIGIN as a list of origins and refuses anything else', () => {
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://a.example, http://b.example:8080/' }).publicOrigins).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    expect(() => loadConfig({ PUBLIC_ORIGIN: 'poses.example.com' })).toThrow(/PUBLIC_ORIGIN/);
    expect(() => loadConfig({ PUBLIC_ORIGIN: 'https://a.example/app' })).toThrow(/PUBLIC_ORIGIN/);
  });
});
