import type { APIResponse, Request, Route } from '@playwright/test';
import { FIXTURE_PERSONS, fixturePixel } from './fake-nhn-upstream';
import { imagePath } from './fixture-images';
import { colourDistance, expect, test } from './fixtures';

// The page never freezes on a slow answer: the image shows at once, the status says what is
// happening, and a second image dropped meanwhile wins; the first answer is never drawn over it.
// Events are ordered by signals (route and request events, the page's own state changes), never
// by sleeps or by outliving a server timeout.

function isPoseUpload(r: Request): boolean {
  return r.url().includes('/api/pose') && r.method() === 'POST';
}

test('a second image dropped while the first is still analysing replaces it for good', async ({
  app,
  page,
}) => {
  // The first upload goes to our real server (and on to the fake NHN upstream) at once; its real
  // answer is held here and handed to the page late: after the second image's skeleton is drawn.
  let fetched!: (response: APIResponse) => void;
  const firstAnswered = new Promise<APIResponse>((resolve) => (fetched = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let delivered!: (outcome: string) => void;
  const lateOutcome = new Promise<string>((resolve) => (delivered = resolve));
  let routed = 0;
  await page.route('**/api/pose*', async (route: Route) => {
    if (routed++ > 0) return route.fallback();
    const response = await route.fetch();
    fetched(response);
    await released;
    await route.fulfill({ response }).then(
      () => delivered('delivered to the page'),
      (error: unknown) => delivered(`refused: ${String(error).split('\n')[0]}`),
    );
  });
  await app.goto();

  const firstRequest = page.waitForRequest(isPoseUpload);
  await app.drop(imagePath('whole-body.png'));
  const first = await firstRequest;
  // The first answer exists (one person, 133 keypoints, for an 800 x 600 image) but is held.
  const firstAnswer = await firstAnswered;
  expect(firstAnswer.status()).toBe(200);
  // The photo is on screen before any answer, and the status says we are waiting.
  await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 800, height: 600 }));
  await expect(app.canvas).toHaveAttribute('data-state', /uploading|analysing/);
  await expect(app.status).toContainText(/Uploading \d+%|Analysing/);
  await app.expectImageShown();

  // The second image (500 x 500, two people) is dropped while the first answer is held.
  const firstEnded = page.waitForEvent('requestfailed', { predicate: (r) => r === first });
  await app.drop(imagePath('ok-second.png'));
  await app.waitForDone();
  await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 500, height: 500 }));
  await expect(app.personItems).toHaveCount(2);
  // The page cancelled the first request when the second image came.
  await firstEnded;

  // Now the first answer lands, late.
  release();
  test.info().annotations.push({ type: 'late answer', description: await lateOutcome });

  // The second image and its skeleton stay: size, two people (the first answer had one), and a
  // dot of person 1 on its left wrist at the second image's pixels.
  await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 500, height: 500 }));
  await expect(app.canvas).toHaveAttribute('data-state', 'done');
  await expect(app.personItems).toHaveCount(2);
  const wrist = FIXTURE_PERSONS[0]!.keypoints.find((k) => k.name === 'left_wrist')!;
  const at = fixturePixel(wrist, 500, 500);
  expect(colourDistance(await app.canvasPixel(at.x, at.y), await app.personColour(0))).toBeLessThanOrEqual(
    48,
  );
  await expect(app.error).toHaveCount(0);
});

test('upload progress and the analysing state are shown while waiting', async ({ app, page }) => {
  await app.goto();
  // Every state and status text the page shows, recorded by the page as it changes: the order is
  // checked afterwards, so a busy machine cannot make the check miss a short-lived state.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    const canvas = document.querySelector('[data-testid="pose-canvas"]');
    const status = document.querySelector('[data-testid="analysis-status"]');
    const record = () => {
      const entry = `${canvas?.getAttribute('data-state') ?? ''}|${status?.textContent ?? ''}`;
      if (seen[seen.length - 1] !== entry) seen.push(entry);
    };
    const observer = new MutationObserver(record);
    for (const node of [canvas, status])
      if (node)
        observer.observe(node, { attributes: true, childList: true, subtree: true, characterData: true });
  });
  // slow*: the fake upstream trickles its answer, so our server gives up after NHN_TIMEOUT_MS.
  await app.upload(imagePath('slow-first.png'));
  await app.waitForState('error', 30_000);
  expect(await app.errorText()).toMatch(/in time|within \d+(\.\d+)? ?m?s|timed? ?out/i);
  await app.expectImageShown();
  const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
  const states = seen.map((e) => e.split('|')[0]);
  const iUploading = states.indexOf('uploading');
  const iAnalysing = states.indexOf('analysing');
  expect(iUploading, seen.join('\n')).toBeGreaterThanOrEqual(0);
  expect(iAnalysing, seen.join('\n')).toBeGreaterThan(iUploading);
  expect(states.indexOf('error')).toBeGreaterThan(iAnalysing);
  expect(
    seen.some((e) => /^uploading\|.*Uploading \d+%/.test(e)),
    seen.join('\n'),
  ).toBe(true);
  expect(
    seen.some((e) => /^analysing\|.*Analysing…/.test(e)),
    seen.join('\n'),
  ).toBe(true);
});
