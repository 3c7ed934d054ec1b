import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Page, Request } from '@playwright/test';
import { PoseSuccess } from '../src/contract/pose-envelope';
import { CocoKeypointsFile } from '../src/pose/export-coco';
import { imagePath } from './fixture-images';
import { dropOnBatch, type DropFile } from './batch-drop';
import { expect, test } from './fixtures';

// A user drops ten files at once into the Batch panel: valid photos, a corrupt JPEG, a text
// file posing as a PNG and a plain text file. They watch the queue, retry a failure, browse the
// results in the viewer, export the batch as a ZIP, and find the history again after a reload,
// answered from the cache without a single request.

const fromFixture = (file: string, mime: string): DropFile => ({
  name: basename(file),
  mime,
  base64: readFileSync(imagePath(file)).toString('base64'),
});

// JPEG magic bytes, then noise: passes the browser's sniffing, fails decoding on the server.
const corruptJpeg: DropFile = {
  name: 'ok-corrupt.jpg',
  mime: 'image/jpeg',
  base64: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x5a)]).toString('base64'),
};

const TEN: DropFile[] = [
  fromFixture('ok-people.png', 'image/png'),
  fromFixture('ok-people.jpg', 'image/jpeg'),
  fromFixture('ok-people.webp', 'image/webp'),
  fromFixture('ok-portrait.jpg', 'image/jpeg'),
  fromFixture('ok-second.png', 'image/png'),
  fromFixture('none-empty-room.png', 'image/png'),
  fromFixture('fail-x.png', 'image/png'),
  fromFixture('not-image.png', 'image/png'),
  { name: 'notes.txt', mime: 'text/plain', base64: Buffer.from('not a photo').toString('base64') },
  corruptJpeg,
];

const row = (page: Page, name: string) => page.locator(`[data-testid="queue-item"][data-name="${name}"]`);
const status = (page: Page, name: string) => row(page, name).getByTestId('queue-status');

function carries(req: Request, fileName: string): boolean {
  return (req.postDataBuffer() ?? Buffer.alloc(0)).includes(`filename="${fileName}"`);
}

test('a batch of ten: statuses, skipped reasons, retries, gallery, ZIP export and the cache after reload', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/pose')) posts.push(r.url());
  });
  // The first try of two images meets a saturated server (503 + Retry-After: 1) and a server
  // error (500); both then go through to the real server.
  const firstTry = new Set(['ok-second.png', 'ok-portrait.jpg']);
  await page.route('**/api/pose*', async (route) => {
    const req = route.request();
    for (const name of firstTry) {
      if (carries(req, name)) {
        firstTry.delete(name);
        const busy = name === 'ok-second.png';
        await route.fulfill({
          status: busy ? 503 : 500,
          headers: busy ? { 'Retry-After': '1' } : {},
          contentType: 'application/json',
          body: JSON.stringify({
            header: {
              isSuccessful: false,
              resultCode: busy ? -50300 : -50000,
              resultMessage: busy ? 'The server is busy' : 'Internal error',
            },
          }),
        });
        return;
      }
    }
    await route.continue();
  });

  await app.goto();
  await page.getByTestId('batch-toggle').click();
  await dropOnBatch(page, TEN);

  await expect(page.getByTestId('queue-item')).toHaveCount(10);
  await expect(status(page, 'not-image.png')).toHaveText(
    'Skipped: Not a JPEG, PNG or WebP image (image/png)',
  );
  await expect(status(page, 'notes.txt')).toHaveText('Skipped: Not a JPEG, PNG or WebP image (text/plain)');

  for (const name of ['ok-people.png', 'ok-people.jpg', 'ok-people.webp']) {
    await expect(status(page, name)).toHaveText('Done: 2 people');
  }
  await expect(status(page, 'none-empty-room.png')).toHaveText('Done: 0 people');
  await expect(status(page, 'fail-x.png')).toHaveText(/^Failed: .*Invalid image/);
  await expect(status(page, 'ok-corrupt.jpg')).toHaveText(/^Failed: /);
  // 503 + Retry-After: waited, then sent again by itself.
  await expect(status(page, 'ok-second.png')).toHaveText('Done: 2 people', { timeout: 10_000 });
  // 500: failed, retried by the user.
  await expect(status(page, 'ok-portrait.jpg')).toHaveText(/^Failed: Internal error/);
  await row(page, 'ok-portrait.jpg').getByRole('button', { name: 'Retry' }).click();
  await expect(status(page, 'ok-portrait.jpg')).toHaveText('Done: 2 people');
  await expect(page.getByTestId('batch-counts')).toHaveText(/^6 done · 2 failed · 2 skipped · 0 to go/);
  // Two uploads skipped in the browser; every other one sent once, plus the two second tries.
  expect(posts).toHaveLength(10);
  posts.length = 0;

  // Gallery -> viewer, and j / k move between results.
  const gallery = page.getByTestId('gallery-item');
  await expect(gallery).toHaveCount(6);
  await expect(page.getByTestId('summary-people')).toHaveText('10');
  await gallery.first().getByRole('button').first().click();
  await expect(gallery.first()).toHaveAttribute('aria-selected', 'true');
  await app.waitForDone();
  const firstName = (await gallery.first().locator('.batch-cell-name').innerText()).trim();
  await page.getByTestId('batch-gallery').press('j');
  await expect(gallery.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(gallery.first()).toHaveAttribute('aria-selected', 'false');
  await page.getByTestId('batch-gallery').press('k');
  await expect(gallery.first()).toHaveAttribute('aria-selected', 'true');
  expect(firstName.length).toBeGreaterThan(0);
  await gallery.first().getByRole('button').first().click();
  await expect(app.personItems).toHaveCount(firstName.startsWith('none') ? 0 : 2);

  // Compare: the same image with quality=fast and quality=accurate, overlaid in two colours.
  await page
    .locator('[data-testid="gallery-item"]', { hasText: 'ok-people.png' })
    .getByRole('button')
    .first()
    .click();
  await page.getByRole('button', { name: 'Compare fast vs accurate' }).click();
  const overlay = page.getByTestId('compare-overlay');
  await expect(overlay).toBeVisible();
  await expect(overlay.locator('circle[fill="#E69F00"]').first()).toBeAttached();
  await expect(overlay.locator('circle[fill="#56B4E9"]').first()).toBeAttached();
  const nose = overlay.locator('[data-testid="compare-keypoint"][data-name="nose"]').first();
  await nose.locator('circle').last().hover({ force: true });
  // Face keypoints lie close together: the one under the pointer may be a neighbour of the nose.
  await expect(page.getByTestId('compare-tooltip')).toHaveText(/^(nose|\w+_(eye|ear)): \d+\.\d px apart/);
  const compareRequests = posts.filter((u) => /quality=(fast|accurate)/.test(u));
  expect(compareRequests).toHaveLength(2);

  // ZIP: one NHN JSON per result, one COCO file, annotated PNGs, checked by unzipping.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Export ZIP/ }).click();
  const zipPath = await (await download).path();
  const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
  const names = Object.keys(files).sort();
  expect(names.filter((n) => n.startsWith('nhn/'))).toHaveLength(6);
  expect(names.filter((n) => n.startsWith('annotated/') && n.endsWith('.png'))).toHaveLength(6);
  expect(names).toContain('coco-keypoints.json');
  for (const n of names.filter((x) => x.startsWith('nhn/')))
    PoseSuccess.parse(JSON.parse(strFromU8(files[n]!)));
  const coco = CocoKeypointsFile.parse(JSON.parse(strFromU8(files['coco-keypoints.json']!)));
  expect(coco.images).toHaveLength(6);
  expect(coco.annotations.length).toBeGreaterThanOrEqual(10);
  for (const n of names.filter((x) => x.startsWith('annotated/'))) {
    expect(Array.from(files[n]!.slice(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }

  // Reload: the history is still there, and a repeat drop costs no request.
  posts.length = 0;
  await page.reload();
  await expect(app.providerBadge).toBeVisible();
  await page.getByTestId('batch-toggle').click();
  await expect(page.getByTestId('gallery-item')).toHaveCount(6);
  // Cache hit: from the drop to "(cached)" in the queue, timed inside the page.
  const zone = await page.getByTestId('batch-drop-zone').elementHandle();
  const cacheHitMs = await page.evaluate(
    async ({ el, f }) => {
      const t0 = performance.now();
      const dt = new DataTransfer();
      dt.items.add(
        new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.mime }),
      );
      for (const type of ['dragenter', 'dragover', 'drop']) {
        el!.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
      await new Promise<void>((resolve) => {
        const check = () => {
          const s = document.querySelector(
            `[data-testid="queue-item"][data-name="${f.name}"] [data-testid="queue-status"]`,
          );
          if (s?.textContent?.includes('(cached)')) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      return performance.now() - t0;
    },
    { el: zone, f: TEN[0]! },
  );
  test.info().annotations.push({ type: 'cache-hit-ms', description: cacheHitMs.toFixed(1) });
  console.log(`batch cache hit: ${cacheHitMs.toFixed(1)} ms from drop to cached status`);
  // No bound on the time here (a busy machine made it flaky: 608 ms once at load 10); the figure is
  // `npm run bench`'s (bench-batch.ts, cache hits after a reload). That it is a hit is what counts:
  // "(cached)" and no request.
  await expect(status(page, 'ok-people.png')).toHaveText('Done: 2 people (cached)');
  await page.getByTestId('gallery-item').first().getByRole('button').first().click();
  await app.waitForDone();
  expect(posts).toEqual([]);

  // Clear history (two steps) empties the gallery.
  await page.getByRole('button', { name: 'Clear history' }).click();
  await page.getByRole('button', { name: /^Delete all 6$/ }).click();
  await expect(page.getByTestId('gallery-item')).toHaveCount(0);
});

test('when a batch finishes, its first result opens in the viewer', async ({ app, page }) => {
  await app.goto();
  await page.getByTestId('batch-toggle').click();
  await dropOnBatch(page, [
    fromFixture('ok-second.png', 'image/png'),
    fromFixture('ok-people.png', 'image/png'),
  ]);
  await expect(status(page, 'ok-second.png')).toHaveText(/^Done: 2 people/);
  await expect(status(page, 'ok-people.png')).toHaveText(/^Done: 2 people/);
  // No click on a thumbnail: the first item of the batch is shown, with its people.
  await app.waitForDone();
  await expect(app.personItems).toHaveCount(2);
  await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 500, height: 500 }));
  await expect(page.locator('[data-testid="gallery-item"][aria-selected="true"]')).toHaveCount(1);
});
