import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { FromWorker, type WorkerInit } from './worker-protocol';
import { workerEntry } from './worker-entry';

// Inside the repository: the bundle imports npm packages, resolved from node_modules above it.
const cache = fileURLToPath(new URL('../../../.cache/', import.meta.url));
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'test-worker-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a worker with models that do not exist: it must load its code and report a fatal error. */
async function fatalFrom(url: URL): Promise<string> {
  const init: WorkerInit = {
    modelsDir: join(dir, 'no-models'),
    wasmDir: fileURLToPath(
      new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url),
    ),
    models: ['movenet-multipose'],
    warmupSize: 256,
    topdownFinder: 'auto',
  };
  const worker = new Worker(url, { workerData: init });
  try {
    const raw = await new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const msg = FromWorker.parse(raw);
    return msg.type === 'fatal' ? msg.message : msg.type;
  } finally {
    await worker.terminate();
  }
}

describe('workerEntry', () => {
  it('bundles the TypeScript worker into one plain ES module that starts without a loader', async () => {
    const entry = workerEntry(dir);
    expect(entry.kind).toBe('bundle');
    const file = fileURLToPath(entry.url);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/from "@tensorflow\/tfjs-core"/);
    // Same source, same file: a second engine reuses it.
    expect(workerEntry(dir).url.href).toBe(entry.url.href);
    expect(await fatalFrom(entry.url)).toMatch(/no-models.*ENOENT|ENOENT.*no-models/);
  });

  it('falls back to a tsx-registering boot file that runs the .ts worker directly', async () => {
    expect(await fatalFrom(new URL('./pose-worker-boot.mjs', import.meta.url))).toMatch(/ENOENT/);
  });
});
