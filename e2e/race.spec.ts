import type { Request } from '@playwright/test';
import { imagePath } from './fixture-images';
import { expect, test } from './fixtures';

// The page never freezes on a slow answer: the image shows at once, the status says what is
// happening, and a second image dropped meanwhile wins; the first answer is never drawn over it.
// The fake upstream's slow* answer trickles one byte every 500 ms, so our server gives up on it
// after NHN_TIMEOUT_MS (3 s in e2e) and answers an error: exactly what must stay invisible.

function isPoseUpload(r: Request): boolean {
  return r.url().includes('/api/pose') && r.method() === 'POST';
}

test('a second image dropped while the first is still analysing replaces it for good', async ({
  app,
  page,
}) => {
  await app.goto();

  const firstRequest = page.waitForRequest(isPoseUpload);
  await app.drop(imagePath('slow-first.png'));
  const first = await firstRequest;
  // The photo is on screen before any answer, and the status says we are waiting.
  await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 400, height: 300 }));
  await expect(app.canvas).toHaveAttribute('data-state', /uploading|analysing/);
  await expect(app.status).toContainText(/Uploading \d+%|Analysing/);
  await app.expectImageShown();

  // The first request ends one way or another: cancelled by the page, or answered late.
  const firstEnded = Promise.race([
    page.waitForEvent('requestfailed', { predicate: (r) => r === first, timeout: 30_000 }),
    page.waitForEvent('requestfinished', { predicate: (r) => r === first, timeout: 30_000 }),
  ]);

  await app.drop(imagePath('none-second.png'));
  await app.waitForState('empty');
  await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 500, height: 500 }));

  await firstEnded;
  // Give a late answer time to (wrongly) render, then check nothing of the first image came back.
  await page.waitForTimeout(500);
  await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 500, height: 500 }));
  await app.expectNoPeopleDetected();
  // Not the first request's late timeout either.
  await expect(page.getByText(/in time|within \d+(\.\d+)? ?m?s|timed? ?out/i)).toHaveCount(0);
});

test('upload progress and the analysing state are shown while waiting', async ({ app }) => {
  await app.goto();
  await app.upload(imagePath('slow-first.png'));
  await expect(app.status).toContainText(/Uploading \d+%|Analysing…/);
  await expect(app.status).toContainText('Analysing…');
  await expect(app.canvas).toHaveAttribute('data-state', 'analysing');
  // Then the server gives up on the trickling upstream and says so.
  await app.waitForState('error', 30_000);
  expect(await app.errorText()).toMatch(/in time|within \d+(\.\d+)? ?m?s|timed? ?out/i);
  await app.expectImageShown();
});
