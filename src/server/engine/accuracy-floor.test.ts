// The accuracy floor CI guards: the default engine on test-data/coco-mini (120 real COCO photos,
// 63 with nobody). Measured 0.42 AP, 41 of 52 plainly visible people, 0 garbled (docs/engine.md); a
// change that loses people falls under the floor and fails. It checks accuracy, never time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cocoKeypointAp, garbledPeople, peopleFound } from './coco-eval';
import { evaluateSet } from './eval-sets';
import { createPoseEngine, type LocalPoseEngine } from './pose-engine';

let engine: LocalPoseEngine;
beforeAll(async () => {
  engine = createPoseEngine({ workers: 1 });
  await engine.ready();
});
afterAll(() => engine.close());

describe('accuracy floor on coco-mini (default settings)', () => {
  it('keeps body AP >= 0.38, finds >= 37 of the 52 plainly visible people, invents <= 3, garbles <= 1', async () => {
    const run = await evaluateSet('coco-mini', async (bytes) => {
      const { result, personScores } = await engine.estimate(bytes, {});
      return { people: result.keyPointList, personScores };
    });
    const ap = cocoKeypointAp(run.images);
    const found = peopleFound(run.images);
    expect(found.visible).toBe(52);
    expect(ap.ap).toBeGreaterThanOrEqual(0.38);
    expect(found.found).toBeGreaterThanOrEqual(37);
    expect(found.invented).toBeLessThanOrEqual(3);
    // No skeleton thrown across two people (the crowded and wedding-like photos): measured 0.
    expect(garbledPeople(run.images)).toBeLessThanOrEqual(1);
  }, 600_000);
});
