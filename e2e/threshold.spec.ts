import { imagePath } from './fixture-images';
import { colourDistance, expect, test } from './fixtures';
import { isolatedKeypoints, weakestIsolatedKeypoint } from './pose-samples';

// Low scores fade but stay visible; raising the score threshold above a point's score hides it.

test('raising the score threshold hides a low-score keypoint, lowering it brings it back', async ({
  app,
}) => {
  await app.goto();
  const answer = await app.analyse(() => app.upload(imagePath('ok-people.png')));
  const size = await app.imageSize();
  const rect = await app.imageRect();
  // 12 screen px clear of every other mark, in image px.
  const weak = weakestIsolatedKeypoint(
    answer.result,
    size.width,
    size.height,
    (12 * size.width) / rect.width,
  );
  expect(weak, 'the fixture has a weak keypoint away from other marks').toBeDefined();
  if (!weak) return;

  await app.threshold.fill('0');
  const drawn = await app.canvasPixel(weak.x, weak.y);
  // The fixture photo is one uniform grey: its corner is what "hidden" must look like.
  const photo = await app.canvasPixel(3, 3);
  expect(colourDistance(drawn, photo), `${weak.name} (score ${weak.score}) is drawn faintly`).toBeGreaterThan(
    6,
  );

  const above = Math.min(1, weak.score + 0.05).toFixed(2);
  await app.threshold.fill(above);
  await expect
    .poll(async () => colourDistance(await app.canvasPixel(weak.x, weak.y), photo), {
      message: `${weak.name} (score ${weak.score}) is hidden at threshold ${above}`,
    })
    .toBeLessThanOrEqual(3);

  await app.threshold.fill('0');
  await expect
    .poll(async () => colourDistance(await app.canvasPixel(weak.x, weak.y), photo))
    .toBeGreaterThan(6);
});

test('by default a low-score keypoint fades but stays visible (until the user raises the threshold)', async ({
  app,
}) => {
  await app.goto();
  const answer = await app.analyse(() => app.upload(imagePath('ok-people.png')));
  const size = await app.imageSize();
  const rect = await app.imageRect();
  const weak = weakestIsolatedKeypoint(
    answer.result,
    size.width,
    size.height,
    (12 * size.width) / rect.width,
  );
  if (!weak) throw new Error('the fixture has no weak keypoint away from other marks');
  expect(weak.score).toBeLessThan(0.3);
  // Nothing set by the user: the slider starts at the default, 0.
  await expect(app.threshold).toHaveValue('0');
  const photo = await app.canvasPixel(3, 3);
  // Drawn faintly: its pixel differs from the photo, but less than a confident dot would.
  const drawn = await app.canvasPixel(weak.x, weak.y);
  expect(
    colourDistance(drawn, photo),
    `${weak.name} (score ${weak.score}) is drawn at the default threshold`,
  ).toBeGreaterThan(6);
  // ...and fainter than a confident dot (score >= 0.9): its pixel is closer to the photo.
  const [strong] = isolatedKeypoints(
    answer.result,
    size.width,
    size.height,
    0.9,
    (12 * size.width) / rect.width,
  );
  if (!strong) throw new Error('the fixture has no confident keypoint away from other marks');
  const strongPixel = await app.canvasPixel(strong.x, strong.y);
  expect(colourDistance(drawn, photo)).toBeLessThan(colourDistance(strongPixel, photo));
});
