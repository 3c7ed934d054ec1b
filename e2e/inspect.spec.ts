import type { Download, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { z } from 'zod';
import { RawEnvelope } from '../src/contract/pose-envelope';
import { ko } from '../src/client/i18n/ko';
import { FIXTURE_PERSONS, FIXTURE_WHOLEBODY, fixturePixel, type FixtureKeypoint } from './fake-nhn-upstream';
import { imagePath } from './fixture-images';
import { AppPage, colourDistance, expect, saveScreenshot, test } from './fixtures';

// Inspecting a result closely: hover a keypoint, zoom in, hide parts, export, share the view by
// link, switch to Korean, and do all of it from the keyboard. Fixture coordinates come from the
// fake upstream (fractions of the image size), so the expected values are known exactly.

const W = 640;
const H = 480;

function fixturePoint(person: number, name: string): FixtureKeypoint {
  const k = FIXTURE_PERSONS[person]?.keypoints.find((p) => p.name === name);
  if (!k) throw new Error(`no fixture keypoint ${name} for person ${person}`);
  return k;
}

/** The names people read for the fixture points these stories hover (written out, not computed). */
const HUMAN_NAMES: Record<string, string> = { left_wrist: 'Left wrist', right_hip: 'Right hip' };
function humanName(nhnName: string): string {
  const n = HUMAN_NAMES[nhnName];
  if (!n) throw new Error(`no human name written out for ${nhnName}`);
  return n;
}

async function expectTooltipFor(
  app: AppPage,
  k: FixtureKeypoint,
  /** As people read it: answer position + 1. */
  personNumber: number,
  w = W,
  h = H,
): Promise<void> {
  const want = fixturePixel(k, w, h);
  const tip = await app.hoverKeypoint(want.x, want.y);
  await expect(tip.locator('[data-field="name"]')).toHaveText(humanName(k.name));
  await expect(tip.locator('[data-field="raw-name"]')).toHaveText(`NHN name: ${k.name}`);
  await expect(tip).toContainText(k.score.toFixed(3));
  await expect(tip).toContainText(`x ${want.x.toFixed(1)}, y ${want.y.toFixed(1)}`);
  await expect(tip).toContainText(`Person ${personNumber}`);
}

async function download(page: Page, button: string): Promise<{ download: Download; bytes: Buffer }> {
  const pending = page.waitForEvent('download');
  // Export sits in the toolbar, one click away: open its menu, then pick.
  const menu = await new AppPage(page).openExportMenu();
  await menu.getByRole('button', { name: button, exact: true }).click();
  const d = await pending;
  const path = await d.path();
  return { download: d, bytes: readFileSync(path) };
}

test.describe('inspecting a result', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
  });

  test('hovering a keypoint shows its name, part, score, image position and person', async ({ app }) => {
    await app.analyse(() => app.upload(imagePath('ok-people.png')));
    await expectTooltipFor(app, fixturePoint(0, 'left_wrist'), 1);
    const hip = fixturePixel(fixturePoint(1, 'right_hip'), W, H);
    const tip = await app.hoverKeypoint(hip.x, hip.y);
    await expect(tip.locator('[data-field="name"]')).toHaveText('Right hip');
    await expect(tip.locator('[data-field="raw-name"]')).toHaveText('NHN name: right_hip');
    await expect(tip.locator('[data-field="part"]')).toHaveText(/^body$/i);
    // The second person in the answer (NHN's example gives it the id 2): "Person 2".
    await expect(tip).toContainText('Person 2');
  });

  test('zooming in (buttons and wheel) keeps the tooltip in image pixels', async ({ app, page }) => {
    await app.analyse(() => app.upload(imagePath('ok-people.png')));
    const wrist = fixturePoint(0, 'left_wrist');
    const fitScale = Number(await app.canvas.getAttribute('data-scale'));

    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect
      .poll(async () => Number(await app.canvas.getAttribute('data-scale')))
      .toBeGreaterThan(fitScale * 1.4);
    await expectTooltipFor(app, wrist, 1);

    // Wheel zoom around the pointer: the point under it stays under it.
    const at = await app.imageToScreen(fixturePixel(wrist, W, H).x, fixturePixel(wrist, W, H).y);
    const before = Number(await app.canvas.getAttribute('data-scale'));
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -240);
    await expect
      .poll(async () => Number(await app.canvas.getAttribute('data-scale')))
      .toBeGreaterThan(before);
    // One mouse notch (Chromium: 240 px) is a 10 % step, not a jump.
    expect(Number(await app.canvas.getAttribute('data-scale'))).toBeCloseTo(before * 1.1, 3);
    const after = await app.imageToScreen(fixturePixel(wrist, W, H).x, fixturePixel(wrist, W, H).y);
    expect(Math.hypot(after.x - at.x, after.y - at.y)).toBeLessThan(2);
    await expectTooltipFor(app, wrist, 1);

    // Dots stay on their keypoints when zoomed.
    const colour = await app.personColour(0);
    const px = fixturePixel(wrist, W, H);
    expect(colourDistance(await app.canvasPixel(px.x, px.y), colour)).toBeLessThanOrEqual(48);

    await page.getByRole('button', { name: 'Fit' }).click();
    await expect
      .poll(async () => Number(await app.canvas.getAttribute('data-scale')))
      .toBeCloseTo(fitScale, 5);
  });

  test('part toggles count keypoints per part and hide a part from drawing and hovering', async ({
    app,
    page,
  }) => {
    await app.analyse(() => app.upload(imagePath('whole-body.png')));
    await expect(page.getByTestId('part-count-body')).toHaveText('17');
    await expect(page.getByTestId('part-count-foot')).toHaveText('6');
    await expect(page.getByTestId('part-count-face')).toHaveText('68');
    await expect(page.getByTestId('part-count-hand')).toHaveText('42');

    // A confident face point, away from the body's nose and eyes.
    const face = FIXTURE_WHOLEBODY.find((k) => k.name === 'face-17');
    if (!face) throw new Error('fixture has no face-17');
    const at = fixturePixel(face, 800, 600);
    const tip = await app.hoverKeypoint(at.x, at.y);
    await expect(tip.locator('[data-field="part"]')).toHaveText(/^face$/i);

    await page.getByTestId('part-toggle-face').getByRole('checkbox').uncheck();
    const p = await app.imageToScreen(at.x, at.y);
    await page.mouse.move(p.x + 30, p.y + 30);
    await page.mouse.move(p.x, p.y, { steps: 3 });
    // Hidden parts are not hit-tested: no face tooltip any more.
    await expect(app.tooltip.filter({ hasText: 'face-' })).toHaveCount(0);
  });

  test('exports: NHN JSON, CSV, COCO keypoints and a full-size annotated PNG', async ({ app, page }) => {
    const answer = await app.analyse(() => app.upload(imagePath('ok-people.png')));

    const nhn = await download(page, 'NHN JSON');
    const envelope = RawEnvelope.parse(JSON.parse(nhn.bytes.toString('utf8')));
    expect(envelope.result?.keyPointList).toHaveLength(2);

    const csv = (await download(page, 'CSV')).bytes.toString('utf8').trim().split(/\r?\n/);
    const keypointCount = answer.result.keyPointList.reduce((n, p) => n + p.inferKeypointList.length, 0);
    expect(csv).toHaveLength(1 + keypointCount);
    expect(csv[0]).toMatch(/name/);

    const Coco = z.object({
      images: z.array(
        z.object({ id: z.number(), width: z.literal(W), height: z.literal(H), file_name: z.string() }),
      ),
      annotations: z.array(
        z.object({
          image_id: z.number(),
          category_id: z.number(),
          keypoints: z.array(z.number()).length(17 * 3),
          num_keypoints: z.number().int(),
        }),
      ),
      categories: z
        .array(
          z.object({
            id: z.number(),
            name: z.string(),
            keypoints: z.array(z.string()).length(17),
            skeleton: z.array(z.tuple([z.number(), z.number()])),
          }),
        )
        .min(1),
    });
    const coco = Coco.parse(JSON.parse((await download(page, 'COCO JSON')).bytes.toString('utf8')));
    expect(coco.annotations).toHaveLength(2);
    // v = 2 (visible) only where the score passes the threshold; x, y in image pixels.
    const nose = fixturePixel(fixturePoint(0, 'nose'), W, H);
    expect(coco.annotations[0]!.keypoints[0]).toBeCloseTo(nose.x, 1);
    expect(coco.annotations[0]!.keypoints[1]).toBeCloseTo(nose.y, 1);

    const png = await download(page, 'PNG (full size)');
    const meta = await sharp(png.bytes).metadata();
    expect({ w: meta.width, h: meta.height }).toEqual({ w: W, h: H });
    // A confident keypoint is drawn on the exported image at its own pixel, in its person's colour.
    const { data, info } = await sharp(png.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const wrist = fixturePixel(fixturePoint(0, 'left_wrist'), W, H);
    const i = (Math.round(wrist.y) * info.width + Math.round(wrist.x)) * info.channels;
    const colour = await app.personColour(0);
    expect(
      colourDistance({ r: data[i]!, g: data[i + 1]!, b: data[i + 2]!, a: 255 }, colour),
    ).toBeLessThanOrEqual(48);
  });

  test('the URL hash carries the view options to another browser', async ({
    app,
    page,
    browser,
    traffic,
  }) => {
    await app.analyse(() => app.upload(imagePath('ok-people.png')));
    await page.getByTestId('part-toggle-face').getByRole('checkbox').uncheck();
    // Last change: once the hash shows it, it holds the part toggle too.
    await app.threshold.fill('0.55');
    // The view is written to the hash shortly after the last change (debounced).
    await expect.poll(() => new URL(page.url()).hash).toContain('0.55');
    const link = page.url();

    // A fresh browser context: no localStorage, only the link.
    const other = await browser.newContext();
    traffic.attach(other);
    try {
      const second = await other.newPage();
      await second.goto(link);
      await expect(second.getByRole('slider', { name: 'Score threshold' })).toHaveValue('0.55');
      await expect(second.getByTestId('part-toggle-face').getByRole('checkbox')).not.toBeChecked();
    } finally {
      await other.close();
    }
  });

  test('the view options survive a reload', async ({ app, page }) => {
    // Not the default (0), so a reload that forgot it would show.
    await app.threshold.fill('0.45');
    // As a user would: a moment passes before the reload (the view is saved debounced).
    await expect.poll(() => new URL(page.url()).hash).toContain('0.45');
    await page.reload();
    await expect(app.threshold).toHaveValue('0.45');
  });

  test('the UI speaks Korean, and Hangul renders as real glyphs (not boxes)', async ({ app, page }) => {
    await app.setLanguage('ko');
    await expect(page.getByText(ko.upload.choose, { exact: true })).toBeVisible();
    // Hangul in the page's own font stack: every syllable a full-width glyph, and different
    // syllables different pictures (a missing font draws the same empty box for each).
    const glyphs = await page.evaluate(() => {
      const family = getComputedStyle(document.body).fontFamily;
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.font = `48px ${family}`;
      const picture = (ch: string) => {
        ctx.clearRect(0, 0, 64, 64);
        ctx.fillText(ch, 4, 52);
        return Array.from(ctx.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3)).join(',');
      };
      const chars = ['가', '한', '뷁'];
      return {
        family,
        widths: chars.map((c) => ctx.measureText(c).width),
        distinct: new Set(chars.map(picture)).size,
      };
    });
    expect(glyphs.family).toMatch(/Noto Sans (CJK )?KR|Malgun Gothic|Apple SD Gothic Neo/);
    for (const w of glyphs.widths) expect(w).toBeGreaterThan(0.8 * 48);
    expect(glyphs.distinct).toBe(3);
    await app.analyse(() => page.getByLabel(ko.upload.choose).setInputFiles(imagePath('ok-people.png')));
    await expect(app.personItems.first()).toContainText('사람 1');
    await page.mouse.move(0, 0);
    await saveScreenshot(page, 'korean');
    await page.getByLabel(ko.upload.choose).setInputFiles(imagePath('none-empty-room.png'));
    await expect(page.getByText(ko.status.empty)).toBeVisible();
    // It stays Korean after a reload.
    await page.reload();
    await expect(page.getByText(ko.upload.choose, { exact: true })).toBeVisible();
  });
});

test.describe('from the keyboard only', () => {
  test('Tab reaches every control, and the shortcuts work', async ({ app, page }) => {
    await app.goto();
    await app.analyse(() => app.upload(imagePath('ok-people.png')));

    // Every visible, enabled control of the page...
    const controls = await page.evaluate(() => {
      const all = Array.from(
        document.querySelectorAll<HTMLElement>('button, input, select, summary, a[href], [tabindex="0"]'),
      );
      let n = 0;
      return all
        .filter((el) => {
          // The file input is visually hidden on purpose (its label is the button), yet focusable.
          const fileInput = el instanceof HTMLInputElement && el.type === 'file';
          const visible = el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true });
          const inClosedDetails = el.closest('details:not([open])') !== null && el.tagName !== 'SUMMARY';
          return (fileInput || (visible && !inClosedDetails)) && !(el as HTMLButtonElement).disabled;
        })
        .map((el) => {
          el.dataset.kbd = String(n++);
          return el.dataset.kbd;
        });
    });
    // ...is reached by pressing Tab.
    const reached = new Set<string>();
    for (let i = 0; i < controls.length * 2 + 10; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.kbd);
      if (id !== undefined) reached.add(id);
    }
    const missed = controls.filter((c) => !reached.has(c));
    const names = await page.evaluate(
      (ids) =>
        ids.map((id) => {
          const el = document.querySelector<HTMLElement>(`[data-kbd="${id}"]`);
          return `${el?.tagName.toLowerCase()} "${el?.getAttribute('aria-label') ?? el?.textContent?.trim().slice(0, 30)}"`;
        }),
      missed,
    );
    expect(names, 'controls that Tab never reaches').toEqual([]);

    // Shortcuts: ] raises the threshold one step, 0 fits, arrows move through people, Esc clears.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    const before = Number(await app.threshold.inputValue());
    await page.keyboard.press(']');
    await expect.poll(async () => Number(await app.threshold.inputValue())).toBeGreaterThan(before);
    await page.keyboard.press('ArrowDown');
    await expect(app.personItems.first()).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('Escape');
    await expect(app.personItems.first()).not.toHaveAttribute('aria-current', 'true');
  });
});
