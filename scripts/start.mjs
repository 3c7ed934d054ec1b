// `npm start`: build the client when dist/client is missing or older than its sources, then run
// the production server (src/server/main.ts, bundled by scripts/bundle-server.mjs) with the same
// environment, forwarding signals.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverCommand } from './bundle-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(root, 'dist', 'client', 'index.html');

/** Newest modification time (ms) under a path; directories are walked, node_modules skipped. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function needsBuild() {
  if (!existsSync(builtIndex)) return 'dist/client is missing';
  const builtAt = statSync(builtIndex).mtimeMs;
  const sources = ['src/client', 'src/contract', 'src/pose', 'public', 'index.html', 'vite.config.ts'];
  const stale = sources.find((p) => newestMtime(join(root, p)) > builtAt);
  return stale ? `${stale} changed since the last build` : undefined;
}

function run(args, extraEnv = {}) {
  return new Promise((resolve) => {
    // glibc gives each thread group its own malloc arena; with the pose worker threads and sharp
    // that fragmentation cost ~55 MB of peak RSS (744 -> 689 MB, 2 workers over coco-mini).
    // Read at process start, so it is set for the child; an explicit value wins.
    const env = { MALLOC_ARENA_MAX: '2', ...process.env, ...extraEnv };
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env });
    const forward = (signal) => child.kill(signal);
    process.on('SIGTERM', forward);
    process.on('SIGINT', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      process.off('SIGINT', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

// The e2e servers pass --no-client-build: e2e/ensure-build.mjs decides for them.
const reason = process.argv.includes('--no-client-build') ? undefined : needsBuild();
if (reason) {
  console.log(`Building the client (${reason})...`);
  const code = await run([join(root, 'scripts', 'build.mjs')]);
  if (code !== 0) process.exit(code);
}
const server = await serverCommand(root);
process.exit(await run(server.args, server.env));
