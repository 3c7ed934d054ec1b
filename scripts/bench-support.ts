// Shared pieces of the headless-chromium benches (bench-ui.ts, bench-batch.ts): figure printing,
// small statistics, and our server started in NHN mode against a fake upstream on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { E2E_APPKEY, E2E_SECRET } from '../e2e/e2e-env';
import { serverCommand } from './bundle-server.mjs';

const root = resolve(import.meta.dirname, '..');

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

export const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');

export function report(name: string, value: string): void {
  console.log(`${name.padEnd(58)} ${value}`);
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

/** Runs a figure; a missing feature or a failure prints "not available" and the rest goes on. */
export async function figure(name: string, measure: () => Promise<string>): Promise<void> {
  try {
    report(name, await measure());
  } catch (error) {
    report(name, `not available (${reasonOf(error)})`);
  }
}

export async function waitForUrl(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * Our real server on `port`, run as `npm start` runs it (its bundle, tsx as the fallback), with
 * `extra` env, minus the shell's NHN keys.
 */
async function startServer(port: number, extra: Record<string, string>): Promise<ChildProcess> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('NHN_')) env[k] = v;
  const server = await serverCommand(root);
  return spawn(process.execPath, server.args, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...env,
      ...server.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      RATE_LIMIT_PER_MIN: '0',
      LOG_FORMAT: 'off',
      ...extra,
    },
  });
}

/** Our real server in NHN mode on `port`, talking to the fake upstream at `upstreamUrl`. */
export function startNhnModeServer(port: number, upstreamUrl: string): Promise<ChildProcess> {
  return startServer(port, {
    POSE_PROVIDER: 'nhn',
    NHN_APPKEY: E2E_APPKEY,
    NHN_SECRET_KEY: E2E_SECRET,
    NHN_API_BASE_URL: upstreamUrl,
  });
}

/** Our real server on the offline engine on `port` (`extra`: e.g. ENGINE_WORKERS). */
export function startLocalModeServer(
  port: number,
  extra: Record<string, string> = {},
): Promise<ChildProcess> {
  return startServer(port, { POSE_PROVIDER: 'local', ...extra });
}

/** SIGTERM (graceful shutdown), SIGKILL after 5 s; resolves when the process has exited. */
export async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((r) => server.once('exit', () => r()));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
