// One plain ES module from a TypeScript entry, so Node runs it without a loader in memory. Shared
// by the pose worker (src/server/engine/worker-entry.ts) and `npm start`'s server
// (scripts/bundle-server.mjs); plain JavaScript so that the start script needs no loader either.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** esbuild options: npm packages stay imports, resolved from the node_modules above the bundle. */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  write: false,
  logLevel: 'silent',
};

/**
 * Writes `text` to `dir` as `<prefix>-<hash of text>.mjs` unless that file exists (a stale bundle
 * is never run; the same sources reuse their file) and returns its path.
 */
export function writeBundle(dir, prefix, text) {
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${prefix}-${hash}.mjs`);
  if (!existsSync(file)) {
    // Written under a private name, then renamed: processes starting in parallel never see half a file.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
  return file;
}
