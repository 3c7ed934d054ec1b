// Builds the client once when dist/client is missing, so `npx playwright test` works on its own.
// scripts/test-all.mjs always builds first; the webServer entries start one after another, so
// only the first server can get here with no build.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

if (!existsSync('dist/client/index.html')) {
  const run = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
