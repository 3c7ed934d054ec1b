// `npm run bench`: the project's performance figures, one sub-bench after another (they share
// the two cores, so never in parallel). Each prints its own figures; a sub-bench that is missing
// or fails is reported as "not available" and the others still run. No assertions here.
// Everything printed is also written to docs/bench-figures.md with the date and the machine: the
// one source of figures that README.md and docs/ cite (`--no-write` leaves the file alone).
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const FIGURES = join(root, 'docs', 'bench-figures.md');
const write = !process.argv.includes('--no-write');

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

const started = new Date();
const cpu = cpus();
const machine =
  `${cpu[0]?.model.trim() ?? 'unknown CPU'} x ${cpu.length} cores, ` +
  `${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${type()} ${release()}, Node ${process.version}; ` +
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1 / 5 / 15 min) at the start`;
console.log(`machine: ${machine}`);

/** Runs one sub-bench, echoing its output live; resolves with the output and exit status. */
function run(script, args) {
  return new Promise((resolveRun) => {
    const child = spawn(tsx, [script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.on('close', (status, signal) => resolveRun({ output, status, signal }));
  });
}

const outcomes = [];
const sections = [];
for (const bench of BENCHES) {
  console.log(`\n##### ${bench.title}: ${bench.script} ${bench.args.join(' ')}`.trimEnd());
  if (!existsSync(join(root, bench.script))) {
    console.log(`not available: ${bench.script} does not exist`);
    outcomes.push(`${bench.script}: not available (missing)`);
    sections.push({ bench, output: `not available: ${bench.script} does not exist\n` });
    continue;
  }
  const t0 = Date.now();
  const { output, status, signal } = await run(bench.script, bench.args);
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  let note = '';
  if (status === 0) outcomes.push(`${bench.script}: done in ${seconds} s`);
  else {
    note = `not available: ${bench.script} exited with ${status ?? signal}\n`;
    console.log(note.trimEnd());
    outcomes.push(`${bench.script}: not available (exit ${status ?? signal})`);
  }
  sections.push({ bench, output: output + note });
}

console.log('\n##### summary');
for (const line of outcomes) console.log(line);

if (write) {
  const body = [
    '# Bench figures',
    '',
    `Written by \`npm run bench\` (scripts/bench.mjs) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    `Machine: ${machine}.`,
    '',
    'Do not edit by hand: run `npm run bench` again. README.md and docs/ cite the figures of this run',
    'instead of keeping their own; on a shared machine they are noisy, so read them as rough.',
    '',
    ...sections.flatMap(({ bench, output }) => [
      `## ${bench.title}`,
      '',
      `\`${[bench.script, ...bench.args].join(' ')}\``,
      '',
      '```text',
      output.trimEnd(),
      '```',
      '',
    ]),
    '## Summary',
    '',
    ...outcomes.map((o) => `- ${o}`),
    '',
  ].join('\n');
  writeFileSync(FIGURES, body);
  console.log(`\nwrote ${FIGURES}`);
}
