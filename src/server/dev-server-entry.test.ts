import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeNhnUpstream, type FakeNhnUpstream } from '../../e2e/fake-nhn-upstream';

// The Vite dev mount: a plain Node (req, res) handler around the same app, created once.

let fake: FakeNhnUpstream;
let server: Server;
let base: string;

beforeAll(async () => {
  fake = await startFakeNhnUpstream({ appKey: 'dev', secretKey: 'dev-secret-123' });
  // The NHN provider keeps this test free of engine workers.
  Object.assign(process.env, {
    NHN_APPKEY: 'dev',
    NHN_SECRET_KEY: 'dev-secret-123',
    NHN_API_BASE_URL: fake.url,
    LOG_FORMAT: 'off',
  });
  const { handleDevRequest } = await import('./dev-server-entry');
  server = createServer((req, res) => void handleDevRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake.close();
  for (const key of ['NHN_APPKEY', 'NHN_SECRET_KEY', 'NHN_API_BASE_URL', 'LOG_FORMAT'])
    delete process.env[key];
});

describe('handleDevRequest', () => {
  it('serves the API and keeps one app instance across module reloads', async () => {
    const health = (await (await fetch(`${base}/api/health`)).json()) as { provider: string };
    expect(health.provider).toBe('nhn');
    const singleton = (globalThis as Record<symbol, unknown>)[Symbol.for('posescope.dev-server')];
    expect(singleton).toBeDefined();
    // A Vite reload re-evaluates the module; the singleton on globalThis must be reused.
    const again = await import(`./dev-server-entry?reload=${Date.now()}`);
    expect(typeof again.handleDevRequest).toBe('function');
    await fetch(`${base}/api/health`);
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('posescope.dev-server')]).toBe(singleton);
  });
});
