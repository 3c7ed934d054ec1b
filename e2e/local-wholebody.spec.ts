import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { REAL_PHOTO, REAL_PHOTOS_DIR } from './fixture-images';
import { expect, test, type AppPage } from './fixtures';

// With no NHN keys, the user asks the offline engine for the whole body (Analysis settings in
// the header) and sees faces and hands on real photos; the part toggles count and hide them.
// The local project runs these one at a time: the engine uses both cores.

test.describe.configure({ mode: 'serial' });

/** Messi (Debian opencv-doc): both hands are visible and found at quality fast. */
const MESSI = join(REAL_PHOTOS_DIR, 'messi5.jpg');
const WHOLE_BODY = 'Whole body (body, feet, face, hands)';

async function chooseSettings(page: Page, detect: string, quality: 'Fast' | 'Accurate'): Promise<void> {
  const group = page.getByRole('group', { name: 'Analysis settings' });
  await group.getByRole('combobox', { name: 'Detect' }).selectOption({ label: detect });
  await group.getByRole('combobox', { name: 'Quality' }).selectOption({ label: quality });
}

function poseRequest(page: Page) {
  return page.waitForRequest((r) => r.url().includes('/api/pose') && r.method() === 'POST');
}

/** Pixels of a square around an image point, as the screen shows them. */
async function screenshotAround(app: AppPage, x: number, y: number, half: number): Promise<Buffer> {
  const p = await app.imageToScreen(x, y);
  return app.page.screenshot({
    clip: { x: p.x - half, y: p.y - half, width: 2 * half, height: 2 * half },
    animations: 'disabled',
    caret: 'hide',
  });
}

test('Whole body + Accurate: the skier gets 68 face points, counted, drawn and hidden by the Face toggle', async ({
  app,
  page,
}) => {
  await app.goto();
  await expect(app.providerBadge).toContainText('Offline engine');
  await chooseSettings(page, WHOLE_BODY, 'Accurate');

  const sent = poseRequest(page);
  // First whole-body request of a worker loads and warms its extra models: allow for it.
  const answer = await app.analyse(() => app.upload(REAL_PHOTO));
  const query = new URL((await sent).url()).searchParams;
  expect(query.get('parts')).toBe('body,foot,face,hand');
  expect(query.get('quality')).toBe('accurate');

  await expect(app.personItems).toHaveCount(1);
  const person = answer.result.keyPointList[0];
  if (!person) throw new Error('no person in the answer');
  const face = person.inferKeypointList.filter((k) => k.part === 'face');
  expect(face).toHaveLength(68);
  await expect(page.getByTestId('part-count-face')).toHaveText('68');
  // The threshold is 0 by default: the person's count is every keypoint, face points included.
  expect(person.inferKeypointList.length).toBeGreaterThanOrEqual(17 + 68);
  await expect(app.personItems.first().getByTestId('person-count')).toContainText(
    `${person.inferKeypointList.length} keypoints`,
  );

  // The face point farthest from every non-face keypoint: hovering it can only hit a face point.
  const others = person.inferKeypointList.filter((k) => k.part !== 'face');
  const clearance = (k: { x: number; y: number }) =>
    Math.min(...others.map((o) => Math.hypot(o.x - k.x, o.y - k.y)));
  const target = face.reduce((best, k) => (clearance(k) > clearance(best) ? k : best));
  const tip = await app.hoverKeypoint(target.x, target.y);
  await expect(tip.locator('[data-field="part"]')).toHaveText(/^face$/i);
  // Named by region in the UI ("Jaw 3"), NHN's own name underneath.
  await expect(tip.locator('[data-field="name"]')).toHaveText(
    /^(Jaw|Right eyebrow|Left eyebrow|Nose bridge|Nostrils|Right eye|Left eye|Outer lip|Inner lip) \d+$/,
  );
  await expect(tip.locator('[data-field="raw-name"]')).toHaveText(/^NHN name: face-\d+$/);

  // Toggling Face off removes the face dots from the canvas and from hovering.
  const faceBox = face.reduce(
    (b, k) => ({
      minX: Math.min(b.minX, k.x),
      maxX: Math.max(b.maxX, k.x),
      minY: Math.min(b.minY, k.y),
      maxY: Math.max(b.maxY, k.y),
    }),
    { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity },
  );
  const cx = (faceBox.minX + faceBox.maxX) / 2;
  const cy = (faceBox.minY + faceBox.maxY) / 2;
  await page.mouse.move(0, 0);
  await expect(app.tooltip).toHaveCount(0);
  const withFace = await screenshotAround(app, cx, cy, 24);
  await page.getByTestId('part-toggle-face').getByRole('checkbox').uncheck();
  const withoutFace = await screenshotAround(app, cx, cy, 24);
  expect(withoutFace.equals(withFace)).toBe(false);
  const p = await app.imageToScreen(target.x, target.y);
  await page.mouse.move(p.x + 30, p.y + 30);
  await page.mouse.move(p.x, p.y, { steps: 3 });
  await expect(app.tooltip.filter({ hasText: 'face-' })).toHaveCount(0);
  // The count says what the answer holds; the toggle only hides.
  await expect(page.getByTestId('part-count-face')).toHaveText('68');
  await page.getByTestId('part-toggle-face').getByRole('checkbox').check();
  await page.mouse.move(0, 0);
  expect((await screenshotAround(app, cx, cy, 24)).equals(withFace)).toBe(true);

  // Changing a setting re-analyses the shown photo; the old result stays until the new one.
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const isPose = (url: URL) => url.pathname === '/api/pose';
  await page.route(isPose, async (route) => {
    await gate;
    await route.continue();
  });
  const again = poseRequest(page);
  await page.getByRole('combobox', { name: 'Quality' }).selectOption({ label: 'Fast' });
  expect(new URL((await again).url()).searchParams.get('quality')).toBe('fast');
  await expect(app.canvas).toHaveAttribute('data-state', /uploading|analysing/);
  await expect(app.personItems).toHaveCount(1);
  await expect(page.getByTestId('part-count-face')).toHaveText('68');
  const reanswer = page.waitForResponse(
    (r) => r.url().includes('/api/pose') && r.request().method() === 'POST',
  );
  release();
  expect((await reanswer).ok()).toBe(true);
  await app.waitForDone();
  await page.unroute(isPose);
  await expect(page.getByTestId('part-count-face')).toHaveText('68');

  // The choice survives a reload.
  await page.reload();
  await expect(app.providerBadge).toContainText('Offline engine');
  await expect(page.getByRole('combobox', { name: 'Detect' })).toHaveValue('whole-body');
  await expect(page.getByRole('combobox', { name: 'Quality' })).toHaveValue('fast');
});

test('Whole body + Fast: both hands on the Messi photo are counted by the Hand toggle', async ({
  app,
  page,
}) => {
  await app.goto();
  await expect(app.providerBadge).toContainText('Offline engine');
  await chooseSettings(page, WHOLE_BODY, 'Fast');

  const sent = poseRequest(page);
  const answer = await app.analyse(() => app.upload(MESSI));
  const query = new URL((await sent).url()).searchParams;
  expect(query.get('parts')).toBe('body,foot,face,hand');
  expect(query.get('quality')).toBe('fast');

  const hands = answer.result.keyPointList.flatMap((p) =>
    p.inferKeypointList.filter((k) => k.part === 'hand'),
  );
  // 21 points per hand found.
  expect(hands.length).toBeGreaterThan(0);
  expect(hands.length % 21).toBe(0);
  await expect(page.getByTestId('part-count-hand')).toHaveText(String(hands.length));
  const count = Number(await page.getByTestId('part-count-hand').innerText());
  expect(count).toBeGreaterThan(0);
});
