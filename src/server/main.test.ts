import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeNhnUpstream, type FakeNhnUpstream } from '../../e2e/fake-nhn-upstream';

// The production entry as a real process: start-up line, config errors, graceful SIGTERM.

const ROOT = join(import.meta.dirname, '..', '..');
const SECRET = 'main-test-secret-0042';
let fake: FakeNhnUpstream;

beforeAll(async () => {
  fake = await startFakeNhnUpstream({ appKey: 'app', secretKey: SECRET, slowByteIntervalMs: 1 });
});
afterAll(async () => {
  await fake.close();
});

function startMain(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'server', 'main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(check: () => RegExpMatchArray | null, ms = 20_000): Promise<RegExpMatchArray> {
  const until = Date.now() + ms;
  for (;;) {
    const match = check();
    if (match) return match;
    if (Date.now() > until) throw new Error('timed out waiting for the server');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('src/server/main.ts', () => {
  it('refuses to start on bad config, listing each bad variable, exit code 1', async () => {
    const run = startMain({ PORT: 'http', NHN_API_BASE_URL: 'http://example.com' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/PORT: must be a whole number/);
    expect(run.output()).toMatch(/NHN_API_BASE_URL: must use https/);
  }, 30_000);

  it('prints where it listens, and on SIGTERM finishes the in-flight request, refuses new ones, exits 0', async () => {
    const run = startMain({ NHN_APPKEY: 'app', NHN_SECRET_KEY: SECRET, NHN_API_BASE_URL: fake.url });
    const match = await waitFor(() =>
      run.output().match(/PoseScope listening on http:\/\/127\.0\.0\.1:(\d+) \(provider: nhn/),
    );
    const base = `http://127.0.0.1:${match[1]}`;
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    const data = new FormData();
    // slow*: the fake upstream trickles its answer (1 ms a byte), so the request is in flight.
    data.append('image', new Blob([new Uint8Array(jpeg)]), 'slow.jpg');
    const inFlight = fetch(`${base}/api/pose`, { method: 'POST', body: data });
    await waitFor(() => (fake.requests.some((r) => r.scenario === 'slow') ? ['x'] : null));
    run.child.kill('SIGTERM');
    // main.ts logs "shutdown" and calls server.close() in the same tick: once the line is out,
    // new connections are refused (an explicit signal instead of a guessed delay).
    await waitFor(() => (run.output().includes('"msg":"shutdown"') ? ['x'] : null));
    await expect(fetch(`${base}/api/health`)).rejects.toThrow();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('"msg":"shutdown"');
    expect(run.output()).not.toContain(SECRET);
  }, 40_000);
});
