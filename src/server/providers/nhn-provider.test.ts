import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PoseError } from '@/contract/pose-errors';
import { FieldPoseError } from '@/server/http/error-response';
import { FIXTURE_PERSONS, startFakeNhnUpstream, type FakeNhnUpstream } from '../../../e2e/fake-nhn-upstream';
import type { NhnConfig } from '@/server/config';
import { createNhnProvider } from './nhn-provider';
import type { UploadedImage } from './pose-provider';

const APPKEY = 'test-appkey';
const SECRET = 'S3cr3t-value-that-must-never-leak';

let fake: FakeNhnUpstream;
let jpeg: Uint8Array;

function config(overrides: Partial<NhnConfig> = {}): NhnConfig {
  return {
    appKey: APPKEY,
    secretKey: SECRET,
    baseUrl: fake.url,
    timeoutMs: 5000,
    maxConcurrency: 4,
    maxQueue: 4,
    circuitThreshold: 3,
    circuitCooldownMs: 60_000,
    ...overrides,
  };
}

function image(
  filename: string,
  bytes = jpeg,
  format: UploadedImage['format'] = 'jpg',
  width = 640,
  height = 480,
): UploadedImage {
  return { bytes, format, width, height, filename };
}

async function failure(promise: Promise<unknown>): Promise<PoseError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PoseError) return error;
    throw error;
  }
  throw new Error('expected a PoseError');
}

beforeAll(async () => {
  fake = await startFakeNhnUpstream({ appKey: APPKEY, secretKey: SECRET, slowByteIntervalMs: 200 });
  jpeg = new Uint8Array(
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a8' } })
      .jpeg()
      .toBuffer(),
  );
});

afterAll(async () => {
  await fake.close();
});

describe('NHN provider against the fake upstream', () => {
  it('sends the documented request and normalises NHN example variants', async () => {
    const provider = createNhnProvider(config());
    fake.requests.length = 0;
    const answer = await provider.analyse(image('ok-photo.jpg'), {});
    const sent = fake.requests[0]!;
    expect(sent.path).toBe(`/v1.0/appkeys/${APPKEY}/pose`);
    expect(sent.authorizationMatches).toBe(true);
    expect(sent.fields).toEqual(['image']);
    expect(sent.filename).toBe('ok-photo.jpg');
    expect(answer.result.numberOfPerson).toBe(2);
    expect(answer.result.keyPointList.map((p) => p.personId)).toEqual(['0', '2']);
    const nose = answer.result.keyPointList[1]!.inferKeypointList[0]!;
    const fixtureNose = FIXTURE_PERSONS[1]!.keypoints[0]!;
    expect(nose.x).toBeCloseTo(fixtureNose.fx * 640, 3);
    expect(nose.y).toBeCloseTo(fixtureNose.fy * 480, 3);
    expect(answer.meta).toMatchObject({ provider: 'nhn', imageWidth: 640, imageHeight: 480 });
    expect(answer.meta.converted).toBeUndefined();
    expect(answer.meta.timings?.upstream).toBeGreaterThan(0);
  });

  it('keeps NHN own code and message when isSuccessful is false (502)', async () => {
    const error = await failure(createNhnProvider(config()).analyse(image('fail.jpg'), {}));
    expect(error.code).toBe('UPSTREAM_REJECTED');
    expect(error.status).toBe(502);
    expect(error.resultCode).toBe(-41000);
    expect(error.message).toBe('Invalid image');
  });

  it('maps a wrong secret (401 + envelope) to a rejected answer without echoing the secret', async () => {
    const error = await failure(
      createNhnProvider(config({ secretKey: 'wrong-secret' })).analyse(image('ok.jpg'), {}),
    );
    expect(error.code).toBe('UPSTREAM_REJECTED');
    expect(error.message).toMatch(/Unauthorized/);
    expect(error.message).not.toContain('wrong-secret');
  });

  it('times out a silent upstream with 504 and does not retry it', async () => {
    fake.requests.length = 0;
    const error = await failure(
      createNhnProvider(config({ timeoutMs: 400 })).analyse(image('timeout.jpg'), {}),
    );
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.status).toBe(504);
    expect(fake.requests).toHaveLength(1);
  });

  it('times out a very slow body with 504', async () => {
    const error = await failure(createNhnProvider(config({ timeoutMs: 600 })).analyse(image('slow.jpg'), {}));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
  });

  it.each([
    ['html500.jpg', 500, 1],
    ['html502.jpg', 502, 2],
    ['html503.jpg', 503, 2],
  ])(
    'maps %s to 502 UPSTREAM_HTTP_ERROR naming the status (attempts: %i/%i)',
    async (name, status, attempts) => {
      fake.requests.length = 0;
      const error = await failure(createNhnProvider(config(), { retryDelayMs: 10 }).analyse(image(name), {}));
      expect(error.code).toBe('UPSTREAM_HTTP_ERROR');
      expect(error.status).toBe(502);
      expect(error.message).toContain(`HTTP ${status}`);
      expect(error.message).toContain('HTML');
      // 502/503 are transient: exactly one retry. 500 is not retried.
      expect(fake.requests).toHaveLength(attempts);
    },
  );

  it('maps invalid JSON to 502 UPSTREAM_BAD_RESPONSE', async () => {
    const error = await failure(createNhnProvider(config()).analyse(image('badjson.jpg'), {}));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error).toBeInstanceOf(FieldPoseError);
    expect(error.message).toMatch(/not JSON|instead of JSON/);
  });

  it('names the field that breaks the schema', async () => {
    const error = await failure(createNhnProvider(config()).analyse(image('schema.jpg'), {}));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect((error as FieldPoseError).field).toBe('result.keyPointList.0.inferKeypointList.0.score');
    expect(error.message).toContain('result.keyPointList.0.inferKeypointList.0.score');
  });

  it('maps a reset mid-response to 502 after one retry', async () => {
    fake.requests.length = 0;
    const error = await failure(
      createNhnProvider(config(), { retryDelayMs: 10 }).analyse(image('reset.jpg'), {}),
    );
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/broke off in the middle/);
    expect(fake.requests).toHaveLength(2);
  });

  it("passes NHN's 429 on as 429 with its Retry-After, without a retry or a circuit failure", async () => {
    fake.requests.length = 0;
    const provider = createNhnProvider(config({ circuitThreshold: 1 }), { retryDelayMs: 10 });
    const error = await failure(provider.analyse(image('ratelimit.jpg'), {}));
    expect(error.status).toBe(429);
    expect(error.resultCode).toBe(-42902);
    expect(error.retryAfterSec).toBe(7);
    expect(error.message).toBe("NHN Cloud is limiting PoseScope's calls: Too many requests for this appkey");
    expect(fake.requests).toHaveLength(1);
    expect(provider.health()).toMatchObject({ circuit: 'closed' });
  });

  it('refuses a truncated JPEG with 422 without sending it (the one decode on the NHN path)', async () => {
    fake.requests.length = 0;
    const cut = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
    const error = await failure(createNhnProvider(config()).analyse(image('ok-cut.jpg', cut), {}));
    expect(error.status).toBe(422);
    expect(error.resultCode).toBe(-42201);
    expect(fake.requests).toHaveLength(0);
  });

  it('sends no retry when the client leaves during the back-off', async () => {
    fake.requests.length = 0;
    const client = new AbortController();
    // A back-off far longer than the test's timeout: only the abort can end it.
    const provider = createNhnProvider(config(), { retryDelayMs: 600_000 });
    const outcome = failure(provider.analyse(image('html503.jpg'), { signal: client.signal }));
    // The first attempt has been answered (503, transient): the provider is now backing off.
    await vi.waitFor(() => expect(fake.requests[0]?.status).toBe(503));
    client.abort(new Error('client gone'));
    const error = await outcome;
    expect(error.message).toBe('The request was cancelled.');
    expect(fake.requests).toHaveLength(1);
    // Nothing was sent later either: the circuit saw no verdict and the limiter is free.
    expect(provider.health()).toMatchObject({ circuit: 'closed', active: 0, queued: 0 });
  });

  it('sends nothing for a request whose client is already gone', async () => {
    fake.requests.length = 0;
    const client = new AbortController();
    client.abort(new Error('client gone'));
    const error = await failure(
      createNhnProvider(config()).analyse(image('ok.jpg'), { signal: client.signal }),
    );
    expect(error.message).toBe('The request was cancelled.');
    expect(fake.requests).toHaveLength(0);
  });

  it('maps connection refused to 503 UPSTREAM_UNREACHABLE with Retry-After', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const error = await failure(
      createNhnProvider(config({ baseUrl: `http://127.0.0.1:${port}` }), { retryDelayMs: 10 }).analyse(
        image('ok.jpg'),
        {},
      ),
    );
    expect(error.code).toBe('UPSTREAM_UNREACHABLE');
    expect(error.status).toBe(503);
    expect(error.retryAfterSec).toBeGreaterThan(0);
  });

  it('opens the circuit after N consecutive failures, then lets one trial through after the cooldown', async () => {
    let now = 1_000_000;
    const provider = createNhnProvider(config({ circuitThreshold: 2, circuitCooldownMs: 10_000 }), {
      now: () => now,
    });
    await failure(provider.analyse(image('html500.jpg'), {}));
    await failure(provider.analyse(image('html500.jpg'), {}));
    fake.requests.length = 0;
    const open = await failure(provider.analyse(image('ok.jpg'), {}));
    expect(open.code).toBe('UPSTREAM_CIRCUIT_OPEN');
    expect(open.status).toBe(503);
    expect(open.retryAfterSec).toBe(10);
    expect(fake.requests).toHaveLength(0);
    expect(provider.health()).toMatchObject({ circuit: 'open', ready: false });
    now += 10_001;
    const answer = await provider.analyse(image('ok.jpg'), {});
    expect(answer.result.numberOfPerson).toBe(2);
    expect(provider.health()).toMatchObject({ circuit: 'closed' });
  });

  it('refuses with 503 BUSY past the concurrency limit and queue', async () => {
    const provider = createNhnProvider(config({ maxConcurrency: 1, maxQueue: 1, timeoutMs: 500 }));
    const first = provider.analyse(image('timeout-1.jpg'), {});
    const second = provider.analyse(image('timeout-2.jpg'), {});
    const third = await failure(provider.analyse(image('ok.jpg'), {}));
    expect(third.code).toBe('BUSY');
    expect(third.retryAfterSec).toBeGreaterThan(0);
    await failure(first);
    await failure(second);
  });

  it('converts WebP to JPEG, keeps the file name stem, and maps coordinates back', async () => {
    const webp = new Uint8Array(
      await sharp({ create: { width: 800, height: 600, channels: 3, background: '#345' } })
        .webp()
        .toBuffer(),
    );
    fake.requests.length = 0;
    const answer = await createNhnProvider(config()).analyse(
      image('ok-beach.webp', webp, 'webp', 800, 600),
      {},
    );
    expect(fake.requests[0]!.filename).toBe('ok-beach.jpg');
    expect(answer.meta.converted).toMatch(/webp converted to jpeg/);
    expect(answer.result.fileType).toBe('webp');
    const k = answer.result.keyPointList[0]!.inferKeypointList[5]!;
    expect(k.x).toBeCloseTo(FIXTURE_PERSONS[0]!.keypoints[5]!.fx * 800, 2);
  });

  it('downscales an image over 5 MB and maps coordinates back to the original pixels', async () => {
    // Random noise does not compress: a 2600x2600 PNG of noise is ~20 MB, and its JPEG still > 5 MB.
    const noise = randomBytes(2600 * 2600 * 3);
    const png = new Uint8Array(
      await sharp(noise, { raw: { width: 2600, height: 2600, channels: 3 } })
        .png()
        .toBuffer(),
    );
    expect(png.byteLength).toBeGreaterThan(5 * 1024 * 1024);
    fake.requests.length = 0;
    const answer = await createNhnProvider(config({ timeoutMs: 5000 })).analyse(
      image('ok-big.png', png, 'png', 2600, 2600),
      {},
    );
    const sent = fake.requests[0]!;
    expect(sent.fileBytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(sent.imageWidth).toBeLessThan(2600);
    expect(answer.meta.converted).toMatch(/downscaled from 2600x2600/);
    const k = answer.result.keyPointList[0]!.inferKeypointList[0]!;
    expect(k.x).toBeCloseTo(FIXTURE_PERSONS[0]!.keypoints[0]!.fx * 2600, 0);
    expect(k.y).toBeCloseTo(FIXTURE_PERSONS[0]!.keypoints[0]!.fy * 2600, 0);
  });

  it('never puts the secret in an error message or health data', async () => {
    const provider = createNhnProvider(config({ timeoutMs: 300 }), { retryDelayMs: 10 });
    const texts: string[] = [JSON.stringify(provider.health())];
    for (const name of ['fail.jpg', 'timeout.jpg', 'html502.jpg', 'badjson.jpg', 'schema.jpg', 'reset.jpg']) {
      const error = await failure(provider.analyse(image(name), {}));
      texts.push(error.message, JSON.stringify(error), String(error.stack));
    }
    for (const text of texts) expect(text).not.toContain(SECRET);
  });
});
