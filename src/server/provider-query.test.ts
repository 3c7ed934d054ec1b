import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoseFailure, PoseSuccess } from '@/contract/pose-envelope';
import { FIXTURE_PERSONS, startFakeNhnUpstream, type FakeNhnUpstream } from '../../e2e/fake-nhn-upstream';
import { createApp } from './app';
import { loadConfig } from './config';
import { createProviders } from './create-providers';
import type { PoseEngine } from './engine/pose-engine-api';
import { createLocalProvider } from './providers/local-provider';
import { createNhnProvider } from './providers/nhn-provider';
import type { AnalyseOptions, PoseProvider } from './providers/pose-provider';

// POST /api/pose?provider=local|nhn and GET /api/health's `providers` (issue 7, compare across
// providers). NHN is the fake upstream on loopback through the real NHN client; "local" is the
// real local provider around an in-test engine (the real engine is exercised by
// providers/local-provider.test.ts), so each answer shows which side produced it.

const SECRET = 'nhn-Secret-Key-provider-query-77';
const APPKEY = 'team-app';
let fake: FakeNhnUpstream;
let jpeg: Uint8Array;

beforeAll(async () => {
  fake = await startFakeNhnUpstream({ appKey: APPKEY, secretKey: SECRET });
  jpeg = new Uint8Array(
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#777' } })
      .jpeg()
      .toBuffer(),
  );
});

afterAll(async () => {
  await fake.close();
});

/** The local provider over an engine that answers one nose at a fixed spot, recording options. */
function localWithEngine(): { provider: PoseProvider; calls: AnalyseOptions[] } {
  const calls: AnalyseOptions[] = [];
  const engine: PoseEngine = {
    ready: async () => undefined,
    async estimate(_bytes, options) {
      calls.push(options);
      return {
        result: {
          fileType: 'jpg',
          numberOfPerson: 1,
          keyPointList: [
            {
              personId: '0',
              inferKeypointList: [{ name: 'nose', part: 'body', x: 123, y: 45, score: 0.9 }],
            },
          ],
        },
        meta: { provider: 'local', model: 'in-test-engine@256' },
      };
    },
    stats: () => ({ workers: 1, busy: 0, queued: 0, ready: true, models: ['in-test'] }),
    close: async () => undefined,
  };
  return { provider: createLocalProvider(async () => engine), calls };
}

function nhnEnv(extra: Record<string, string> = {}) {
  return {
    NHN_APPKEY: APPKEY,
    NHN_SECRET_KEY: SECRET,
    NHN_API_BASE_URL: fake.url,
    NHN_TIMEOUT_MS: '1500',
    LOG_FORMAT: 'off',
    ...extra,
  };
}

/** A server the way main.ts builds it, except that the engine is the in-test one. */
function setup(env: Record<string, string>) {
  const config = loadConfig(env);
  const local = localWithEngine();
  const nhn = config.nhn ? createNhnProvider(config.nhn, { retryDelayMs: 10 }) : undefined;
  const provider = config.provider === 'nhn' && nhn ? nhn : local.provider;
  const lines: string[] = [];
  const { app } = createApp({
    config,
    provider,
    localProvider: () => local.provider,
    nhnProvider: nhn ? () => nhn : undefined,
    logSink: (line) => lines.push(line),
  });
  return { app, local, lines };
}

async function upload(app: ReturnType<typeof setup>['app'], query = '', name = 'ok-provider.jpg') {
  const data = new FormData();
  data.append('image', new Blob([jpeg as Uint8Array<ArrayBuffer>]), name);
  return app.request(`/api/pose${query}`, { method: 'POST', body: data });
}

async function health(app: ReturnType<typeof setup>['app']) {
  return (await (await app.request('/api/health')).json()) as { provider: string; providers: string[] };
}

describe('POST /api/pose?provider=', () => {
  it('with NHN keys and POSE_PROVIDER=local: default and provider=local use the engine, provider=nhn the cloud', async () => {
    const { app, local } = setup(nhnEnv({ POSE_PROVIDER: 'local' }));
    const before = fake.requests.length;

    const plain = await upload(app);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('x-pose-provider')).toBe('local');
    expect(PoseSuccess.parse(await plain.json()).meta).toMatchObject({ provider: 'local' });

    const viaNhn = await upload(app, '?provider=nhn');
    expect(viaNhn.status).toBe(200);
    expect(viaNhn.headers.get('x-pose-provider')).toBe('nhn');
    const nhnBody = PoseSuccess.parse(await viaNhn.json());
    expect(nhnBody.meta).toMatchObject({ provider: 'nhn', model: 'nhn-cloud', imageWidth: 400 });
    const wrist = nhnBody.result.keyPointList[0]!.inferKeypointList[9]!;
    expect(wrist.x).toBeCloseTo(FIXTURE_PERSONS[0]!.keypoints[9]!.fx * 400, 3);
    expect(fake.requests.length).toBe(before + 1);

    const viaLocal = await upload(app, '?provider=local&quality=fast');
    expect(viaLocal.status).toBe(200);
    expect(viaLocal.headers.get('x-pose-provider')).toBe('local');
    const localBody = PoseSuccess.parse(await viaLocal.json());
    expect(localBody.meta).toMatchObject({ provider: 'local', model: 'in-test-engine@256' });
    expect(localBody.result.keyPointList[0]!.inferKeypointList[0]).toMatchObject({ x: 123, y: 45 });
    expect(fake.requests.length).toBe(before + 1);
    // The provider choice is the route's business: the engine sees only its own options.
    expect(local.calls).toHaveLength(2);
    expect(local.calls[1]).toMatchObject({ quality: 'fast' });
    expect(local.calls[1]).not.toHaveProperty('provider');
  });

  it('with NHN as the default: provider=local reaches the embedded engine without calling NHN', async () => {
    const { app, local } = setup(nhnEnv());
    const before = fake.requests.length;
    const res = await upload(app, '?provider=local');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-pose-provider')).toBe('local');
    expect(PoseSuccess.parse(await res.json()).meta?.provider).toBe('local');
    expect(fake.requests.length).toBe(before);
    expect(local.calls).toHaveLength(1);

    const dflt = await upload(app);
    expect(dflt.headers.get('x-pose-provider')).toBe('nhn');
    const explicit = await upload(app, '?provider=nhn');
    expect(explicit.headers.get('x-pose-provider')).toBe('nhn');
    expect(fake.requests.length).toBe(before + 2);
  });

  it('without NHN keys: provider=nhn is a 400 envelope naming what is missing, before any analysis', async () => {
    const { app, local, lines } = setup({ LOG_FORMAT: 'off' });
    const res = await upload(app, '?provider=nhn');
    expect(res.status).toBe(400);
    const body = PoseFailure.parse(await res.json());
    expect(body.header.resultCode).toBe(-40002);
    expect(body.header.resultMessage).toBe(
      'provider=nhn needs NHN Cloud keys (NHN_APPKEY and NHN_SECRET_KEY) on this server; it can use: local.',
    );
    expect(body.field).toBe('query.provider');
    expect(local.calls).toHaveLength(0);
    expect(lines).toHaveLength(1);

    const ok = await upload(app, '?provider=local');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-pose-provider')).toBe('local');
  });

  it('refuses an unknown provider through the query validator', async () => {
    const { app, local } = setup(nhnEnv({ POSE_PROVIDER: 'local' }));
    const res = await upload(app, '?provider=cloud');
    expect(res.status).toBe(400);
    const body = PoseFailure.parse(await res.json());
    expect(body.header.resultMessage).toBe('Bad query parameter "provider": must be local or nhn.');
    expect(body.field).toBe('query.provider');
    expect(local.calls).toHaveLength(0);
  });

  it('answers 503 for provider=local on a server that runs no engine', async () => {
    const config = loadConfig(nhnEnv());
    const nhn = createNhnProvider(config.nhn!, { retryDelayMs: 10 });
    const { app } = createApp({ config, provider: nhn });
    const data = new FormData();
    data.append('image', new Blob([jpeg as Uint8Array<ArrayBuffer>]), 'ok.jpg');
    const res = await app.request('/api/pose?provider=local', { method: 'POST', body: data });
    expect(res.status).toBe(503);
    expect(PoseFailure.parse(await res.json()).header.resultCode).toBe(-50304);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(((await (await app.request('/api/health')).json()) as { providers: string[] }).providers).toEqual([
      'nhn',
    ]);
  });

  it('never puts the secret in the answers of either provider', async () => {
    const { app, lines } = setup(nhnEnv({ POSE_PROVIDER: 'local' }));
    const seen: string[] = [];
    for (const query of ['', '?provider=nhn', '?provider=local', '?provider=nhn&quality=x']) {
      const res = await upload(app, query, 'fail-provider.jpg');
      seen.push(await res.text(), JSON.stringify([...res.headers]));
    }
    seen.push(JSON.stringify(await health(app)));
    for (const text of [...seen, ...lines]) expect(text).not.toContain(SECRET);
  });
});

describe('GET /api/health providers', () => {
  it('lists local and nhn when the keys are set, whichever is the default', async () => {
    expect(await health(setup(nhnEnv()).app)).toMatchObject({ provider: 'nhn', providers: ['local', 'nhn'] });
    expect(await health(setup(nhnEnv({ POSE_PROVIDER: 'local' })).app)).toMatchObject({
      provider: 'local',
      providers: ['local', 'nhn'],
    });
  });

  it('lists only local without NHN keys', async () => {
    expect(await health(setup({ LOG_FORMAT: 'off' }).app)).toMatchObject({
      provider: 'local',
      providers: ['local'],
    });
  });
});

describe('createProviders', () => {
  it('shares one NHN client between the default provider and provider=nhn', async () => {
    const providers = createProviders(loadConfig(nhnEnv()));
    try {
      expect(providers.provider.name).toBe('nhn');
      expect(providers.nhnProvider).toBeDefined();
      expect(providers.nhnProvider!()).toBe(providers.provider);
      expect(providers.nhnProvider!()).toBe(providers.nhnProvider!());
    } finally {
      await providers.close();
    }
  });
});
