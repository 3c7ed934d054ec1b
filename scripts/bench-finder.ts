// Person-finding speed for `npm run bench` (issue 10's budget): per coco-mini photo, the latency of
// estimate() at each body quality against bare MoveNet MultiPose@384 inference on the same photo,
// run interleaved photo by photo so that load from other processes hits both alike. Prints the
// median and slowest photo as ratios (target for the default: median <= 1.5x, slowest <= 5x).
// Each quality on one worker (a busy server: nobody to lend work to), and the top-down ones
// (balanced, accurate) on two workers one request at a time (an idle server, as `npm start` runs
// on 2 cores: a request lends its MultiPose pass and half of its crops to the other worker).
// Options: --set coco-mini|images (default coco-mini). Plain figures, no assertions.
import { readGroundTruth, readSetImage, type EvalSet } from '../src/server/engine/eval-sets';
import { createPoseEngine } from '../src/server/engine/pose-engine';
import type { AnalyseOptions } from '../src/server/providers/pose-provider';

const setArg = process.argv.indexOf('--set');
const SET: EvalSet = setArg !== -1 && process.argv[setArg + 1] === 'images' ? 'images' : 'coco-mini';

const SETTINGS: { label: string; options: AnalyseOptions; workers: 1 | 2 }[] = [
  { label: 'balanced (default), 1 worker', options: {}, workers: 1 },
  { label: 'balanced (default), 2 workers', options: {}, workers: 2 },
  { label: 'fast, 1 worker', options: { quality: 'fast' }, workers: 1 },
  { label: 'accurate, 1 worker', options: { quality: 'accurate' }, workers: 1 },
  { label: 'accurate, 2 workers', options: { quality: 'accurate' }, workers: 2 },
];

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const engine = createPoseEngine({ workers: 1 });
const pair = createPoseEngine({ workers: 2 });
await Promise.all([engine.ready(), pair.ready()]);
try {
  const images = readGroundTruth(SET).images;
  const yardstick: number[] = [];
  const latency = SETTINGS.map(() => [] as number[]);
  for (const image of images) {
    const bytes = readSetImage(SET, image.file);
    const bare = await engine.estimate(bytes, { mode: 'multipose', inputSize: 384 });
    yardstick.push(bare.meta.timings?.inference ?? NaN);
    for (const [i, setting] of SETTINGS.entries()) {
      const t0 = performance.now();
      await (setting.workers === 2 ? pair : engine).estimate(bytes, setting.options);
      const ms = performance.now() - t0;
      latency[i]!.push(ms);
    }
  }
  const base = quantile(yardstick, 0.5);
  console.log(
    `\nperson finding on ${SET} (${images.length} photos, whole estimate() incl. decode; ` +
      `bare MultiPose@384 inference median ${base.toFixed(0)} ms)\n`,
  );
  console.log('| quality | median ms | median / MP@384 | p90 / MP@384 | slowest ms | slowest / MP@384 |');
  console.log('|---|---|---|---|---|---|');
  for (const [i, setting] of SETTINGS.entries()) {
    const med = quantile(latency[i]!, 0.5);
    const max = Math.max(...latency[i]!);
    // Ratios of medians and of the slowest photo to the yardstick's median, as the eval reports them.
    console.log(
      `| ${setting.label} | ${med.toFixed(0)} | ${(med / base).toFixed(2)}x | ${(quantile(latency[i]!, 0.9) / base).toFixed(2)}x | ${max.toFixed(0)} | ${(max / base).toFixed(2)}x |`,
    );
  }
} finally {
  await Promise.all([engine.close(), pair.close()]);
}
