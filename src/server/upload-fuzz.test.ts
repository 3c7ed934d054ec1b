import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { serve, type ServerType } from '@hono/node-server';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeNhnUpstream, type FakeNhnUpstream } from '../../e2e/fake-nhn-upstream';
import { createApp } from './app';
import { loadConfig } from './config';
import { createNhnProvider } from './providers/nhn-provider';

// Fuzz: >= 1000 random and mutated uploads over a real socket against the real app, with the
// NHN provider talking to the fake upstream (cheap, so the run stays well under a minute).
// Pass = no status >= 500 except 503, the server still answers afterwards, heap back to baseline.

const FUZZ_CASES = 1200;
const CONCURRENCY = 8;
const SECRET = 'fuzz-secret-value-xyz';

/** Small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gcHeapBytes(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

let fake: FakeNhnUpstream;
let server: ServerType;
let base: string;
let seeds: Uint8Array[];

beforeAll(async () => {
  fake = await startFakeNhnUpstream({ appKey: 'fuzz', secretKey: SECRET });
  const config = loadConfig({
    NHN_APPKEY: 'fuzz',
    NHN_SECRET_KEY: SECRET,
    NHN_API_BASE_URL: fake.url,
    NHN_MAX_CONCURRENCY: '8',
    NHN_MAX_QUEUE: '64',
    MAX_UPLOAD_BYTES: String(2 * 1024 * 1024),
    BODY_TIMEOUT_MS: '5000',
    LOG_FORMAT: 'off',
  });
  if (!config.nhn) throw new Error('test config lacks NHN settings');
  const provider = createNhnProvider(config.nhn);
  const { app } = createApp({ config, provider });
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Seeds: real photos shrunk to keep each decode cheap, in every accepted format.
  const dir = join(import.meta.dirname, '..', '..', 'test-data', 'images');
  const photo = readFileSync(join(dir, 'messi5.jpg'));
  const small = sharp(photo).resize(160);
  seeds = [
    new Uint8Array(await small.clone().jpeg().toBuffer()),
    new Uint8Array(await small.clone().png().toBuffer()),
    new Uint8Array(await small.clone().webp().toBuffer()),
    new Uint8Array(await small.clone().gif().toBuffer()),
    new Uint8Array(readFileSync(join(dir, 'basketball1.png'))),
  ];
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake.close();
});

type Case = { body: BodyInit; headers: Record<string, string>; kind: string };

function makeCase(rand: () => number): Case {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const seed = pick(seeds);
  const formWith = (bytes: Uint8Array, field = 'image', name = `ok-${Math.floor(rand() * 1e6)}.jpg`) => {
    const data = new FormData();
    data.append(
      field,
      new Blob([bytes as Uint8Array<ArrayBuffer>], {
        type: pick(['image/jpeg', 'text/plain', '', 'image/svg+xml']),
      }),
      name,
    );
    return data;
  };
  const kind = pick([
    'bitflip',
    'bitflip',
    'truncate',
    'truncate',
    'random',
    'multipart',
    'header',
    'valid',
  ] as const);
  switch (kind) {
    case 'bitflip': {
      const copy = seed.slice();
      const flips = 1 + Math.floor(rand() * 40);
      for (let i = 0; i < flips; i++) {
        const at = Math.floor(rand() * copy.length);
        copy[at] = copy[at]! ^ (1 << Math.floor(rand() * 8));
      }
      return { kind, body: formWith(copy), headers: {} };
    }
    case 'truncate':
      return { kind, body: formWith(seed.subarray(0, Math.floor(rand() * seed.length))), headers: {} };
    case 'random': {
      const bytes = new Uint8Array(Math.floor(rand() * 64 * 1024));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
      // Sometimes keep a real magic number in front, so the decoder (not the sniffer) must refuse it.
      if (rand() < 0.5) bytes.set(seed.subarray(0, Math.min(bytes.length, 16)));
      return { kind, body: formWith(bytes), headers: {} };
    }
    case 'multipart': {
      // Hand-made multipart with random damage: boundaries, headers, missing CRLFs, junk.
      const boundary = pick(['x', 'aB3-', '----WebKitFormBoundary7MA4YWxkTrZu0gW', '"quoted"', '']);
      const parts = [
        `--${boundary}\r\n`,
        pick([
          'Content-Disposition: form-data; name="image"; filename="a.jpg"\r\n',
          'Content-Disposition: form-data; name=image\r\n',
          'Content-Disposition: attachment\r\n',
          '',
          'X: y\r\n'.repeat(50),
        ]),
        pick(['Content-Type: image/jpeg\r\n\r\n', '\r\n', '']),
        Buffer.from(seed.subarray(0, Math.floor(rand() * 2000))).toString('latin1'),
        pick([`\r\n--${boundary}--\r\n`, `\r\n--${boundary}`, '', `--${boundary}--`]),
      ];
      const text = parts.join('');
      const bytes = Buffer.from(text, 'latin1');
      const cut = rand() < 0.3 ? bytes.subarray(0, Math.floor(rand() * bytes.length)) : bytes;
      return {
        kind,
        body: new Uint8Array(cut),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      };
    }
    case 'header': {
      const data = formWith(seed, pick(['image', 'Image', 'file', 'image[]', '']));
      return {
        kind,
        body: data,
        headers:
          rand() < 0.5
            ? {
                'content-type': pick([
                  'application/json',
                  'multipart/form-data',
                  'image/jpeg',
                  'multipart/form-data; boundary=',
                ]),
              }
            : {},
      };
    }
    default:
      return { kind, body: formWith(seed), headers: {} };
  }
}

describe('upload fuzz', () => {
  it(`survives ${FUZZ_CASES} random and mutated uploads with no 5xx but 503`, async () => {
    const rand = prng(20261125);
    const statuses = new Map<number, number>();
    const bad: string[] = [];
    const send = async (c: Case) => {
      let status: number;
      try {
        const res = await fetch(`${base}/api/pose`, { method: 'POST', body: c.body, headers: c.headers });
        status = res.status;
        const body = await res.text();
        expect(body).not.toContain(SECRET);
        // Every answer, success or not, is an NHN envelope.
        expect(JSON.parse(body)).toHaveProperty('header.isSuccessful');
      } catch (error) {
        bad.push(`${c.kind}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500 && status !== 503) bad.push(`${c.kind}: HTTP ${status}`);
    };

    // Warm-up, then the heap baseline.
    for (let i = 0; i < 40; i++) await send(makeCase(rand));
    const baseline = gcHeapBytes();

    const cases = Array.from({ length: FUZZ_CASES }, () => makeCase(rand));
    for (let i = 0; i < cases.length; i += CONCURRENCY)
      await Promise.all(cases.slice(i, i + CONCURRENCY).map(send));

    const after = gcHeapBytes();
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(bad).toEqual([]);
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(FUZZ_CASES);
    // Both outcomes must be exercised: the fuzz is useless if everything passed or failed.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(50);
    expect((statuses.get(400) ?? 0) + (statuses.get(415) ?? 0) + (statuses.get(422) ?? 0)).toBeGreaterThan(
      300,
    );
    // Heap back to baseline: no upload is kept after its answer (20 MB slack for JIT/caches).
    expect(after - baseline).toBeLessThan(20 * 1024 * 1024);
    console.log(
      `fuzz statuses: ${JSON.stringify(Object.fromEntries(statuses))}; heap delta ${((after - baseline) / 1e6).toFixed(1)} MB`,
    );
  }, 120_000);
});
