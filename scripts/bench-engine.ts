// Engine figures for `npm run bench`: model load time, warm latency (median / p95) per setting on
// real photos and on 640x480 photos, bare model inference vs the whole estimate(), throughput with
// 1 and 2 workers, peak RSS, and whole-body latency (body + feet + face + hands) for photos of 1,
// 2 and 4 people at fast and accurate quality. Plain figures, no assertions.
// Options: --runs N (default 10); --only wholebody (just the whole-body table).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createPoseEngine, type LocalPoseEngine } from '../src/server/engine/pose-engine';
import type { AnalyseOptions } from '../src/server/providers/pose-provider';

/**
 * A bench measures and never gives up: the engine's 20 s default deadline counts queue time, so
 * the all-at-once throughput runs on a busy machine would end in ENGINE_TIMEOUT and no figures.
 */
const BENCH_DEADLINE_MS = 600_000;
const IMAGES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-data', 'images');
const PHOTOS = ['000000000785.jpg', '000000040083.jpg', '000000196141.jpg', '000000197388.jpg', 'messi5.jpg'];
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg !== -1 ? Number(process.argv[runsArg + 1]) : 10;
const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg !== -1 ? process.argv[onlyArg + 1] : undefined;

/** Whole-body photos by number of people the engine finds in them (top-down, default settings). */
const WHOLEBODY_PHOTOS = [
  { people: 1, file: 'messi5.jpg', note: '548x342, both hands visible' },
  { people: 2, file: '000000040083.jpg', note: '500x333' },
  { people: 4, file: '000000197388.jpg', note: '640x392' },
] as const;
const WHOLEBODY_SETTINGS: { label: string; options: AnalyseOptions }[] = [
  { label: 'body only (default)', options: {} },
  {
    label: 'whole body, fast (handlandmark-lite)',
    options: { parts: ['body', 'foot', 'face', 'hand'], quality: 'fast' },
  },
  {
    label: 'whole body, accurate (handlandmark-full)',
    options: { parts: ['body', 'foot', 'face', 'hand'], quality: 'accurate' },
  },
  { label: 'body + foot', options: { parts: ['body', 'foot'] } },
  { label: 'body + face', options: { parts: ['body', 'face'] } },
  { label: 'body + hand, fast', options: { parts: ['body', 'hand'], quality: 'fast' } },
];

/** Whole-body latency table: median / p95 per setting and photo, in ms (one worker, warm). */
async function wholeBody(): Promise<void> {
  const engine = createPoseEngine({ workers: 1, maxQueue: 1000, deadlineMs: BENCH_DEADLINE_MS });
  await engine.ready();
  const photos = await Promise.all(
    WHOLEBODY_PHOTOS.map(async (p) => new Uint8Array(await readFile(join(IMAGES, p.file)))),
  );
  console.log(
    `\nwhole-body latency in ms (median / p95 of ${RUNS} runs, one worker, warm; settings interleaved run by run so that load from other processes hits them alike)\n`,
  );
  console.log(
    `| setting | ${WHOLEBODY_PHOTOS.map((p) => `${p.people} ${p.people === 1 ? 'person' : 'people'} (${p.file}, ${p.note})`).join(' | ')} |`,
  );
  console.log(`|---|${WHOLEBODY_PHOTOS.map(() => '---').join('|')}|`);
  try {
    // Warm-up: loads every whole-body model and runs each input shape once; records how many
    // people each setting finds per photo.
    const found = new Map<string, number>();
    for (const setting of WHOLEBODY_SETTINGS)
      for (const [i, photo] of photos.entries())
        found.set(
          `${setting.label}/${i}`,
          (await engine.estimate(photo, setting.options)).result.numberOfPerson,
        );
    const wall = new Map<string, number[]>();
    for (let r = 0; r < RUNS; r++) {
      for (const setting of WHOLEBODY_SETTINGS) {
        for (const [i, photo] of photos.entries()) {
          const t0 = performance.now();
          await engine.estimate(photo, setting.options);
          const key = `${setting.label}/${i}`;
          wall.set(key, [...(wall.get(key) ?? []), performance.now() - t0]);
        }
      }
    }
    for (const setting of WHOLEBODY_SETTINGS) {
      const cells = photos.map((_, i) => {
        const key = `${setting.label}/${i}`;
        const w = wall.get(key) ?? [];
        const n = found.get(key);
        const expected = WHOLEBODY_PHOTOS[i]!.people;
        return `${ms(quantile(w, 0.5))} / ${ms(quantile(w, 0.95))}${n === expected ? '' : ` (${n} found)`}`;
      });
      console.log(`| ${setting.label} | ${cells.join(' | ')} |`);
    }
  } finally {
    await engine.close();
  }
}

/**
 * Whole body on two workers, one request at a time: requests with 2+ people split their crops
 * onto the idle worker (docs/engine.md, "Splitting whole-body work"). Same photos and runs.
 */
async function wholeBodyTwoWorkers(): Promise<void> {
  const engine = createPoseEngine({ workers: 2, maxQueue: 1000, deadlineMs: BENCH_DEADLINE_MS });
  await engine.ready();
  const photos = await Promise.all(
    WHOLEBODY_PHOTOS.map(async (p) => new Uint8Array(await readFile(join(IMAGES, p.file)))),
  );
  const settings = WHOLEBODY_SETTINGS.slice(1, 3);
  console.log(
    `\nwhole-body latency in ms on 2 workers (median / p95 of ${RUNS} runs, one request at a time, warm)\n`,
  );
  console.log(
    `| setting | ${WHOLEBODY_PHOTOS.map((p) => `${p.people} ${p.people === 1 ? 'person' : 'people'}`).join(' | ')} |`,
  );
  console.log(`|---|${WHOLEBODY_PHOTOS.map(() => '---').join('|')}|`);
  try {
    // Warm-up twice: both workers load the whole-body models (the helper on its first parts job).
    for (let w = 0; w < 2; w++)
      for (const setting of settings)
        for (const photo of photos) await engine.estimate(photo, setting.options);
    const jobsBefore = engine.stats().partsJobs;
    const wall = new Map<string, number[]>();
    for (let r = 0; r < RUNS; r++) {
      for (const setting of settings) {
        for (const [i, photo] of photos.entries()) {
          const t0 = performance.now();
          await engine.estimate(photo, setting.options);
          const key = `${setting.label}/${i}`;
          wall.set(key, [...(wall.get(key) ?? []), performance.now() - t0]);
        }
      }
    }
    for (const setting of settings) {
      const cells = photos.map((_, i) => {
        const w = wall.get(`${setting.label}/${i}`) ?? [];
        return `${ms(quantile(w, 0.5))} / ${ms(quantile(w, 0.95))}`;
      });
      console.log(`| ${setting.label}, 2 workers | ${cells.join(' | ')} |`);
    }
    console.log(
      `\nparts jobs (split requests) during the timed runs: ${engine.stats().partsJobs - jobsBefore}`,
    );
  } finally {
    await engine.close();
  }
}

const SETTINGS: { label: string; options: AnalyseOptions }[] = [
  { label: 'multipose@256 (fast)', options: { mode: 'multipose', inputSize: 256 } },
  { label: 'multipose@384', options: { mode: 'multipose', inputSize: 384 } },
  { label: 'multipose@512', options: { mode: 'multipose', inputSize: 512 } },
  { label: 'topdown@256 (default)', options: { mode: 'topdown', inputSize: 256 } },
  { label: 'topdown@384', options: { mode: 'topdown', inputSize: 384 } },
  { label: 'topdown@256 + parts=foot (BlazePose full)', options: { parts: ['body', 'foot'] } },
];

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}
const ms = (v: number) => `${v.toFixed(0)}`;

async function latency(engine: LocalPoseEngine, images: Uint8Array[], options: AnalyseOptions, runs: number) {
  const wall: number[] = [];
  const inference: number[] = [];
  // One warm-up pass per setting (a new input shape is slower the first time).
  for (const img of images) await engine.estimate(img, options);
  for (let i = 0; i < runs; i++) {
    for (const img of images) {
      const t0 = performance.now();
      const { meta } = await engine.estimate(img, options);
      wall.push(performance.now() - t0);
      inference.push(meta.timings?.inference ?? NaN);
    }
  }
  return { wall, inference };
}

async function throughput(
  engine: LocalPoseEngine,
  images: Uint8Array[],
  options: AnalyseOptions,
): Promise<number> {
  const n = Math.max(12, RUNS * 2);
  await Promise.all(images.map((img) => engine.estimate(img, options)));
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, (_, i) => engine.estimate(images[i % images.length]!, options)),
  );
  return n / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  if (ONLY === 'wholebody') {
    console.log('machine: 2 cores shared with other processes while measured (figures are noisy)');
    await wholeBody();
    await wholeBodyTwoWorkers();
    return;
  }
  const photos = await Promise.all(PHOTOS.map(async (f) => new Uint8Array(await readFile(join(IMAGES, f)))));
  // Target figures: 640x480 photos. One person: 000000000785.jpg (640x425) cropped-to-fill to
  // 640x480; two people: basketball1.png (640x480 as shipped).
  const vga1 = new Uint8Array(
    await sharp(photos[0]!).resize(640, 480, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer(),
  );
  const vga2 = new Uint8Array(await readFile(join(IMAGES, 'basketball1.png')));
  const mix = [vga1, vga2, ...photos];
  console.log('machine: 2 cores shared with other processes while measured (figures are noisy)');

  // Two workers first, with the default settings: start-up, throughput and the RSS figure.
  let t0 = performance.now();
  const two = createPoseEngine({ workers: 2, maxQueue: 1000, deadlineMs: BENCH_DEADLINE_MS });
  await two.ready();
  console.log(
    `2 workers ready in ${ms(performance.now() - t0)} ms (models: ${two.stats().models.join(', ')})`,
  );
  const tp2 = {
    fast: await throughput(two, mix, { mode: 'multipose', inputSize: 256 }),
    dflt: await throughput(two, mix, {}),
  };
  await two.close();
  // maxRSS covers the whole process, worker threads included (kilobytes on Linux).
  const rssTwo = process.resourceUsage().maxRSS / 1024;

  t0 = performance.now();
  const engine = createPoseEngine({ workers: 1, maxQueue: 1000, deadlineMs: BENCH_DEADLINE_MS });
  await engine.ready();
  const startMs = performance.now() - t0;
  const [load] = engine.loadTimes();
  console.log(
    `1 worker ready in ${ms(startMs)} ms: tfjs + model load ${ms(load?.loadMs ?? NaN)} ms, warm-up inferences ${ms(load?.warmupMs ?? NaN)} ms`,
  );
  const tp1 = {
    fast: await throughput(engine, mix, { mode: 'multipose', inputSize: 256 }),
    dflt: await throughput(engine, mix, {}),
  };
  console.log(
    `\nwarm latency in ms, ${RUNS} runs per 640x480 photo, ${Math.ceil(RUNS / 5)} per other photo\n`,
  );
  console.log(
    '| setting | 640x480, 1 person: median | p95 | bare inference median | overhead | 640x480, 2 people: median | p95 | 5 photos (1-5 people): median | p95 |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  try {
    for (const setting of SETTINGS) {
      const a = await latency(engine, [vga1], setting.options, RUNS);
      const b = await latency(engine, [vga2], setting.options, RUNS);
      const c = await latency(engine, photos, setting.options, Math.ceil(RUNS / 5));
      const wallMed = quantile(a.wall, 0.5);
      const infMed = quantile(a.inference, 0.5);
      const overhead = ((wallMed - infMed) / infMed) * 100;
      console.log(
        `| ${setting.label} | ${ms(wallMed)} | ${ms(quantile(a.wall, 0.95))} | ${ms(infMed)} | +${overhead.toFixed(0)}% | ${ms(quantile(b.wall, 0.5))} | ${ms(quantile(b.wall, 0.95))} | ${ms(quantile(c.wall, 0.5))} | ${ms(quantile(c.wall, 0.95))} |`,
      );
    }
  } finally {
    await engine.close();
  }
  console.log(
    '\n"overhead" = (estimate() wall time - model inference) / model inference: decode, letterbox,',
  );
  console.log('crops, post-processing and the worker round trip (no HTTP).\n');
  console.log('throughput, all requests at once over the 7 photos (images/s):');
  console.log(`| setting | 1 worker | 2 workers | ratio |\n|---|---|---|---|`);
  console.log(
    `| multipose@256 | ${tp1.fast.toFixed(2)} | ${tp2.fast.toFixed(2)} | ${(tp2.fast / tp1.fast).toFixed(2)}x |`,
  );
  console.log(
    `| default (topdown@256) | ${tp1.dflt.toFixed(2)} | ${tp2.dflt.toFixed(2)} | ${(tp2.dflt / tp1.dflt).toFixed(2)}x |`,
  );
  console.log(`\npeak RSS of the process with 2 workers (default models): ${rssTwo.toFixed(0)} MB`);
  await wholeBody();
}

await main();
