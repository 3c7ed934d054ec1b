// Upload admission under a burst (issue 12 item 6): N clients each stream a ~10 MB image at once
// to our real server (its own process, NHN mode against the fake upstream, loopback only).
// Prints the server's peak RSS (VmHWM from /proc, Linux) against its RSS before the burst, the
// status mix, and how many 503s were answered before the server read any byte of that body
// (from the server's own log line: a refusal at admission carries no bytesIn). Bounded: one request per client, then exit. No assertions.
//
//   tsx scripts/bench-admission.ts [--clients 50] [--max-in-flight 8]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { startFakeNhnUpstream } from '../e2e/fake-nhn-upstream';
import { report, stopServer, waitForUrl } from './bench-support';
import { serverCommand } from './bundle-server.mjs';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CLIENTS = arg('clients', 50);
const MAX_IN_FLIGHT = arg('max-in-flight', 8);
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const PORT = 19300 + (Number(process.env.E2E_PORT_OFFSET ?? 0) || 0);
const APPKEY = 'bench-appkey';
const SECRET = 'bench-secret-not-real';

/**
 * A ~10 MB JPEG that decodes quickly: a 640x480 photo-like image followed (after SOI) by 64 KB
 * comment segments of random bytes. The body is as large as a real 10 MB photo, so the server
 * buffers the same; the NHN conversion of 640x480 pixels then costs little CPU on a shared machine,
 * which keeps the burst about admission and buffering, not about sharp's encoder.
 */
async function tenMegabyteJpeg(): Promise<Buffer> {
  const small = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a8' } })
    .jpeg()
    .toBuffer();
  const segments: Buffer[] = [];
  let size = small.length;
  const SEGMENT = 65_533; // payload bytes of one COM segment (its length field counts 2 more)
  while (size + SEGMENT + 4 <= MAX_UPLOAD_BYTES - 1024) {
    const header = Buffer.from([0xff, 0xfe, 0, 0]);
    header.writeUInt16BE(SEGMENT + 2, 2);
    segments.push(header, randomBytes(SEGMENT));
    size += SEGMENT + 4;
  }
  return Buffer.concat([small.subarray(0, 2), ...segments, small.subarray(2)]);
}

function kib(field: string, pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN);
}

/** One upload with fetch (undici); status 0 when the connection failed without an answer. */
async function upload(image: Buffer): Promise<number> {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), 'ok-burst.jpg');
  try {
    const res = await fetch(`http://127.0.0.1:${PORT}/api/pose`, { method: 'POST', body: form });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const debug = (m: string) => {
    if (process.env.BENCH_DEBUG) console.error(m);
  };
  const image = await tenMegabyteJpeg();
  debug(`image ${image.length}`);
  const fake = await startFakeNhnUpstream({ appKey: APPKEY, secretKey: SECRET });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('NHN_')) env[k] = v;
  const command = await serverCommand(root);
  const server = spawn(process.execPath, command.args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...env,
      ...command.env,
      HOST: '127.0.0.1',
      PORT: String(PORT),
      POSE_PROVIDER: 'nhn',
      NHN_APPKEY: APPKEY,
      NHN_SECRET_KEY: SECRET,
      NHN_API_BASE_URL: fake.url,
      RATE_LIMIT_PER_MIN: '0',
      MAX_UPLOADS_IN_FLIGHT: String(MAX_IN_FLIGHT),
      LOG_FORMAT: 'json',
    },
  });
  const logLines: string[] = [];
  let pending = '';
  server.stdout.on('data', (d: Buffer) => {
    const text = pending + d.toString('utf8');
    const lines = text.split('\n');
    pending = lines.pop() ?? '';
    logLines.push(...lines);
  });
  try {
    await waitForUrl(`http://127.0.0.1:${PORT}/api/health`, 30_000);
    debug('server up');
    const pid = server.pid!;
    const rssBeforeKb = kib('VmRSS', pid);
    const outcomes = await Promise.all(Array.from({ length: CLIENTS }, () => upload(image)));
    await new Promise((r) => setTimeout(r, 500)); // the last log lines
    const peakKb = kib('VmHWM', pid);
    const mix = new Map<number, number>();
    for (const status of outcomes) mix.set(status, (mix.get(status) ?? 0) + 1);
    const refusals = logLines
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return undefined;
        }
      })
      .filter((r) => r?.msg === 'request' && r.status === 503);
    if (process.env.BENCH_DEBUG)
      for (const l of logLines) if (!l.includes('"status":503')) console.log(l.slice(0, 400));
    const unreadByServer = refusals.filter((r) => r?.bytesIn === undefined).length;
    report(
      'clients x upload size',
      `${CLIENTS} x ${(image.length / 1e6).toFixed(1)} MB (${MAX_IN_FLIGHT} admitted at once)`,
    );
    report('status mix', [...mix].map(([s, n]) => `${n} x ${s}`).join(', '));
    report(
      'server RSS before / peak (VmHWM)',
      `${Math.round(rssBeforeKb / 1024)} / ${Math.round(peakKb / 1024)} MB`,
    );
    report('503s answered before the server read the body', `${unreadByServer} of ${refusals.length}`);
  } finally {
    await stopServer(server);
    await fake.close();
  }
}

await main();
