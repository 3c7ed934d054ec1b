// `npm run bench`: the project's performance figures, one sub-bench after another (they share
// the two cores, so never in parallel). Each prints its own figures; a sub-bench that is missing
// or fails is reported as "not available" and the others still run. No assertions here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

const BENCHES = [
  { title: 'engine (model load, latency, throughput, RSS)', script: 'scripts/bench-engine.ts', args: [] },
  { title: 'person finding (coco-mini, x MultiPose@384)', script: 'scripts/bench-finder.ts', args: [] },
  { title: 'load (50 clients, 30 s)', script: 'scripts/bench-load.ts', args: ['--duration', '30'] },
  { title: 'UI (headless chromium)', script: 'scripts/bench-ui.ts', args: [] },
  { title: 'batch (200 images, headless chromium)', script: 'scripts/bench-batch.ts', args: [] },
  {
    title: 'live camera (fake camera, offline engine, headless chromium)',
    script: 'scripts/bench-camera.ts',
    args: [],
  },
  {
    title: 'video (30 s 720p clip, offline engine, headless chromium)',
    script: 'scripts/bench-video.ts',
    args: [],
  },
];

const outcomes = [];
for (const bench of BENCHES) {
  console.log(`\n##### ${bench.title}: ${bench.script} ${bench.args.join(' ')}`.trimEnd());
  if (!existsSync(join(root, bench.script))) {
    console.log(`not available: ${bench.script} does not exist`);
    outcomes.push(`${bench.script}: not available (missing)`);
    continue;
  }
  const started = Date.now();
  const result = spawnSync(tsx, [bench.script, ...bench.args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status === 0) outcomes.push(`${bench.script}: done in ${seconds} s`);
  else {
    console.log(`not available: ${bench.script} exited with ${result.status ?? result.signal}`);
    outcomes.push(`${bench.script}: not available (exit ${result.status ?? result.signal})`);
  }
}

console.log('\n##### summary');
for (const line of outcomes) console.log(line);
