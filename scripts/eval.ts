// `npm run eval`: the embedded engine's accuracy on the photos with ground truth in test-data:
// coco-mini (120 COCO photos, 63 with nobody) and images (4 COCO photos, whole body). Per set and
// setting: COCO OKS AP / AP50 / AR for the 17 body keypoints, plainly visible people found,
// people invented on photos with nobody, garbled people (limbs on two people), and latency as a ratio of bare MoveNet MultiPose@384
// inference measured in the same run; then PCK@0.2 per part group for whole-body requests.
// `--set coco-mini|images` limits the sets, `--quick` runs the default setting only.
import { COCO_BODY_NAMES } from '../src/server/engine/coco-body';
import { cocoKeypointAp, garbledPeople, peopleFound } from '../src/server/engine/coco-eval';
import {
  EVAL_SETS,
  evaluateSet,
  readGroundTruth,
  readSetImage,
  type EvalSet,
} from '../src/server/engine/eval-sets';
import { createPoseEngine, type LocalPoseEngine } from '../src/server/engine/pose-engine';
import { pck, type PckImage } from '../src/server/engine/pck';
import type { AnalyseOptions } from '../src/server/providers/pose-provider';
import { FACE_NAMES, LEFT_HAND_NAMES, RIGHT_HAND_NAMES } from '../src/pose/keypoint-catalogue';

/** The part groups scored with PCK, and the names of each the engine can predict. */
const GROUPS: { group: string; names: readonly string[] }[] = [
  { group: 'body', names: COCO_BODY_NAMES },
  // Small toes are not detected (foot-pipeline.ts): scored separately below.
  { group: 'foot', names: ['left_heel', 'right_heel', 'left_big_toe', 'right_big_toe'] },
  { group: 'face', names: FACE_NAMES },
  { group: 'hand', names: [...LEFT_HAND_NAMES, ...RIGHT_HAND_NAMES] },
];

interface Setting {
  label: string;
  options: AnalyseOptions;
  /** Top-down with CenterNet alone as the finder (an engine of its own). */
  centernetOnly?: boolean;
}

const SETTINGS: Setting[] = [
  {
    label: '**default** (balanced: CenterNet + MultiPose@256 find, Lightning screens, Thunder poses)',
    options: {},
  },
  { label: 'accurate ("look harder")', options: { quality: 'accurate' } },
  { label: 'balanced, CenterNet alone as finder', options: {}, centernetOnly: true },
  { label: 'fast (one MultiPose@256 pass)', options: { quality: 'fast' } },
  { label: 'multipose@384', options: { mode: 'multipose', inputSize: 384 } },
];

const argv = process.argv.slice(2);
const onlySet = argv.includes('--set') ? argv[argv.indexOf('--set') + 1] : undefined;
const quick = argv.includes('--quick');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Bare MultiPose@384 inference per photo (meta.timings.inference): the latency yardstick. */
async function yardstick(engine: LocalPoseEngine, set: EvalSet): Promise<number> {
  const inference: number[] = [];
  for (const image of readGroundTruth(set).images) {
    const { meta } = await engine.estimate(readSetImage(set, image.file), {
      mode: 'multipose',
      inputSize: 384,
    });
    inference.push(meta.timings?.inference ?? 0);
  }
  return median(inference);
}

async function bodyRows(
  engine: LocalPoseEngine,
  crowdEngine: LocalPoseEngine,
  set: EvalSet,
): Promise<string[]> {
  const base = await yardstick(engine, set);
  const rows: string[] = [];
  for (const setting of quick ? SETTINGS.slice(0, 1) : SETTINGS) {
    const run = await evaluateSet(set, async (bytes) => {
      const { result, personScores } = await (setting.centernetOnly ? crowdEngine : engine).estimate(
        bytes,
        setting.options,
      );
      return { people: result.keyPointList, personScores };
    });
    const ap = cocoKeypointAp(run.images);
    const found = peopleFound(run.images);
    const garbled = garbledPeople(run.images);
    const med = median(run.latencies);
    const max = Math.max(...run.latencies);
    rows.push(
      `| ${setting.label} | ${ap.ap.toFixed(3)} | ${ap.ap50.toFixed(3)} | ${ap.ar.toFixed(3)} | ${found.found}/${found.visible} | ${found.invented} | ${garbled} | ${Math.round(med)} (${(med / base).toFixed(2)}x) | ${Math.round(max)} (${(max / base).toFixed(2)}x) |`,
    );
    console.error(`[eval] ${set}: ${setting.label} AP ${ap.ap.toFixed(3)}`);
  }
  return [
    `\n### ${set} (bare MultiPose@384 inference: median ${Math.round(base)} ms)\n`,
    '| setting | AP | AP50 | AR | plainly visible people found | people invented on photos with nobody | garbled (limbs on two people) | median ms (x MP@384) | slowest ms (x MP@384) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

async function main(): Promise<void> {
  const engine = createPoseEngine({ workers: 1 });
  const crowdEngine = createPoseEngine({ workers: 1, topdownFinder: 'centernet' });
  await Promise.all([engine.ready(), crowdEngine.ready()]);
  const out: string[] = [];
  const feetRows: string[] = [];
  try {
    for (const set of EVAL_SETS.filter((s) => !onlySet || s === onlySet))
      out.push(...(await bodyRows(engine, crowdEngine, set)));
    if (quick || (onlySet && onlySet !== 'images')) return;
    const gt = readGroundTruth('images');
    for (const quality of ['balanced', 'accurate'] as const) {
      const images: PckImage[] = [];
      const latencies: number[] = [];
      for (const image of gt.images) {
        const bytes = readSetImage('images', image.file);
        const t0 = performance.now();
        const { result, personScores } = await engine.estimate(bytes, {
          parts: ['body', 'foot', 'face', 'hand'],
          quality,
        });
        latencies.push(performance.now() - t0);
        images.push({
          gts: image.persons.map((p) => ({
            body: {
              bbox: p.bbox,
              area: p.area,
              keypoints: COCO_BODY_NAMES.map((name) => {
                const k = p.keypoints.find((q) => q.name === name);
                return k ? { x: k.x, y: k.y, score: k.v } : { x: 0, y: 0, score: 0 };
              }),
            },
            named: p.keypoints,
          })),
          dts: result.keyPointList.map((person, i) => ({
            body: {
              score: personScores[i] ?? 0,
              keypoints: COCO_BODY_NAMES.map((name) => {
                const k = person.inferKeypointList.find((q) => q.name === name);
                return { x: k?.x ?? 0, y: k?.y ?? 0, score: k?.score ?? 0 };
              }),
            },
            named: person.inferKeypointList,
          })),
        });
      }
      const small = pck(images, ['left_small_toe', 'right_small_toe']);
      latencies.sort((a, b) => a - b);
      const cells = GROUPS.map(({ names }) => {
        const r = pck(images, names);
        return `${(r.correct / r.total).toFixed(3)} (${r.correct}/${r.total}; ${r.predicted} predicted)`;
      });
      feetRows.push(
        `| default mode, parts=body,foot,face,hand, quality=${quality} | ${cells.join(' | ')} | ${small.predicted}/${small.total} predicted | ${Math.round(latencies[Math.floor(latencies.length / 2)]!)} |`,
      );
    }
  } finally {
    await Promise.all([engine.close(), crowdEngine.close()]);
    console.log(
      `Body keypoints (17), COCO OKS AP, ${new Date().toISOString().slice(0, 10)}; latency per photo incl. decode, 1 worker`,
    );
    for (const line of out) console.log(line);
  }
  if (feetRows.length === 0) return;
  console.log(
    '\nWhole body: PCK@0.2 of the torso diameter per part group against the COCO-WholeBody labels\n',
  );
  console.log(
    '| setting | body | foot (heels + big toes) | face (68) | hand (2 x 21) | small toes | median ms/image |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const f of feetRows) console.log(f);
}

await main();
