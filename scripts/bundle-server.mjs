// The production server as one plain ES module, so `npm start` runs it without the tsx loader
// (~48 MB of RSS in the server process). esbuild comes with tsx, which stays the fallback.
// npm packages stay imports (resolved from the repository's node_modules above .cache/server);
// every module's import.meta.url is its source file's URL, so paths relative to the sources
// (the repository root, the worker's entry, the models) resolve exactly as under tsx.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NODE_BUNDLE, writeBundle } from '../src/server/node-bundle.mjs';

/** @type {import('esbuild').Plugin} */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(args.path).href),
      ),
      loader: 'ts',
    }));
  },
};

/**
 * Bundles src/server/main.ts into .cache/server/ (named by its content hash, so a stale bundle is
 * never run) and returns its path; undefined when esbuild is unavailable or the build fails.
 */
async function bundleServer(root) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  try {
    const result = await esbuild.build({
      ...NODE_BUNDLE,
      entryPoints: [join(root, 'src', 'server', 'main.ts')],
      absWorkingDir: root,
      plugins: [sourceImportMetaUrl],
    });
    return writeBundle(join(root, '.cache', 'server'), 'main', result.outputFiles[0].text);
  } catch (error) {
    console.warn(`Running the server through tsx (bundling failed: ${String(error).split('\n')[0]})`);
    return undefined;
  } finally {
    // The build ran in esbuild's service process: end it, it is not needed while the server runs.
    await esbuild.stop();
  }
}

/**
 * How to run the production server: node's arguments (the bundle, or src/server/main.ts through
 * tsx) and env to add. The bundled server bundles its pose worker once at start with esbuild's
 * buildSync (src/server/engine/worker-entry.ts); ESBUILD_WORKER_THREADS=0 makes that a one-shot
 * esbuild process instead of a worker thread plus a service process kept for the server's life.
 */
export async function serverCommand(root) {
  const bundle = await bundleServer(root);
  return bundle
    ? { args: [bundle], env: { ESBUILD_WORKER_THREADS: '0' } }
    : { args: ['--import', 'tsx', join(root, 'src', 'server', 'main.ts')], env: {} };
}
