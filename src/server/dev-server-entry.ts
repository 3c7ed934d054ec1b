import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app';
import { loadConfig } from './config';
import { createProviders, type Providers } from './create-providers';

// Mounted by vite.config.ts for `npm run dev`: the same Hono app as `npm start`, minus static
// files (Vite serves the client). Kept on globalThis, so a Vite module reload does not start
// another set of engine workers.

interface DevSingleton {
  listener: ReturnType<typeof getRequestListener>;
  providers: Providers;
}

const KEY = Symbol.for('posescope.dev-server');
const store = globalThis as typeof globalThis & { [KEY]?: DevSingleton };

function singleton(): DevSingleton {
  const existing = store[KEY];
  if (existing) return existing;
  const config = loadConfig(process.env);
  const providers = createProviders(config);
  const { app } = createApp({
    config,
    provider: providers.provider,
    localProvider: providers.localProvider,
    nhnProvider: providers.nhnProvider,
  });
  console.log(`PoseScope API mounted in Vite (provider: ${config.provider}: ${config.providerReason})`);
  const created: DevSingleton = { listener: getRequestListener(app.fetch), providers };
  store[KEY] = created;
  process.once('exit', () => void created.providers.close());
  return created;
}

export async function handleDevRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  await singleton().listener(req, res);
}
