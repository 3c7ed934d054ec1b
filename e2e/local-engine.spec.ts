import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REAL_PHOTO, REAL_PHOTOS_DIR } from './fixture-images';
import { expect, saveScreenshot, test } from './fixtures';

// With no NHN keys at all, PoseScope analyses real photos offline with its embedded engine.
// The local project runs these one at a time: the engine uses both cores.

test.describe.configure({ mode: 'serial' });

const GroundTruth = z.object({
  images: z.array(
    z.object({
      file: z.string(),
      persons: z.array(
        z.object({
          bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
          keypoints: z.array(z.object({ name: z.string(), x: z.number(), y: z.number() })),
        }),
      ),
    }),
  ),
});

function groundTruthOf(file: string) {
  const gt = GroundTruth.parse(JSON.parse(readFileSync(join(REAL_PHOTOS_DIR, 'gt.json'), 'utf8')));
  const image = gt.images.find((i) => i.file === file);
  if (!image?.persons[0]) throw new Error(`no ground truth for ${file}`);
  return image.persons[0];
}

test('with no keys, the offline engine finds the skier in a real photo', async ({ app, page, request }) => {
  const health = await request.get('/api/health');
  expect(health.ok()).toBe(true);
  expect(await health.json()).toMatchObject({ status: 'ok', provider: 'local' });

  await page.setViewportSize({ width: 1280, height: 860 });
  await app.goto();
  await expect(app.providerBadge).toContainText('Offline engine');

  // First inference after start may include model warm-up: allow for it.
  const answer = await app.analyse(() => app.upload(REAL_PHOTO));
  expect(answer.meta?.provider ?? 'local').toBe('local');
  await expect(app.personItems).toHaveCount(1);
  await expect(app.status).toContainText('1');

  // The skier's confident keypoints lie inside the photo (640x425) and are drawn over it.
  const size = await app.imageSize();
  const person = answer.result.keyPointList[0];
  expect(person).toBeDefined();
  const confident = person!.inferKeypointList.filter((k) => k.score >= 0.5);
  expect(confident.length).toBeGreaterThanOrEqual(10);
  for (const k of confident) {
    expect(k.x).toBeGreaterThan(0);
    expect(k.x).toBeLessThan(size.width);
    expect(k.y).toBeGreaterThan(0);
    expect(k.y).toBeLessThan(size.height);
  }
  // ...and near the annotated joints: median error under 10% of the person's height (COCO gt).
  const truth = groundTruthOf('000000000785.jpg');
  const errors = confident.flatMap((k) => {
    const t = truth.keypoints.find((g) => g.name === k.name);
    return t ? [Math.hypot(k.x - t.x, k.y - t.y)] : [];
  });
  errors.sort((a, b) => a - b);
  const median = errors[Math.floor(errors.length / 2)] ?? Infinity;
  expect(median).toBeLessThan(0.1 * truth.bbox[3]);

  // The README's screenshot (light theme) on this CC-licensed photo: written to the ignored
  // e2e-screenshots/ folder; `npm run screenshots` copies it to docs/ when wanted.
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'light');
});
