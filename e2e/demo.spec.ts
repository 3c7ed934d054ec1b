import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FIXTURE_PERSONS, fixturePixel } from './fake-nhn-upstream';
import { imagePath } from './fixture-images';
import { colourDistance, expect, saveScreenshot, test, type AppPage, type Rgba } from './fixtures';

// Demoing on a projector (issue 11, points 1-4 and 8): bold skeletons with a halo in
// presentation mode, a note for every hotkey, corner notes that never overlap, keypoint labels
// that keep off the box captions on screen and in the PNG, and Export one click away.

const W = 640;
const H = 480;

function px(person: number, name: string): { x: number; y: number } {
  const k = FIXTURE_PERSONS[person]?.keypoints.find((p) => p.name === name);
  if (!k) throw new Error(`no fixture keypoint ${name}`);
  return fixturePixel(k, W, H);
}

/** A horizontal strip of screen pixels (CSS px) centred on x. */
async function strip(page: Page, x: number, y: number, half: number): Promise<Rgba[]> {
  const png = await page.screenshot({
    clip: { x: Math.round(x) - half, y: Math.round(y), width: 2 * half + 1, height: 1 },
    animations: 'disabled',
  });
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return Array.from({ length: info.width }, (_, i) => ({
    r: data[i * 4]!,
    g: data[i * 4 + 1]!,
    b: data[i * 4 + 2]!,
    a: data[i * 4 + 3]!,
  }));
}

/** Width (px) of the run of `colour` pixels around the strip's centre, and the pixels beside it. */
function run(
  pixels: Rgba[],
  colour: Rgba,
): { width: number; before: Rgba | undefined; after: Rgba | undefined } {
  const near = (p: Rgba) => colourDistance(p, colour) <= 60;
  const mid = Math.floor(pixels.length / 2);
  // The limb may be a pixel off the centre: start from the nearest matching pixel.
  let start = -1;
  for (let d = 0; d <= 3 && start < 0; d++) {
    if (pixels[mid - d] && near(pixels[mid - d]!)) start = mid - d;
    else if (pixels[mid + d] && near(pixels[mid + d]!)) start = mid + d;
  }
  if (start < 0) return { width: 0, before: undefined, after: undefined };
  let lo = start;
  let hi = start;
  while (lo > 0 && near(pixels[lo - 1]!)) lo--;
  while (hi < pixels.length - 1 && near(pixels[hi + 1]!)) hi++;
  return { width: hi - lo + 1, before: pixels[lo - 2], after: pixels[hi + 2] };
}

const isDark = (p: Rgba | undefined) => p !== undefined && Math.max(p.r, p.g, p.b) < 80;

/** Person 1's left torso side (shoulder 0.95 - hip 0.80): nearly vertical, so a row crosses it. */
async function torsoProfile(app: AppPage) {
  const a = px(0, 'left_shoulder');
  const b = px(0, 'left_hip');
  const mid = await app.imageToScreen((a.x + b.x) / 2, (a.y + b.y) / 2);
  return run(await strip(app.page, mid.x, mid.y, 30), await app.personColour(0));
}

test.describe('demoing on a projector', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
    await app.analyse(() => app.upload(imagePath('ok-people.png')));
  });

  test('presentation mode draws bold limbs with a dark halo on both sides, sized to the person', async ({
    app,
    page,
  }) => {
    const editor = await torsoProfile(app);
    // 2.5 px: 1-3 pixels near its colour, depending on where the line falls between pixels.
    expect(editor.width, 'the editor draws a thin limb').toBeGreaterThanOrEqual(1);
    expect(editor.width).toBeLessThanOrEqual(4);

    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('f');
    await expect(page.getByTestId('presentation-caption')).toBeVisible();
    await expect(page.locator('.workspace-root')).toHaveClass(/is-presentation/);
    // The canvas takes the window: wait for the refit.
    await expect.poll(async () => (await app.imageRect()).height).toBeGreaterThan(600);
    const shown = await torsoProfile(app);
    expect(shown.width, 'presentation limbs are bold').toBeGreaterThanOrEqual(8);
    expect(shown.width).toBeGreaterThan(2 * Math.max(2, editor.width));
    expect(isDark(shown.before), `halo left of the limb: ${JSON.stringify(shown.before)}`).toBe(true);
    expect(isDark(shown.after), `halo right of the limb: ${JSON.stringify(shown.after)}`).toBe(true);
    await page.mouse.move(0, 0);
    await saveScreenshot(page, 'presentation');

    // Zoomed in, the person is bigger on screen: the limbs follow (until their 16 px cap).
    await page.keyboard.press('+');
    await expect.poll(async () => (await torsoProfile(app)).width).toBeGreaterThan(shown.width);
  });

  test('every hotkey says what it did', async ({ page }) => {
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    const toast = page.getByTestId('hotkey-toast');
    await page.keyboard.press(']');
    await expect(toast).toHaveText('Threshold 0.05');
    await page.keyboard.press(']');
    await expect(toast).toHaveText('Threshold 0.10');
    await page.keyboard.press('[');
    await expect(toast).toHaveText('Threshold 0.05');
    await page.keyboard.press('4');
    await expect(toast).toHaveText('Hands hidden');
    await page.keyboard.press('4');
    await expect(toast).toHaveText('Hands shown');
    await page.keyboard.press('1');
    await expect(toast).toHaveText('Body hidden');
    await page.keyboard.press('h');
    await expect(toast).toHaveText('Overlays hidden');
    await page.keyboard.press('h');
    await expect(toast).toHaveText('Overlays shown');
    await page.keyboard.press('ArrowDown');
    await expect(toast).toHaveText('Person 1 selected');
    await page.keyboard.press('Escape');
    await expect(toast).toHaveText('Selection cleared');
    await page.keyboard.press('+');
    await expect(toast).toHaveText(/^Zoom \d+%$/);
    await page.keyboard.press('0');
    await expect(toast).toHaveText('Zoom to fit');
  });

  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 768 },
    { width: 390, height: 844 },
  ]) {
    test(`"Overlays hidden" and the presentation caption never overlap at ${size.width}x${size.height}`, async ({
      page,
    }) => {
      await page.setViewportSize(size);
      await page.locator('body').click({ position: { x: 2, y: 2 } });
      await page.keyboard.press('f');
      await page.keyboard.press('h');
      const caption = page.getByTestId('presentation-caption');
      const note = page.getByTestId('overlay-note');
      await expect(caption).toHaveText('2 people · NHN Cloud');
      await expect(note).toBeVisible();
      const a = (await caption.boundingBox())!;
      const b = (await note.boundingBox())!;
      const overlap =
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      expect(overlap, `caption ${JSON.stringify(a)} vs note ${JSON.stringify(b)}`).toBe(false);
      for (const r of [a, b]) {
        expect(r.x).toBeGreaterThanOrEqual(0);
        expect(r.x + r.width).toBeLessThanOrEqual(size.width);
        expect(r.y + r.height).toBeLessThanOrEqual(size.height);
      }
    });
  }

  test('keypoint labels keep off the box captions, on screen and in the exported PNG', async ({
    app,
    page,
  }) => {
    await page.getByRole('checkbox', { name: 'Labels' }).check();
    await page.getByRole('checkbox', { name: 'Boxes' }).check();
    await expect(app.canvas).toHaveAttribute('data-captions', /\[/);
    const Captions = z.array(
      z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
    );
    const captions = Captions.parse(JSON.parse((await app.canvas.getAttribute('data-captions')) ?? '[]'));
    expect(captions).toHaveLength(2);
    const canvasBox = (await app.canvas.boundingBox())!;
    // White label text (all channels > 225) never appears inside a caption (black tag, coloured text).
    const white = (p: Rgba) => Math.min(p.r, p.g, p.b) > 225;
    for (const c of captions) {
      const png = await page.screenshot({
        clip: { x: canvasBox.x + c.x, y: canvasBox.y + c.y, width: c.width, height: c.height },
        animations: 'disabled',
      });
      const { data } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      let whites = 0;
      for (let i = 0; i < data.length; i += 3)
        if (white({ r: data[i]!, g: data[i + 1]!, b: data[i + 2]!, a: 255 })) whites++;
      expect(whites, `label pixels inside the caption at ${JSON.stringify(c)}`).toBe(0);
    }
    // Labels are there: the human names, drawn on the canvas (white text somewhere).
    const full = await app.canvas.screenshot();
    const raw = await sharp(full).removeAlpha().raw().toBuffer();
    let labelPixels = 0;
    for (let i = 0; i < raw.length; i += 3)
      if (raw[i]! > 225 && raw[i + 1]! > 225 && raw[i + 2]! > 225) labelPixels++;
    expect(labelPixels).toBeGreaterThan(50);

    // The PNG (export scale 1 for a 640 px photo): the caption sits on the box top edge in image
    // px, as on screen; no label pixel inside it, and its text in the person's colour.
    const rect = JSON.parse((await app.canvas.getAttribute('data-image-rect')) ?? 'null') as {
      x: number;
      y: number;
      width: number;
    };
    const scale = rect.width / W;
    const menu = await app.openExportMenu();
    const pending = page.waitForEvent('download');
    await menu.getByRole('button', { name: 'PNG (full size)', exact: true }).click();
    const bytes = readFileSync(await (await pending).path());
    const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (const [i, c] of captions.entries()) {
      const boxX = (c.x - rect.x) / scale;
      const boxTop = (c.y + c.height - rect.y) / scale;
      const x0 = Math.round(boxX);
      const y0 = Math.round(boxTop - 18);
      const colour = await app.personColour(i);
      let whites = 0;
      let text = 0;
      for (let y = y0 + 1; y < y0 + 17; y++)
        for (let x = x0 + 1; x < x0 + Math.round(c.width) - 1; x++) {
          const j = (y * info.width + x) * info.channels;
          const p = { r: data[j]!, g: data[j + 1]!, b: data[j + 2]!, a: 255 };
          if (white(p)) whites++;
          if (colourDistance(p, colour) <= 60) text++;
        }
      expect(whites, `label pixels inside PNG caption ${i}`).toBe(0);
      expect(text, `caption ${i} text drawn in the person's colour`).toBeGreaterThan(5);
    }
  });

  test('the zoom readout can be typed, and Fit resets it', async ({ app, page }) => {
    const readout = page.getByRole('textbox', { name: /Zoom percent/ });
    const fit = Number(await app.canvas.getAttribute('data-scale'));
    await readout.fill('250');
    await readout.press('Enter');
    await expect.poll(async () => Number(await app.canvas.getAttribute('data-scale'))).toBeCloseTo(2.5, 6);
    await expect(readout).toHaveValue('250%');
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await expect.poll(async () => Number(await app.canvas.getAttribute('data-scale'))).toBeCloseTo(fit, 6);
  });

  test('a reload brings back the last photo and its result from the local history, with no request', async ({
    app,
    page,
  }) => {
    await expect(app.personItems).toHaveCount(2);
    // Saved to IndexedDB in the background: wait until the page remembers it.
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem('posescope.last-photo')))
      .toContain('"hash"');
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/pose') && r.method() === 'POST') posts.push(r.url());
    });
    await page.reload();
    await expect(app.personItems).toHaveCount(2);
    await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: W, height: H }));
    await app.waitForDone();
    expect(posts).toEqual([]);
    // A new photo replaces it.
    await app.analyse(() => app.upload(imagePath('ok-second.png')));
    await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 500, height: 500 }));
  });

  test('Export is one click away in the toolbar, with every format', async ({ app, page }) => {
    const menu = page.getByTestId('export-panel');
    const box = (await menu.boundingBox())!;
    // In the toolbar above the canvas, not down the side panel.
    expect(box.y).toBeLessThan(260);
    const canvasBox = (await app.canvas.boundingBox())!;
    expect(box.y).toBeLessThan(canvasBox.y);
    await app.openExportMenu();
    for (const name of ['PNG (full size)', 'NHN JSON', 'CSV', 'COCO JSON', 'Copy JSON'])
      await expect(menu.getByRole('button', { name, exact: true })).toBeVisible();
  });
});
