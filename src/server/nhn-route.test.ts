import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoseFailure, PoseSuccess } from '@/contract/pose-envelope';
import { FIXTURE_PERSONS, startFakeNhnUpstream, type FakeNhnUpstream } from '../../e2e/fake-nhn-upstream';
import { WHOLEBODY_NAMES } from '@/pose/keypoint-catalogue';
import { createApp } from './app';
import { loadConfig } from './config';
import { createNhnProvider } from './providers/nhn-provider';

// POST /api/pose with the NHN provider against the fake upstream: each upstream fault reaches the
// browser as its own status and message, and the secret shows up in no answer, header or log line.

const SECRET = 'nhn-Secret-Key-4f9a2c71e0';
let fake: FakeNhnUpstream;
let jpeg: Uint8Array;

beforeAll(async () => {
  fake = await startFakeNhnUpstream({ appKey: 'team-app', secretKey: SECRET, slowByteIntervalMs: 100 });
  jpeg = new Uint8Array(
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer(),
  );
});

afterAll(async () => {
  await fake.close();
});

function setup() {
  const lines: string[] = [];
  const config = loadConfig({
    NHN_APPKEY: 'team-app',
    NHN_SECRET_KEY: SECRET,
    NHN_API_BASE_URL: fake.url,
    NHN_TIMEOUT_MS: '1500',
    NHN_CIRCUIT_THRESHOLD: '100',
  });
  const provider = createNhnProvider(config.nhn!, { retryDelayMs: 10 });
  const { app } = createApp({ config, provider, logSink: (l) => lines.push(l) });
  return { app, lines };
}

async function upload(app: ReturnType<typeof setup>['app'], name: string) {
  const data = new FormData();
  data.append('image', new Blob([jpeg as Uint8Array<ArrayBuffer>]), name);
  return app.request('/api/pose', { method: 'POST', body: data });
}

describe('POST /api/pose via NHN', () => {
  it('answers the normalised envelope with provider nhn and fixture coordinates', async () => {
    const { app } = setup();
    const res = await upload(app, 'ok-team.jpg');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-pose-provider')).toBe('nhn');
    expect(res.headers.get('server-timing')).toMatch(/upstream;dur=/);
    const body = PoseSuccess.parse(await res.json());
    expect(body.meta).toMatchObject({
      provider: 'nhn',
      model: 'nhn-cloud',
      imageWidth: 400,
      imageHeight: 300,
    });
    const wrist = body.result.keyPointList[0]!.inferKeypointList[9]!;
    expect(wrist.name).toBe('left_wrist');
    expect(wrist.x).toBeCloseTo(FIXTURE_PERSONS[0]!.keypoints[9]!.fx * 400, 3);
  });

  it('answers 133 whole-body keypoints and zero persons', async () => {
    const { app } = setup();
    const whole = PoseSuccess.parse(await (await upload(app, 'whole.jpg')).json());
    expect(whole.result.keyPointList[0]!.inferKeypointList.map((k) => k.name)).toEqual([...WHOLEBODY_NAMES]);
    expect(new Set(whole.result.keyPointList[0]!.inferKeypointList.map((k) => k.part))).toEqual(
      new Set(['body', 'foot', 'face', 'hand']),
    );
    const none = PoseSuccess.parse(await (await upload(app, 'none.jpg')).json());
    expect(none.result.numberOfPerson).toBe(0);
  });

  it.each([
    ['fail.jpg', 502, -41000, /^Invalid image$/, undefined],
    ['timeout.jpg', 504, -50401, /did not answer within \d+ s/, undefined],
    ['slow.jpg', 504, -50401, /did not answer/, undefined],
    ['html500.jpg', 502, -50203, /HTTP 500 with an HTML error page/, undefined],
    ['html503.jpg', 502, -50203, /HTTP 503 with an HTML error page/, undefined],
    ['badjson.jpg', 502, -50202, /instead of JSON/, '(body)'],
    [
      'schema.jpg',
      502,
      -50202,
      /inferKeypointList\.0\.score/,
      'result.keyPointList.0.inferKeypointList.0.score',
    ],
    ['reset.jpg', 502, -50203, /broke off in the middle/, undefined],
  ])('maps %s to HTTP %i, resultCode %i', async (name, status, resultCode, message, field) => {
    const { app } = setup();
    const res = await upload(app, name);
    expect(res.status).toBe(status);
    const body = PoseFailure.parse(await res.json());
    expect(body.header.resultCode).toBe(resultCode);
    expect(body.header.resultMessage).toMatch(message);
    expect(body.field).toBe(field);
  });

  it('never puts the secret in a response body, header or log line', async () => {
    const { app, lines } = setup();
    const seen: string[] = [];
    for (const name of [
      'ok.jpg',
      'fail.jpg',
      'timeout.jpg',
      'html502.jpg',
      'badjson.jpg',
      'schema.jpg',
      'reset.jpg',
      'whole.jpg',
    ]) {
      const res = await upload(app, name);
      seen.push(await res.text(), JSON.stringify([...res.headers]));
    }
    const health = await app.request('/api/health');
    seen.push(await health.text(), JSON.stringify([...health.headers]));
    expect(fake.requests.some((r) => r.authorizationMatches)).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(9);
    for (const text of [...seen, ...lines]) expect(text).not.toContain(SECRET);
  }, 30_000);
});
