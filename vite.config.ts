import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const API_PREFIXES = ['/api/', '/v1.0/'];

/** Mounts the same Hono app that `npm start` serves into Vite's dev server. */
function poseScopeApi(): Plugin {
  return {
    name: 'posescope-api',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!API_PREFIXES.some((p) => req.url?.startsWith(p))) return next();
        server
          .ssrLoadModule('/src/server/dev-server-entry.ts')
          .then((mod) => (mod as typeof import('./src/server/dev-server-entry')).handleDevRequest(req, res))
          .catch(next);
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), poseScopeApi()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: { outDir: 'dist/client', emptyOutDir: true, sourcemap: false },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
