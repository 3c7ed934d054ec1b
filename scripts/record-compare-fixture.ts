// Records the embedded engine's real answers for one photo at quality=fast and quality=accurate,
// as the server's route would answer them (the NHN envelope plus meta), for the compare panel's
// component test: `npx tsx scripts/record-compare-fixture.ts`. Run once; the JSON is committed
// (src/client/features/batch/fixtures/engine-fast-vs-accurate.json). Re-record after an engine
// change that should show in the comparison.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { successEnvelope } from '../src/contract/envelope-builders';
import { createPoseEngine } from '../src/server/engine/pose-engine';

const root = resolve(import.meta.dirname, '..');
/** COCO val2017 000000197388 (test-data/images/SOURCES.md): five people, two overlapping. */
const PHOTO = 'test-data/images/000000197388.jpg';
const OUT = 'src/client/features/batch/fixtures/engine-fast-vs-accurate.json';

const engine = createPoseEngine({ workers: 1 });
try {
  await engine.ready();
  const bytes = new Uint8Array(readFileSync(resolve(root, PHOTO)));
  const answers: Record<string, unknown> = {};
  for (const quality of ['fast', 'accurate'] as const) {
    const { result, meta } = await engine.estimate(bytes, { quality, parts: ['body'] });
    answers[quality] = successEnvelope(result, meta);
    console.log(`${quality}: ${result.numberOfPerson} people (${meta.model})`);
  }
  const fixture = {
    note:
      'Real answers of the embedded engine (body, one worker) for the photo below, recorded with ' +
      '`npx tsx scripts/record-compare-fixture.ts`; not hand-written. Timings are of the recording machine.',
    photo: PHOTO,
    recordedAt: new Date().toISOString().slice(0, 10),
    ...answers,
  };
  writeFileSync(resolve(root, OUT), JSON.stringify(fixture, null, 1) + '\n');
  console.log(`wrote ${OUT}`);
} finally {
  await engine.close();
}
