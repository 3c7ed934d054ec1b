import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { PoseFailure, PoseSuccess } from '@/contract/pose-envelope';
import { PoseError } from '@/contract/pose-errors';
import { createApp } from './app';
import { loadConfig } from './config';
import type { AnalyseOptions, PoseProvider, UploadedImage } from './providers/pose-provider';

// Route tests through app.request() (no socket). The provider is an in-test object that
// implements the PoseProvider boundary; everything in front of it (upload checks, envelope,
// headers, limits, auth) is the real code under test.

const SECRET = 'nhn-secret-DO-NOT-LEAK-1234';

interface Recorded {
  image: UploadedImage;
  options: AnalyseOptions;
}

function fakeProvider(
  behaviour?: (image: UploadedImage) => Promise<never> | never,
): PoseProvider & { calls: Recorded[] } {
  const calls: Recorded[] = [];
  return {
    name: 'local',
    calls,
    async analyse(image, options) {
      calls.push({ image, options });
      if (behaviour) await behaviour(image);
      return {
        result: {
          fileType: image.format,
          numberOfPerson: 1,
          keyPointList: [
            {
              personId: '0',
              inferKeypointList: [
                { name: 'nose', part: 'body', x: image.width / 2, y: image.height / 4, score: 0.9 },
              ],
            },
          ],
        },
        meta: { provider: 'local', model: 'fake@256', timings: { queue: 1, inference: 5 } },
      };
    },
    health: () => ({ ready: true, workers: 1 }),
    close: async () => undefined,
  };
}

function setup(env: Record<string, string> = {}, provider = fakeProvider()) {
  const lines: string[] = [];
  const config = loadConfig({ NHN_SECRET_KEY: SECRET, NHN_APPKEY: 'app', POSE_PROVIDER: 'local', ...env });
  const { app } = createApp({ config, provider, logSink: (line) => lines.push(line) });
  return { app, provider, lines, config };
}

function form(parts: Array<[string, Uint8Array | string, string?]>): FormData {
  const data = new FormData();
  for (const [field, value, filename] of parts) {
    if (typeof value === 'string' && filename === undefined) data.append(field, value);
    else data.append(field, new Blob([value as Uint8Array<ArrayBuffer>]), filename ?? 'file');
  }
  return data;
}

function post(
  app: ReturnType<typeof setup>['app'],
  body: BodyInit,
  path = '/api/pose',
  headers: Record<string, string> = {},
) {
  return app.request(path, { method: 'POST', body, headers });
}

async function failureOf(response: Response) {
  return PoseFailure.parse(await response.json());
}

let jpeg: Uint8Array;
let png: Uint8Array;
let rotatedJpeg: Uint8Array;

beforeAll(async () => {
  jpeg = new Uint8Array(
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#a63' } })
      .jpeg()
      .toBuffer(),
  );
  png = new Uint8Array(
    await sharp({ create: { width: 320, height: 200, channels: 4, background: '#36a8' } })
      .png()
      .toBuffer(),
  );
  rotatedJpeg = new Uint8Array(
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a6' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer(),
  );
});

/** A PNG whose header claims width x height; only the IHDR needs to be valid for a size read. */
function pngHeader(width: number, height: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const idat = deflateSync(Buffer.alloc(1024)); // a sliver of (zero) rows: the rest would inflate later
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', idat),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

describe('POST /api/pose', () => {
  it('answers the normalised envelope with meta, X-Pose-Provider and Server-Timing', async () => {
    const { app, provider } = setup();
    const res = await post(app, form([['image', jpeg, 'ok.jpg']]));
    expect(res.status).toBe(200);
    const body = PoseSuccess.parse(await res.json());
    expect(body.result.keyPointList[0]!.inferKeypointList[0]).toMatchObject({ x: 320, y: 120 });
    expect(body.meta).toMatchObject({
      provider: 'local',
      model: 'fake@256',
      imageWidth: 640,
      imageHeight: 480,
    });
    expect(body.meta?.timings).toHaveProperty('inference', 5);
    expect(body.meta?.timings).toHaveProperty('upload');
    expect(res.headers.get('x-pose-provider')).toBe('local');
    const timing = res.headers.get('server-timing') ?? '';
    for (const stage of ['upload', 'parse', 'decode', 'queue', 'inference', 'total'])
      expect(timing).toContain(`${stage};dur=`);
    expect(provider.calls[0]!.image).toMatchObject({
      format: 'jpg',
      width: 640,
      height: 480,
      filename: 'ok.jpg',
    });
  });

  it('passes validated query options to the provider', async () => {
    const { app, provider } = setup();
    const res = await post(
      app,
      form([['image', png, 'a.png']]),
      '/api/pose?inputSize=384&mode=topdown&parts=body,hand&quality=fast',
    );
    expect(res.status).toBe(200);
    expect(provider.calls[0]!.options).toMatchObject({
      inputSize: 384,
      mode: 'topdown',
      parts: ['body', 'hand'],
      quality: 'fast',
    });
    expect(provider.calls[0]!.options.signal).toBeInstanceOf(AbortSignal);
  });

  it.each([
    ['inputSize=300', 'query.inputSize'],
    ['mode=sideways', 'query.mode'],
    ['parts=body,tail', 'query.parts.1'],
  ])('refuses a bad option %s with 400 naming it', async (query, field) => {
    const { app, provider } = setup();
    const res = await post(app, form([['image', png, 'a.png']]), `/api/pose?${query}`);
    expect(res.status).toBe(400);
    expect((await failureOf(res)).field).toBe(field);
    expect(provider.calls).toHaveLength(0);
  });

  it('reports the EXIF-oriented size (orientation 6 swaps width and height)', async () => {
    const { app, provider } = setup();
    const res = await post(app, form([['image', rotatedJpeg, 'r.jpg']]));
    const body = PoseSuccess.parse(await res.json());
    expect(body.meta).toMatchObject({ imageWidth: 480, imageHeight: 640 });
    expect(provider.calls[0]!.image).toMatchObject({ width: 480, height: 640 });
  });

  it('sniffs magic bytes: a PNG sent as text/plain named .txt is accepted as png', async () => {
    const { app, provider } = setup();
    const data = new FormData();
    data.append('image', new Blob([png as Uint8Array<ArrayBuffer>], { type: 'text/plain' }), 'notes.txt');
    const res = await post(app, data);
    expect(res.status).toBe(200);
    expect(provider.calls[0]!.image.format).toBe('png');
  });

  it.each([
    ['no file at all', () => form([['other', 'x']]), 400, -40001, /field "image"/],
    [
      'a file in the wrong field',
      () => form([['photo', jpeg, 'a.jpg']]),
      400,
      -40001,
      /sent in the field "photo"/,
    ],
    ['text in the image field', () => form([['image', 'hello']]), 400, -40001, /holds text/],
    [
      'two files',
      () =>
        form([
          ['image', jpeg, 'a.jpg'],
          ['image', jpeg, 'b.jpg'],
        ]),
      400,
      -40004,
      /2 files/,
    ],
    [
      'an image plus another file',
      () =>
        form([
          ['image', jpeg, 'a.jpg'],
          ['extra', jpeg, 'b.jpg'],
        ]),
      400,
      -40004,
      /one image/,
    ],
    ['an empty file', () => form([['image', new Uint8Array(0), 'a.jpg']]), 400, -40003, /empty/],
    [
      'text named .jpg',
      () => form([['image', new TextEncoder().encode('just some words, not an image at all'), 'x.jpg']]),
      415,
      -41501,
      /JPEG, PNG or WebP/,
    ],
    [
      'an SVG',
      () =>
        form([
          [
            'image',
            new TextEncoder().encode(
              '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            ),
            'x.svg',
          ],
        ]),
      415,
      -41501,
      /SVG/,
    ],
    [
      'an HTML page',
      () =>
        form([['image', new TextEncoder().encode('<!doctype html><html><body>hi</body></html>'), 'x.png']]),
      415,
      -41501,
      /active content/,
    ],
    [
      'a PDF',
      () => form([['image', new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), 'x.jpg']]),
      415,
      -41501,
      /application\/pdf/,
    ],
    [
      'a HEIC photo',
      () =>
        form([
          [
            'image',
            new Uint8Array([
              0,
              0,
              0,
              24,
              ...new TextEncoder().encode('ftypheic'),
              0,
              0,
              0,
              0,
              ...new TextEncoder().encode('mif1heic'),
              0,
              0,
              0,
              8,
              0,
              0,
              0,
              0,
            ]),
            'IMG_0001.HEIC',
          ],
        ]),
      415,
      -41501,
      /Convert it to JPEG/,
    ],
  ])('refuses %s', async (_name, build, status, resultCode, message) => {
    const { app, provider } = setup();
    const res = await post(app, build());
    expect(res.status).toBe(status);
    const body = await failureOf(res);
    expect(body.header.resultCode).toBe(resultCode);
    expect(body.header.resultMessage).toMatch(message);
    expect(provider.calls).toHaveLength(0);
  });

  it('decodes nothing itself: a truncated JPEG goes to the provider, whose one decode refuses it', async () => {
    const { app, provider } = setup();
    const res = await post(
      app,
      form([['image', jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'cut.jpg']]),
    );
    // The fake provider does not decode; the engine and the NHN provider refuse it with 422
    // (image-decode.test.ts, nhn-provider.test.ts).
    expect(res.status).toBe(200);
    expect(provider.calls).toHaveLength(1);
  });

  it.each([
    [1, 1],
    [31, 480],
    [640, 31],
  ])('refuses a %i x %i image (smaller than 32 px on a side) with 422 from its header', async (w, h) => {
    const { app, provider } = setup();
    const tiny = new Uint8Array(
      await sharp({ create: { width: w, height: h, channels: 3, background: '#a63' } })
        .png()
        .toBuffer(),
    );
    const res = await post(app, form([['image', tiny, 'tiny.png']]));
    expect(res.status).toBe(422);
    const body = await failureOf(res);
    expect(body.header).toEqual({
      isSuccessful: false,
      resultCode: -42203,
      resultMessage: `The image is only ${w} x ${h} pixels: too small to hold a person. PoseScope needs at least 32 pixels on each side.`,
    });
    expect(provider.calls).toHaveLength(0);
  });

  it('accepts an image of exactly 32 x 32 pixels', async () => {
    const { app } = setup();
    const small = new Uint8Array(
      await sharp({ create: { width: 32, height: 32, channels: 3, background: '#a63' } })
        .png()
        .toBuffer(),
    );
    expect((await post(app, form([['image', small, 'small.png']]))).status).toBe(200);
  });

  it('refuses a decompression bomb from its header, before decoding (422)', async () => {
    const { app } = setup();
    // Only a header (no pixel data): the 422 naming the size can only come from the header.
    const res = await post(app, form([['image', pngHeader(60_000, 60_000), 'bomb.png']]));
    expect(res.status).toBe(422);
    const body = await failureOf(res);
    expect(body.header.resultCode).toBe(-42202);
    expect(body.header.resultMessage).toContain('60000 x 60000');
  });

  it('honours MAX_IMAGE_PIXELS', async () => {
    const { app } = setup({ MAX_IMAGE_PIXELS: '100000' });
    const res = await post(app, form([['image', jpeg, 'a.jpg']]));
    expect(res.status).toBe(422);
  });

  it('analyses the first frame of an animated GIF and says so', async () => {
    const frames = await Promise.all(
      ['#f00', '#0f0', '#00f'].map((c) =>
        sharp({ create: { width: 48, height: 36, channels: 3, background: c } })
          .png()
          .toBuffer(),
      ),
    );
    const gif = new Uint8Array(
      await sharp(frames, { join: { animated: true } })
        .gif()
        .toBuffer(),
    );
    const { app, provider } = setup();
    const res = await post(app, form([['image', gif, 'anim.gif']]));
    expect(res.status).toBe(200);
    const body = PoseSuccess.parse(await res.json());
    expect(body.meta?.converted).toMatch(/first of 3 frames/);
    expect(provider.calls[0]!.image).toMatchObject({ format: 'gif', width: 48, height: 36 });
  });

  it('refuses a body over the limit from Content-Length with 413 before reading it', async () => {
    const { app } = setup({ MAX_UPLOAD_BYTES: '2048' });
    const res = await post(app, form([['image', jpeg, 'big.jpg']]));
    expect(res.status).toBe(413);
    expect((await failureOf(res)).header.resultMessage).toContain('2 KB');
  });

  it('stops reading a chunked body at the limit (413)', async () => {
    const { app } = setup({ MAX_UPLOAD_BYTES: '2048' });
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(16 * 1024));
      },
    });
    const res = await app.request('/api/pose', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      // @ts-expect-error Node's fetch needs duplex for a streamed body
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });

  it('cuts off a slow-loris upload at BODY_TIMEOUT_MS (408)', async () => {
    const { app } = setup({ BODY_TIMEOUT_MS: '300' });
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(new TextEncoder().encode('--x\r\n'));
          return;
        }
        // The rest of the body never comes: an answer can only be the server's body timeout.
        await new Promise(() => undefined);
      },
    });
    const res = await app.request('/api/pose', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      // @ts-expect-error Node's fetch needs duplex for a streamed body
      duplex: 'half',
    });
    expect(res.status).toBe(408);
  });

  it.each([
    ['not multipart', 'plain body', { 'content-type': 'text/plain' }, /multipart\/form-data/],
    [
      'broken multipart',
      '--zz\r\nContent-Disposition: form-data; name="image"\r\n\r\nabc',
      { 'content-type': 'multipart/form-data; boundary=qq' },
      /could not be read/,
    ],
  ])('refuses a %s body with 400', async (_name, body, headers, message) => {
    const { app } = setup();
    const res = await post(app, body, '/api/pose', headers);
    expect(res.status).toBe(400);
    expect((await failureOf(res)).header.resultMessage).toMatch(message);
  });

  it('answers 503 + Retry-After when the provider is busy', async () => {
    const { app } = setup(
      {},
      fakeProvider(() => {
        throw new PoseError('BUSY', undefined, { retryAfterSec: 7 });
      }),
    );
    const res = await post(app, form([['image', jpeg, 'a.jpg']]));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('x-pose-provider')).toBe('local');
    expect((await failureOf(res)).header.resultCode).toBe(-50303);
  });

  it('hides an unexpected error (with the secret in it) behind a generic 500', async () => {
    const { app, lines } = setup(
      {},
      fakeProvider(() => {
        throw new Error(`boom with ${SECRET} at /srv/app/x.ts:12`);
      }),
    );
    const res = await post(app, form([['image', jpeg, 'a.jpg']]));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('x.ts');
    expect(lines.join('\n')).toContain('[redacted]');
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('refuses a provider answer that breaks the contract instead of forwarding it', async () => {
    const broken = {
      ...fakeProvider(),
      analyse: async (): ReturnType<PoseProvider['analyse']> => ({
        result: {
          fileType: 'jpg',
          numberOfPerson: 1,
          keyPointList: [
            {
              personId: '0',
              inferKeypointList: [{ name: 'nose', part: 'body', x: Number.NaN, y: 1, score: 0.5 }],
            },
          ],
        },
        meta: { provider: 'local', model: 'x' },
      }),
    };
    const { app } = setup({}, broken);
    const res = await post(app, form([['image', jpeg, 'a.jpg']]));
    expect(res.status).toBe(500);
  });
});

describe('other routes and cross-cutting behaviour', () => {
  it('GET /api/health names the provider and readiness', async () => {
    const { app } = setup();
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      provider: 'local',
      ready: true,
      accessTokenRequired: false,
    });
  });

  it('answers unknown API paths with a 404 envelope', async () => {
    const { app } = setup();
    const res = await app.request('/api/nope');
    expect(res.status).toBe(404);
    expect((await failureOf(res)).header.resultCode).toBe(-40401);
  });

  it('sets security headers (strict script CSP, nosniff, no-referrer, frame-ancestors none) and no CORS', async () => {
    const { app } = setup();
    const res = await app.request('/api/health', { headers: { origin: 'https://evil.example' } });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a cross-site POST (CSRF) with 403', async () => {
    const { app, provider } = setup();
    const res = await post(app, form([['image', jpeg, 'a.jpg']]), '/api/pose', {
      origin: 'https://evil.example',
      host: 'localhost',
    });
    expect(res.status).toBe(403);
    expect(provider.calls).toHaveLength(0);
    const same = await post(app, form([['image', jpeg, 'a.jpg']]), '/api/pose', {
      origin: 'http://localhost',
      host: 'localhost',
    });
    expect(same.status).toBe(200);
  });

  it('rate-limits per client with 429 in the envelope', async () => {
    const { app } = setup({ RATE_LIMIT_PER_MIN: '2' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(app, form([['image', png, 'a.png']]))).status);
    expect(statuses).toEqual([200, 200, 429]);
    const res = await post(app, form([['image', png, 'a.png']]));
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect((await failureOf(res)).header.resultCode).toBe(-42901);
    expect((await app.request('/api/health')).status).toBe(200);
  });

  it('writes one JSON log line per API request, without image bytes or secrets', async () => {
    const { app, lines } = setup();
    await post(app, form([['image', jpeg, 'ok.jpg']]));
    await post(app, form([['photo', jpeg, 'ok.jpg']]));
    expect(lines).toHaveLength(2);
    const [ok, bad] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ok).toMatchObject({
      msg: 'request',
      method: 'POST',
      path: '/api/pose',
      status: 200,
      provider: 'local',
      persons: 1,
    });
    expect(ok!.bytesIn).toBeGreaterThan(jpeg.length);
    expect(ok!.bytesOut).toBeGreaterThan(100);
    expect(ok!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(bad).toMatchObject({ status: 400, resultCode: -40001 });
    for (const line of lines) {
      expect(line.length).toBeLessThan(2000);
      expect(line).not.toContain(SECRET);
    }
  });
});

describe('NHN-compatible route (embedded engine on NHN path)', () => {
  it('answers the bare NHN envelope for the documented request', async () => {
    const { app } = setup();
    const res = await post(app, form([['image', jpeg, 'sample.jpg']]), '/v1.0/appkeys/anything/pose');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(PoseSuccess.parse(body).result.numberOfPerson).toBe(1);
    expect(body).not.toHaveProperty('meta');
    expect(res.headers.get('x-pose-provider')).toBe('local');
  });

  it('requires LOCAL_ENGINE_SECRET in Authorization when set', async () => {
    const { app } = setup({ LOCAL_ENGINE_SECRET: 'engine-pass-9' });
    const path = '/v1.0/appkeys/k/pose';
    expect((await post(app, form([['image', jpeg, 'a.jpg']]), path)).status).toBe(401);
    expect((await post(app, form([['image', jpeg, 'a.jpg']]), path, { authorization: 'nope' })).status).toBe(
      403,
    );
    expect(
      (await post(app, form([['image', jpeg, 'a.jpg']]), path, { authorization: 'engine-pass-9' })).status,
    ).toBe(200);
  });

  it('is unavailable (503) when the provider is NHN and no local engine runs', async () => {
    const nhnLike = { ...fakeProvider(), name: 'nhn' as const };
    const { app } = setup({ LOCAL_ENGINE_SECRET: 'engine-pass-9' }, nhnLike);
    const res = await post(app, form([['image', jpeg, 'a.jpg']]), '/v1.0/appkeys/k/pose', {
      authorization: 'engine-pass-9',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
  });
});

describe('ACCESS_TOKEN sign-in', () => {
  const TOKEN = 'team-passcode-42';

  it('asks for sign-in, exchanges the passcode for an HttpOnly SameSite=Strict cookie, then allows the API', async () => {
    const { app } = setup({ ACCESS_TOKEN: TOKEN });
    expect(await (await app.request('/api/session')).json()).toEqual({ required: true, signedIn: false });
    const denied = await post(app, form([['image', jpeg, 'a.jpg']]));
    expect(denied.status).toBe(401);
    expect((await failureOf(denied)).header.resultCode).toBe(-40101);

    const wrong = await app.request('/api/session', {
      method: 'POST',
      body: JSON.stringify({ passcode: 'guess' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const ok = await app.request('/api/session', {
      method: 'POST',
      body: JSON.stringify({ passcode: TOKEN }),
      headers: { 'content-type': 'application/json' },
    });
    expect(ok.status).toBe(204);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;

    expect(await (await app.request('/api/session', { headers: { cookie } })).json()).toEqual({
      required: true,
      signedIn: true,
    });
    const allowed = await post(app, form([['image', jpeg, 'a.jpg']]), '/api/pose', { cookie });
    expect(allowed.status).toBe(200);
    const forged = await post(app, form([['image', jpeg, 'a.jpg']]), '/api/pose', {
      cookie: `${cookie.split('=')[0]}=9999999999999.${'A'.repeat(43)}`,
    });
    expect(forged.status).toBe(401);
  });

  it('lets scripts on the NHN path authenticate with the passcode as Authorization', async () => {
    const { app } = setup({ ACCESS_TOKEN: TOKEN });
    const path = '/v1.0/appkeys/k/pose';
    expect((await post(app, form([['image', jpeg, 'a.jpg']]), path)).status).toBe(401);
    expect(
      (await post(app, form([['image', jpeg, 'a.jpg']]), path, { authorization: 'wrong-passcode' })).status,
    ).toBe(401);
    expect((await post(app, form([['image', jpeg, 'a.jpg']]), path, { authorization: TOKEN })).status).toBe(
      200,
    );
    // ...but not on /api/pose, where only the cookie counts.
    expect(
      (await post(app, form([['image', jpeg, 'a.jpg']]), '/api/pose', { authorization: TOKEN })).status,
    ).toBe(401);
  });

  it('refuses an oversized sign-in body with 413 without buffering it', async () => {
    const { app } = setup({ ACCESS_TOKEN: TOKEN });
    const res = await app.request('/api/session', {
      method: 'POST',
      body: JSON.stringify({ passcode: 'x'.repeat(10_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
  });

  it('keeps health open (status only) and says in /api/session that sign-in is required', async () => {
    const { app } = setup({ ACCESS_TOKEN: TOKEN });
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(await (await app.request('/api/session')).json()).toEqual({ required: true, signedIn: false });
  });

  it('says sign-in is not needed when ACCESS_TOKEN is unset', async () => {
    const { app } = setup();
    expect(await (await app.request('/api/session')).json()).toEqual({ required: false, signedIn: true });
  });
});

describe('serving the built client', () => {
  it('serves files, falls back to index.html for client routes, and never shadows the API', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const root = mkdtempSync(join(tmpdir(), 'posescope-static-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(
      join(root, 'index.html'),
      '<!doctype html><title>PoseScope</title><script type="module" src="/assets/app-abc123.js"></script>',
    );
    writeFileSync(join(root, 'assets', 'app-abc123.js'), 'console.log(1)');
    const config = loadConfig({ LOG_FORMAT: 'off' });
    const { app } = createApp({ config, provider: fakeProvider(), staticRoot: root });

    const index = await app.request('/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>PoseScope</title>');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");

    const asset = await app.request('/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const spa = await app.request('/some/client/route');
    expect(spa.status).toBe(200);
    expect(await spa.text()).toContain('<title>PoseScope</title>');

    const api = await app.request('/api/unknown');
    expect(api.status).toBe(404);
    expect((await failureOf(api)).header.resultCode).toBe(-40401);

    const traversal = await app.request('/assets/..%2f..%2fetc%2fpasswd');
    expect(await traversal.text()).not.toContain('root:');
  });
});
