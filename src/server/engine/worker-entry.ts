// Which file a pose worker thread starts from.
//
// Preferred: pose-worker.ts bundled by esbuild (installed with tsx) into one plain ES module under
// .cache/engine (src/server/node-bundle.mjs), npm packages left as imports. A worker started from it
// needs no TypeScript loader: each tsx loader costs ~50 MB of RSS per worker thread.
// Fallback: pose-worker-boot.mjs, which registers tsx inside the worker and imports the .ts file.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';
import { z } from 'zod';
import { NODE_BUNDLE, writeBundle } from '../node-bundle.mjs';

const BuildResult = z.object({ outputFiles: z.array(z.object({ text: z.string() })).length(1) });

/**
 * Returns the worker entry to use, bundling into `cacheDir` when esbuild is available. cacheDir
 * must be inside the project: the bundle's npm imports resolve from the node_modules above it.
 */
export function workerEntry(cacheDir: string): { url: URL; kind: 'bundle' | 'tsx' } {
  const fallback = { url: new URL('./pose-worker-boot.mjs', import.meta.url), kind: 'tsx' as const };
  try {
    const require = createRequire(import.meta.url);
    // A module, not JSON: its shape is what esbuild's own type declarations say.
    const esbuild = require('esbuild') as typeof Esbuild;
    const result = BuildResult.parse(
      esbuild.buildSync({
        ...NODE_BUNDLE,
        entryPoints: [fileURLToPath(new URL('./pose-worker.ts', import.meta.url))],
      }),
    );
    const file = writeBundle(cacheDir, 'pose-worker', result.outputFiles[0]!.text);
    return { url: pathToFileURL(file), kind: 'bundle' };
  } catch {
    return fallback;
  }
}
