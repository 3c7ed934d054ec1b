import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { dropOnBatch, type DropFile } from './batch-drop';
import { expect, test } from './fixtures';

// The history (IndexedDB) is capped by bytes, least recently used image first, and opening an
// item counts as use. Three ~1.1 MB photos against a 3 MB cap: the third pushes one out, and it
// is the one not looked at since, not the oldest.

/** A 600 x 600 PNG of random noise (~1.1 MB: noise does not compress); no two alike. */
async function noisePng(name: string): Promise<DropFile> {
  const pixels = randomBytes(600 * 600 * 3);
  const png = await sharp(pixels, { raw: { width: 600, height: 600, channels: 3 } })
    .png()
    .toBuffer();
  return { name, mime: 'image/png', base64: png.toString('base64') };
}

const done = (page: Page, name: string) =>
  expect(
    page.locator(`[data-testid="queue-item"][data-name="${name}"]`).getByTestId('queue-status'),
  ).toHaveText(/^Done/);

test('the history keeps to its cap: the least recently used photo goes, an opened one stays', async ({
  app,
  page,
}) => {
  const [one, two, three] = await Promise.all([
    noisePng('ok-noise-1.png'),
    noisePng('ok-noise-2.png'),
    noisePng('ok-noise-3.png'),
  ]);
  for (const f of [one, two, three])
    expect(Buffer.from(f.base64, 'base64').length).toBeGreaterThan(1_050_000);
  await app.goto();
  await page.getByTestId('batch-toggle').click();
  const cap = page.getByTestId('history-cap');
  await expect(cap).toHaveValue('300');
  await expect(page.getByTestId('history-usage')).toContainText('of 300.0 MB');
  await cap.fill('3');
  await cap.press('Enter');
  await expect(page.getByTestId('history-usage')).toContainText('of 3.0 MB');

  const gallery = page.getByTestId('gallery-item');
  const names = () => gallery.locator('.batch-cell-name').allInnerTexts();
  await dropOnBatch(page, [one!]);
  await done(page, one!.name);
  await dropOnBatch(page, [two!]);
  await done(page, two!.name);
  await expect(gallery).toHaveCount(2);
  await expect(page.getByTestId('history-usage')).toContainText('2 stored');

  // Photo 1 is older, but is opened now: photo 2 becomes the least recently used.
  await gallery.filter({ hasText: one!.name }).locator('.batch-cell-open').click();
  await expect(
    page.locator('[data-testid="gallery-item"][aria-selected="true"] .batch-cell-name'),
  ).toHaveText(one!.name);

  await dropOnBatch(page, [three!]);
  await done(page, three!.name);
  await expect(gallery).toHaveCount(2);
  expect((await names()).sort()).toEqual([one!.name, three!.name]);
  await expect(page.getByTestId('history-usage')).toContainText(/^2 stored · 2\.\d MB of 3\.0 MB/);

  // After a reload the cap still holds and so does the history.
  await page.reload();
  await page.getByTestId('batch-toggle').click();
  await expect(page.getByTestId('history-cap')).toHaveValue('3');
  await expect(gallery).toHaveCount(2);
});
