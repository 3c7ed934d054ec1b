import type { PoseResult } from '../src/contract/pose-envelope';
import { FIXTURE_PERSONS, fixturePixel } from './fake-nhn-upstream';
import { imagePath } from './fixture-images';
import { colourDistance, expect, test, type AppPage } from './fixtures';
import { isolatedKeypoints } from './pose-samples';

// A user puts a photo in (pick, drop or paste) and sees every person's skeleton on it, with the
// dots on the right pixels at any window size. The fake NHN upstream answers two people.

/** Largest per-channel difference between a drawn dot's centre and its person's colour. */
const COLOUR_TOLERANCE = 48;

/** Every confident, isolated keypoint of the answer is drawn in its person's colour. */
async function expectDotsOnKeypoints(app: AppPage, result: PoseResult): Promise<number> {
  const size = await app.imageSize();
  const rect = await app.imageRect();
  // 10 screen px of clearance from other people's marks, expressed in image px.
  const clearance = (10 * size.width) / rect.width;
  const samples = isolatedKeypoints(result, size.width, size.height, 0.9, clearance);
  expect(samples.length, 'the fixture has confident keypoints clear of other people').toBeGreaterThan(0);
  for (const s of samples) {
    const expected = await app.personColour(s.personIndex);
    const actual = await app.canvasPixel(s.x, s.y);
    expect(
      colourDistance(actual, expected),
      `${s.name} of person ${s.personIndex} at image (${s.x.toFixed(1)}, ${s.y.toFixed(1)}) is drawn in its colour ` +
        `(got rgb(${actual.r},${actual.g},${actual.b}), want rgb(${expected.r},${expected.g},${expected.b}))`,
    ).toBeLessThanOrEqual(COLOUR_TOLERANCE);
  }
  return samples.length;
}

/**
 * The answer's coordinates are the fake upstream's fixture fractions times the size of the image
 * as the browser shows it (after EXIF orientation): the server passed them through unchanged.
 */
async function expectFixtureCoordinates(app: AppPage, result: PoseResult): Promise<void> {
  const size = await app.imageSize();
  expect(result.keyPointList.map((p) => p.personId)).toEqual(FIXTURE_PERSONS.map((p) => String(p.personId)));
  FIXTURE_PERSONS.forEach((fixture, i) => {
    const got = result.keyPointList[i]!.inferKeypointList;
    expect(got.map((k) => k.name)).toEqual(fixture.keypoints.map((k) => k.name));
    fixture.keypoints.forEach((k, j) => {
      const want = fixturePixel(k, size.width, size.height);
      expect(Math.abs(got[j]!.x - want.x), `${k.name}.x`).toBeLessThan(0.01);
      expect(Math.abs(got[j]!.y - want.y), `${k.name}.y`).toBeLessThan(0.01);
    });
  });
}

test.describe('putting an image in', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
    await expect(app.providerBadge).toContainText('NHN Cloud');
  });

  test('picking a PNG with "Choose image" lists both people and draws them on their keypoints', async ({
    app,
  }) => {
    const answer = await app.analyse(() => app.upload(imagePath('ok-people.png')));
    expect(answer.result.numberOfPerson).toBe(2);

    await expect(app.personItems).toHaveCount(2);
    await expect(app.status).toContainText('2');
    const items = await app.persons();
    expect(items[0]).toContain('Person 1');
    // Mean score with 3 decimals, as the person list promises.
    expect(items[0]).toMatch(/\b[01]\.\d{3}\b/);
    await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 640, height: 480 }));

    await expectFixtureCoordinates(app, answer.result);
    await expectDotsOnKeypoints(app, answer.result);
  });

  test('dropping a JPEG highlights the drop zone, then shows the people', async ({ app }) => {
    await app.dragOver(imagePath('ok-people.jpg'));
    await expect(app.dropZone).toHaveAttribute('data-drag-active', 'true');

    const answer = await app.analyse(() => app.drop(imagePath('ok-people.jpg')));
    await expect(app.dropZone).not.toHaveAttribute('data-drag-active', 'true');
    await expect(app.personItems).toHaveCount(answer.result.numberOfPerson);
    await expectDotsOnKeypoints(app, answer.result);
  });

  test('pasting a WebP from the clipboard analyses it', async ({ app }) => {
    const answer = await app.analyse(() => app.paste(imagePath('ok-people.webp')));
    await expect(app.personItems).toHaveCount(answer.result.numberOfPerson);
    await expectDotsOnKeypoints(app, answer.result);
  });

  test('the dots stay on their keypoints at two window sizes and after a resize', async ({ app, page }) => {
    const answer = await app.analyse(() => app.upload(imagePath('ok-people.png')));
    const before = await app.imageRect();
    await expectDotsOnKeypoints(app, answer.result);

    // After a resize the layout settles over a few frames (the panel reflows, then the image is
    // refitted and Konva repaints on the next animation frame): the dots must land once it has.
    for (const viewport of [
      { width: 820, height: 620 },
      { width: 1600, height: 1000 },
    ]) {
      await page.setViewportSize(viewport);
      await expect.poll(async () => (await app.imageRect()).width).not.toBe(before.width);
      await expect(async () => {
        await expectDotsOnKeypoints(app, answer.result);
      }).toPass({ timeout: 5_000 });
    }
  });

  test('a portrait photo is fitted whole and its dots land on the right pixels', async ({ app }) => {
    const answer = await app.analyse(() => app.upload(imagePath('ok-portrait.jpg')));
    await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 480, height: 800 }));
    const rect = await app.imageRect();
    expect(rect.height).toBeGreaterThan(rect.width);
    expect(rect.width / rect.height).toBeCloseTo(480 / 800, 2);
    await expectFixtureCoordinates(app, answer.result);
    await expectDotsOnKeypoints(app, answer.result);
  });

  test('an EXIF-rotated JPEG (orientation 6) is shown upright and the dots follow it', async ({ app }) => {
    // Stored 640x400 with "rotate 90° clockwise": it displays as 400x640 portrait.
    const answer = await app.analyse(() => app.upload(imagePath('ok-exif6.jpg')));
    await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 400, height: 640 }));
    // The server measured the same upright frame (meta is always there: our server adds it).
    expect({ w: answer.meta?.imageWidth, h: answer.meta?.imageHeight }).toEqual({ w: 400, h: 640 });
    // The coordinates refer to the upright 400x640 frame the browser shows.
    await expectFixtureCoordinates(app, answer.result);
    await expectDotsOnKeypoints(app, answer.result);
  });

  test('the raw normalised JSON is in a collapsible panel', async ({ app }) => {
    await app.analyse(() => app.upload(imagePath('ok-people.png')));
    const summary = app.rawJson.locator('summary');
    await expect(summary).toContainText('Raw JSON');
    await summary.click();
    await expect(app.rawJson).toHaveAttribute('open', '');
    // Normalised: the array is always inferKeypointList and personId a string.
    await expect(app.rawJson).toContainText('inferKeypointList');
    await expect(app.rawJson).not.toContainText('"inferKeypoints"');
    await expect(app.rawJson).toContainText(/"personId":\s*"0"/);
  });
});
