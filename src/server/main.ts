import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createProviders } from './create-providers';

// Production entry: `npm start` (scripts/start.mjs) runs it bundled by scripts/bundle-server.mjs
// (or through tsx when esbuild is missing).

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** In-flight requests get this long to finish after SIGTERM before we exit anyway, ms. */
const SHUTDOWN_GRACE_MS = 25_000;

function start(): void {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const providers = createProviders(config);
  const staticRoot = join(REPO_ROOT, 'dist', 'client');
  const { app, logger } = createApp({
    config,
    provider: providers.provider,
    localProvider: providers.localProvider,
    nhnProvider: providers.nhnProvider,
    ...(existsSync(staticRoot) ? { staticRoot } : {}),
  });

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    console.log(
      `PoseScope listening on http://${host}:${info.port} (provider: ${config.provider}: ${config.providerReason})`,
    );
    if (!existsSync(staticRoot))
      console.log('No built client in dist/client: serving the API only (run npm run build).');
  }) as Server;
  // Slow-loris on headers and bodies: Node cuts off requests that take longer than this in total.
  server.headersTimeout = 20_000;
  server.requestTimeout = config.bodyTimeoutMs + 60_000;
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(`PoseScope cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`);
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.event('shutdown', { signal });
    const force = setTimeout(() => {
      console.error('PoseScope: in-flight requests did not finish in time; exiting.');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // Stop accepting; idle keep-alive sockets are closed, in-flight requests run to the end.
    server.close(() => {
      void providers.close().finally(() => {
        clearTimeout(force);
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

start();
