// `npm run screenshots`: copies the screenshots the e2e run took (e2e-screenshots/, git-ignored)
// into docs/screenshots/, and the light one to docs/screenshot.png (README's picture). A test run
// never writes tracked files; this step is taken on purpose, after looking at the pictures.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const from = join(root, 'e2e-screenshots');
const to = join(root, 'docs', 'screenshots');
if (!existsSync(from)) {
  console.error('no e2e-screenshots/ folder: run the e2e tests first (npm run test:e2e)');
  process.exit(1);
}
mkdirSync(to, { recursive: true });
const files = readdirSync(from).filter((f) => f.endsWith('.png'));
for (const f of files) {
  copyFileSync(join(from, f), join(to, f));
  console.log(`docs/screenshots/${f}`);
}
if (files.includes('light.png')) {
  copyFileSync(join(from, 'light.png'), join(root, 'docs', 'screenshot.png'));
  console.log('docs/screenshot.png');
}
