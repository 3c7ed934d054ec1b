// Which file a pose worker thread starts from.
//
// Preferred: pose-worker.ts bundled by esbuild (installed with tsx, which runs this server) into
// one plain ES module under .cache/engine, npm packages left as imports. A worker started from it
// needs no TypeScript loader: each tsx loader costs ~50 MB of RSS per worker thread.
// Fallback: pose-worker-boot.mjs, which registers tsx inside the worker and imports the .ts file.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';
import { z } from 'zod';

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
        entryPoints: [fileURLToPath(new URL('./pose-worker.ts', import.meta.url))],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        write: false,
        logLevel: 'silent',
      }),
    );
    const text = result.outputFiles[0]!.text;
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    mkdirSync(cacheDir, { recursive: true });
    const file = join(cacheDir, `pose-worker-${hash}.mjs`);
    if (!existsSync(file)) {
      // Written under a private name, then renamed: engines starting in parallel never see half a file.
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    }
    return { url: pathToFileURL(file), kind: 'bundle' };
  } catch {
    return fallback;
  }
}
