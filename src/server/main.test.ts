import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeNhnUpstream, type FakeNhnUpstream } from '../../e2e/fake-nhn-upstream';
import { serverCommand } from '../../scripts/bundle-server.mjs';

// The production entry as a real process, run the way `npm start` runs it (the bundle made by
// scripts/bundle-server.mjs): start-up line, config errors, graceful SIGTERM.

const ROOT = join(import.meta.dirname, '..', '..');
const SECRET = 'main-test-secret-0042';
let fake: FakeNhnUpstream;
let server: { args: string[]; env: Record<string, string> };

beforeAll(async () => {
  fake = await startFakeNhnUpstream({ appKey: 'app', secretKey: SECRET, slowByteIntervalMs: 1 });
  server = await serverCommand(ROOT);
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
  const child = spawn(process.execPath, server.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...server.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/**
 * Resolves once `check` passes, re-checked on every output chunk of the child and every 20 ms; no deadline of its own (the test's timeout is the only clock), so a busy
 * machine makes the test slower, never wrong.
 */
async function until<T>(check: () => T | null | undefined | false, child?: ChildProcess): Promise<T> {
  for (;;) {
    const value = check();
    if (value) return value;
    await new Promise<void>((resolve) => {
      const done = () => {
        child?.stdout?.off('data', done);
        child?.stderr?.off('data', done);
        resolve();
      };
      child?.stdout?.once('data', done);
      child?.stderr?.once('data', done);
      // Also re-check now and then for state outside the child (the fake upstream's records).
      setTimeout(done, 20);
    });
  }
}

describe('src/server/main.ts', () => {
  it('runs as one bundled module, without the tsx loader, its paths still those of the sources', async () => {
    expect(server.args).toHaveLength(1);
    const bundle = server.args[0]!;
    expect(bundle).toMatch(/\.cache\/server\/main-[0-9a-f]{16}\.mjs$/);
    const text = await readFile(bundle, 'utf8');
    expect(text).not.toContain('import.meta.url');
    // Each module's import.meta.url is its source file: the worker entry and repository root
    // resolve as under tsx.
    expect(text).toContain(
      JSON.stringify(pathToFileURL(join(ROOT, 'src', 'server', 'engine', 'worker-entry.ts')).href),
    );
    expect(server.env).toEqual({ ESBUILD_WORKER_THREADS: '0' });
  });

  it('refuses to start on bad config, listing each bad variable, exit code 1', async () => {
    const run = startMain({ PORT: 'http', NHN_API_BASE_URL: 'http://example.com' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/PORT: must be a whole number/);
    expect(run.output()).toMatch(/NHN_API_BASE_URL: must use https/);
  }, 30_000);

  it('prints where it listens, and on SIGTERM finishes the in-flight request, refuses new ones, exits 0', async () => {
    const run = startMain({ NHN_APPKEY: 'app', NHN_SECRET_KEY: SECRET, NHN_API_BASE_URL: fake.url });
    const match = await until(
      () => run.output().match(/PoseScope listening on http:\/\/127\.0\.0\.1:(\d+) \(provider: nhn/),
      run.child,
    );
    const base = `http://127.0.0.1:${match[1]}`;
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    const data = new FormData();
    // slow*: the fake upstream trickles its answer (1 ms a byte), so the request is in flight.
    data.append('image', new Blob([new Uint8Array(jpeg)]), 'slow.jpg');
    const inFlight = fetch(`${base}/api/pose`, { method: 'POST', body: data });
    await until(() => fake.requests.some((r) => r.scenario === 'slow'));
    run.child.kill('SIGTERM');
    // main.ts logs "shutdown" and calls server.close() in the same tick: once the line is out,
    // new connections are refused (an explicit signal instead of a guessed delay).
    await until(() => run.output().includes('"msg":"shutdown"'), run.child);
    await expect(fetch(`${base}/api/health`)).rejects.toThrow();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('"msg":"shutdown"');
    expect(run.output()).not.toContain(SECRET);
  }, 40_000);
});
