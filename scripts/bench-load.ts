// Load test of POST /api/pose on loopback: 50 concurrent clients for 30 s (by default) against
//   1. the embedded engine (POSE_PROVIDER=local), and
//   2. the NHN provider pointed at the fake upstream (e2e/fake-nhn-upstream.ts).
// The server runs as its own process (src/server/main.ts), so its RSS is measured alone.
// Prints throughput, p50/p99 latency, the status mix and RSS (start / peak / end).
//
//   tsx scripts/bench-load.ts [--duration 30] [--connections 50] [--target local|nhn|both]
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { startFakeNhnUpstream } from '../e2e/fake-nhn-upstream';
import { serverCommand } from './bundle-server.mjs';

const ROOT = resolve(import.meta.dirname, '..');

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const durationSec = Number(flag('--duration', '30'));
const connections = Number(flag('--connections', '50'));
const target = flag('--target', 'both');
if (!Number.isFinite(durationSec) || durationSec <= 0 || !Number.isFinite(connections) || connections <= 0) {
  console.error(
    'usage: tsx scripts/bench-load.ts [--duration 30] [--connections 50] [--target local|nhn|both]',
  );
  process.exit(2);
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const command = await serverCommand(ROOT);
  const child = spawn(process.execPath, command.args, {
    cwd: ROOT,
    // Loopback only, logs off (one JSON line per request would dominate the measurement).
    env: {
      PATH: process.env.PATH ?? '',
      ...command.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_FORMAT: 'off',
      RATE_LIMIT_PER_MIN: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  const until = Date.now() + 30_000;
  for (;;) {
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (match?.[1]) return { child, base: match[1] };
    if (child.exitCode !== null || Date.now() > until) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitReady(base: string): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const health = (await (await fetch(`${base}/api/health`)).json()) as { ready?: boolean };
    if (health.ready) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('provider never became ready');
}

function multipart(bytes: Uint8Array, filename: string): { body: Buffer; contentType: string } {
  const boundary = '----posescope-bench-7f3a';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${filename}"\r\nContent-Type: image/jpeg\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function runLoad(
  title: string,
  base: string,
  pid: number,
  upload: { body: Buffer; contentType: string },
): Promise<boolean> {
  const rssStart = rssMb(pid);
  let rssPeak = rssStart;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid))), 250);
  const result = await autocannon({
    url: `${base}/api/pose`,
    method: 'POST',
    headers: { 'content-type': upload.contentType },
    body: upload.body,
    connections,
    duration: durationSec,
    timeout: 60,
  });
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 2000));
  const rssEnd = rssMb(pid);
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [
      code,
      (stat as { count: number }).count,
    ]),
  );
  const bad = Object.keys(statuses).filter((code) => Number(code) >= 500 && code !== '503');
  const ok = statuses['200'] ?? 0;
  console.log(`\n== ${title}: ${connections} connections, ${durationSec} s (loopback)`);
  console.log(
    `requests      ${result.requests.total} (${result.requests.average.toFixed(1)} req/s), 200 OK: ${ok} (${(ok / durationSec).toFixed(1)}/s)`,
  );
  console.log(
    `latency       p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
  );
  console.log(
    `status mix    ${JSON.stringify(statuses)}; socket errors ${result.errors}, timeouts ${result.timeouts}`,
  );
  console.log(`server RSS    start ${rssStart} MB, peak ${rssPeak} MB, 2 s after ${rssEnd} MB`);
  if (bad.length > 0 || result.errors > 0)
    console.log(`PROBLEM       5xx other than 503 or socket errors: ${bad.join(', ') || result.errors}`);
  return bad.length === 0;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const photo = await sharp(join(ROOT, 'test-data', 'images', 'messi5.jpg'))
  .jpeg({ quality: 90 })
  .toBuffer();
console.log('Numbers are from a shared 2-core machine unless stated otherwise: treat them as rough.');
let allGood = true;

if (target === 'local' || target === 'both') {
  const { child, base } = await startServer({ POSE_PROVIDER: 'local' });
  try {
    await waitReady(base);
    allGood =
      (await runLoad('local engine', base, child.pid ?? 0, multipart(photo, 'messi5.jpg'))) && allGood;
  } finally {
    await stop(child);
  }
}

if (target === 'nhn' || target === 'both') {
  const secret = 'bench-secret-not-real';
  const fake = await startFakeNhnUpstream({ appKey: 'bench', secretKey: secret });
  const { child, base } = await startServer({
    NHN_APPKEY: 'bench',
    NHN_SECRET_KEY: secret,
    NHN_API_BASE_URL: fake.url,
  });
  try {
    allGood =
      (await runLoad(
        'NHN provider -> fake upstream',
        base,
        child.pid ?? 0,
        multipart(photo, 'ok-bench.jpg'),
      )) && allGood;
  } finally {
    await stop(child);
    await fake.close();
  }
}

process.exit(allGood ? 0 : 1);
