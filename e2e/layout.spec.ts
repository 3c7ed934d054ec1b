import type { Page } from '@playwright/test';
import { imagePath } from './fixture-images';
import { expect, saveScreenshot, test } from './fixtures';

// Layout at the sizes people demo on (issue 11, points 18-20 and 22): a phone at 390 px with no
// sideways scrolling, batch mode included; a header that stays one row from 1024 px; keyboard
// hints only where there is a keyboard; the dark theme.

/** How far the page reaches past the window's right edge (0 = no horizontal scroll). */
async function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test('on a 390x844 phone nothing scrolls sideways, in the viewer and in batch mode', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await app.goto();
  expect(await overflowX(page)).toBe(0);
  await app.analyse(() => app.upload(imagePath('ok-people.png')));
  await expect(app.personItems).toHaveCount(2);
  expect(await overflowX(page)).toBe(0);
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'phone');

  const toggle = page.getByTestId('batch-toggle');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await overflowX(page)).toBe(0);
  // Batch mode's own close (the same toggle) stays on screen and works.
  const box = (await toggle.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
});

for (const size of [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
]) {
  test(`the header is one row at ${size.width} px, with theme and language in the settings menu`, async ({
    app,
    page,
  }) => {
    await page.setViewportSize(size);
    await app.goto();
    const header = page.locator('.app-header');
    const rows = await header.evaluate((el) =>
      Array.from(el.children)
        .map((c) => c.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0)
        .map((r) => ({ top: r.top, bottom: r.bottom })),
    );
    // One row: every item overlaps every other vertically.
    const lowestTop = Math.max(...rows.map((r) => r.top));
    const highestBottom = Math.min(...rows.map((r) => r.bottom));
    expect(lowestTop, JSON.stringify(rows)).toBeLessThan(highestBottom);
    expect(await overflowX(page)).toBe(0);
    // The empty state invites a drop.
    await expect(page.getByTestId('empty-stage')).toContainText('Drop a photo with people in it');
    if (size.width === 1440) await saveScreenshot(page, 'empty');
    // Theme and language are one click away, in the menu.
    const menu = await app.openSettings();
    await expect(menu.getByRole('combobox', { name: 'Theme' })).toBeVisible();
    await expect(menu.getByRole('combobox', { name: 'Language' })).toBeVisible();
  });
}

test.describe('keyboard hints', () => {
  test('show with a mouse and keyboard', async ({ app, page }) => {
    await app.goto();
    await expect(page.getByTestId('shortcuts-hint')).toBeVisible();
  });

  test.describe('on a touch screen', () => {
    test.use({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
    test('are not shown', async ({ app, page }) => {
      await app.goto();
      await expect(page.getByTestId('shortcuts-hint')).toBeHidden();
    });
  });
});

test('the dark theme, with a result', async ({ app, page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await app.goto();
  await app.setTheme('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.analyse(() => app.upload(imagePath('ok-people.png')));
  await expect(app.personItems).toHaveCount(2);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  // A dark page: every channel of the background below 64.
  const channels = (bg.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  for (const c of channels) expect(c).toBeLessThan(64);
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'dark');
});
