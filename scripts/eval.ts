// `npm run eval`: runs the embedded engine on the photos of test-data/images that have ground
// truth (gt.json) and prints COCO OKS AP / AP50 for the 17 body keypoints, plus detected vs true
// person counts per image, for every mode / input size, and PCK@0.2 per part group (body, foot,
// face, hand) for whole-body requests at both qualities. The same settings apply to every image.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { COCO_BODY_NAMES } from '../src/server/engine/coco-body';
import { cocoKeypointAp, type EvalImage, type GtPerson } from '../src/server/engine/coco-eval';
import { createPoseEngine } from '../src/server/engine/pose-engine';
import { pck, type PckImage } from '../src/server/engine/pck';
import { FACE_NAMES, LEFT_HAND_NAMES, RIGHT_HAND_NAMES } from '../src/pose/keypoint-catalogue';

/** The part groups scored with PCK, and the names of each the engine can predict. */
const GROUPS: { group: string; names: readonly string[] }[] = [
  { group: 'body', names: COCO_BODY_NAMES },
  // Small toes are not detected (foot-pipeline.ts): scored separately below.
  { group: 'foot', names: ['left_heel', 'right_heel', 'left_big_toe', 'right_big_toe'] },
  { group: 'face', names: FACE_NAMES },
  { group: 'hand', names: [...LEFT_HAND_NAMES, ...RIGHT_HAND_NAMES] },
];

const IMAGES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-data', 'images');

const GroundTruth = z.object({
  images: z.array(
    z.object({
      file: z.string(),
      width: z.number(),
      height: z.number(),
      persons: z.array(
        z.object({
          bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
          area: z.number(),
          keypoints: z.array(
            z.object({ name: z.string(), part: z.string(), x: z.number(), y: z.number(), v: z.number() }),
          ),
        }),
      ),
    }),
  ),
});

const CONFIGS = [
  { mode: 'multipose', inputSize: 256 },
  { mode: 'multipose', inputSize: 384 },
  { mode: 'multipose', inputSize: 512 },
  { mode: 'topdown', inputSize: 256 },
  { mode: 'topdown', inputSize: 384 },
  // The crowd path of top-down (CenterNet finds the people, as when MultiPose is full), forced.
  { mode: 'topdown', inputSize: 256, finder: 'centernet' },
] as const;

async function main(): Promise<void> {
  const gt = GroundTruth.parse(JSON.parse(await readFile(join(IMAGES, 'gt.json'), 'utf8')));
  const engine = createPoseEngine({ workers: 1 });
  const crowdEngine = createPoseEngine({ workers: 1, topdownFinder: 'centernet' });
  await Promise.all([engine.ready(), crowdEngine.ready()]);
  const rows: string[] = [];
  const counts: string[] = [];
  const feetRows: string[] = [];
  try {
    for (const config of CONFIGS) {
      const label =
        config.mode === 'multipose'
          ? `multipose@${config.inputSize}`
          : `topdown@${config.inputSize} (${'finder' in config ? 'centernet' : 'multipose'} finder + thunder)`;
      const images: EvalImage[] = [];
      const perImage: string[] = [];
      const latencies: number[] = [];
      for (const image of gt.images) {
        const bytes = await readFile(join(IMAGES, image.file));
        const t0 = performance.now();
        const { result, personScores } = await ('finder' in config ? crowdEngine : engine).estimate(bytes, {
          mode: config.mode,
          inputSize: config.inputSize,
        });
        latencies.push(performance.now() - t0);
        const gts: GtPerson[] = image.persons.map((p) => ({
          bbox: p.bbox,
          area: p.area,
          keypoints: COCO_BODY_NAMES.map((name) => {
            const k = p.keypoints.find((q) => q.name === name);
            return k ? { x: k.x, y: k.y, score: k.v } : { x: 0, y: 0, score: 0 };
          }),
        }));
        const dts = result.keyPointList.map((person, i) => {
          const keypoints = COCO_BODY_NAMES.map((name) => {
            const k = person.inferKeypointList.find((q) => q.name === name);
            return { x: k?.x ?? 0, y: k?.y ?? 0, score: k?.score ?? 0 };
          });
          // COCO ranks detections across images by the detector's person score.
          return { keypoints, score: personScores[i] ?? 0 };
        });
        images.push({ gts, dts });
        const labelled = image.persons.filter((p) => p.keypoints.some((k) => k.part === 'body')).length;
        perImage.push(`${image.file}: ${result.numberOfPerson}/${labelled} (${image.persons.length})`);
      }
      const ap = cocoKeypointAp(images);
      latencies.sort((a, b) => a - b);
      rows.push(
        `| ${label} | ${ap.ap.toFixed(3)} | ${ap.ap50.toFixed(3)} | ${ap.ap75.toFixed(3)} | ${Math.round(latencies[Math.floor(latencies.length / 2)]!)} |`,
      );
      counts.push(`| ${label} | ${perImage.join(' · ')} |`);
    }
    for (const quality of ['fast', 'accurate'] as const) {
      const images: PckImage[] = [];
      const latencies: number[] = [];
      for (const image of gt.images) {
        const bytes = await readFile(join(IMAGES, image.file));
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
  }
  console.log('Body keypoints, COCO OKS AP over test-data/images (4 photos, 14 people with keypoints)\n');
  console.log('| setting | AP (.50:.95) | AP50 | AP75 | median ms/image (incl. decode) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(
    '\nWhole body: PCK@0.2 of the torso diameter per part group against the COCO-WholeBody labels\n',
  );
  console.log(
    '| setting | body | foot (heels + big toes) | face (68) | hand (2 x 21) | small toes | median ms/image |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const f of feetRows) console.log(f);
  console.log('\nDetected / true people with labelled keypoints (all annotated people)\n');
  console.log('| setting | per image |');
  console.log('|---|---|');
  for (const c of counts) console.log(c);
}

await main();
