import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { PoseEnvelope, PoseSuccess } from '../src/contract/pose-envelope';
import { E2E_SECRET } from './e2e-env';

// Page objects and fixtures shared by every spec (architecture.md rule 9): specs talk about what
// a user does ("drop an image", "hover the left wrist"), these helpers know the test ids.

/** Displayed image rectangle in CSS px, relative to the pose-canvas container. */
const Rect = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type Rect = z.infer<typeof Rect>;
const Size = z.object({ width: z.number().positive(), height: z.number().positive() });
export type Size = z.infer<typeof Size>;

export type CanvasState = 'idle' | 'uploading' | 'analysing' | 'done' | 'error' | 'empty';

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const MIME_BY_EXT: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** What the browser would report as the File's type: from the extension, like an OS picker. */
export function mimeOf(path: string): string {
  const ext = path.split('.').pop()?.toLowerCase() ?? '';
  return MIME_BY_EXT[ext] ?? 'application/octet-stream';
}

/** "#E69F00" -> {r,g,b,a:255}; "rgb(230, 159, 0)" too. */
export function parseColour(css: string): Rgba {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  if (hex) return { r: parseInt(hex[1]!, 16), g: parseInt(hex[2]!, 16), b: parseInt(hex[3]!, 16), a: 255 };
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?\s*\)$/i.exec(css.trim());
  if (rgb) {
    const a = rgb[4] === undefined ? 1 : Number(rgb[4]);
    return { r: Number(rgb[1]), g: Number(rgb[2]), b: Number(rgb[3]), a: Math.round(a * 255) };
  }
  throw new Error(`cannot parse colour ${css}`);
}

/** Largest per-channel difference (0..255). */
export function colourDistance(a: Rgba, b: Rgba): number {
  return Math.max(Math.abs(a.r - b.r), Math.abs(a.g - b.g), Math.abs(a.b - b.b));
}

interface FilePayload {
  name: string;
  mime: string;
  base64: string;
}

function payloadOf(path: string): FilePayload {
  return { name: basename(path), mime: mimeOf(path), base64: readFileSync(path).toString('base64') };
}

/**
 * Screenshots the e2e run takes for the docs land here (git-ignored); `npm run screenshots`
 * copies them into docs/ on purpose, so a test run never rewrites tracked files.
 */
export const SCREENSHOT_DIR = resolve('e2e-screenshots');

/** Saves a screenshot of the page as e2e-screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

export class AppPage {
  readonly page: Page;
  readonly fileInput: Locator;
  readonly dropZone: Locator;
  readonly canvas: Locator;
  readonly status: Locator;
  readonly error: Locator;
  readonly personItems: Locator;
  readonly providerBadge: Locator;
  readonly rawJson: Locator;
  readonly threshold: Locator;
  readonly tooltip: Locator;

  constructor(page: Page) {
    this.page = page;
    this.fileInput = page.getByLabel('Choose image');
    this.dropZone = page.getByTestId('drop-zone');
    this.canvas = page.getByTestId('pose-canvas');
    this.status = page.getByTestId('analysis-status');
    this.error = page.getByTestId('error-message');
    this.personItems = page.getByTestId('person-item');
    this.providerBadge = page.getByTestId('provider-badge');
    this.rawJson = page.getByTestId('raw-json');
    this.threshold = page.getByRole('slider', { name: 'Score threshold' });
    this.tooltip = page.getByTestId('keypoint-tooltip');
  }

  /**
   * Opens the app and waits until it knows its provider (the badge shows "checking" until
   * /api/health answers). An image put in before that is sent without the provider and sent again
   * once the provider is known (the options changed): on a busy machine that second request
   * overtook a race test's held first one.
   */
  async goto(path = '/'): Promise<void> {
    await this.page.goto(path);
    await expect(this.providerBadge).toBeVisible();
    await expect(this.providerBadge).not.toHaveAttribute('data-provider', 'unknown');
  }

  /** Picks a file with the "Choose image" input, as the OS file dialog would. */
  async upload(path: string): Promise<void> {
    await this.fileInput.setInputFiles(path);
  }

  /** Drags a file over the drop zone (returns while still dragging) so its highlight can be checked. */
  async dragOver(path: string): Promise<void> {
    await this.dispatchDrag(path, ['dragenter', 'dragover']);
  }

  /** A real DataTransfer drop on the drop zone: dragenter, dragover, drop. */
  async drop(path: string): Promise<void> {
    await this.dispatchDrag(path, ['dragenter', 'dragover', 'drop']);
  }

  private async dispatchDrag(path: string, types: string[]): Promise<void> {
    const payload = payloadOf(path);
    const zone = await this.dropZone.elementHandle();
    if (!zone) throw new Error('no drop zone');
    await this.page.evaluate(
      ({ el, file, types }) => {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], file.name, { type: file.mime }));
        const box = el.getBoundingClientRect();
        const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
        for (const type of types) {
          el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt, ...at }));
        }
      },
      { el: zone, file: payload, types },
    );
  }

  /** Ctrl+V of an image file: a paste event on the document carrying the file. */
  async paste(path: string): Promise<void> {
    const payload = payloadOf(path);
    await this.page.evaluate((file) => {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], file.name, { type: file.mime }));
      const event = new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: dt });
      (document.activeElement ?? document.body).dispatchEvent(event);
    }, payload);
  }

  /**
   * Runs `action` (an upload, drop or paste) and returns the successful answer of the
   * `POST /api/pose` it causes, parsed with the shared contract: where the dots must land.
   */
  async analyse(action: () => Promise<void>): Promise<PoseSuccess> {
    const answer = this.page.waitForResponse(
      (r) => r.url().includes('/api/pose') && r.request().method() === 'POST',
    );
    await action();
    const json: unknown = await (await answer).json();
    const envelope = PoseEnvelope.parse(json);
    if (!envelope.header.isSuccessful) throw new Error(`analysis failed: ${envelope.header.resultMessage}`);
    await this.waitForDone();
    return PoseSuccess.parse(json);
  }

  async state(): Promise<string | null> {
    return this.canvas.getAttribute('data-state');
  }

  async waitForState(state: CanvasState, timeout?: number): Promise<void> {
    await expect(this.canvas).toHaveAttribute('data-state', state, timeout ? { timeout } : {});
  }

  async waitForDone(timeout?: number): Promise<void> {
    await this.waitForState('done', timeout);
  }

  async imageSize(): Promise<Size> {
    return Size.parse(JSON.parse((await this.canvas.getAttribute('data-image-size')) ?? 'null'));
  }

  /** The displayed image's rectangle in page CSS px (container offset added). */
  async imageRect(): Promise<Rect> {
    const rel = Rect.parse(JSON.parse((await this.canvas.getAttribute('data-image-rect')) ?? 'null'));
    const box = await this.canvas.boundingBox();
    if (!box) throw new Error('pose-canvas is not visible');
    return { x: box.x + rel.x, y: box.y + rel.y, width: rel.width, height: rel.height };
  }

  /** Image pixel (natural size, after EXIF orientation) -> page CSS px. */
  async imageToScreen(x: number, y: number): Promise<{ x: number; y: number }> {
    const [rect, size] = await Promise.all([this.imageRect(), this.imageSize()]);
    return { x: rect.x + (x * rect.width) / size.width, y: rect.y + (y * rect.height) / size.height };
  }

  /** Moves the mouse onto an image pixel and waits for the keypoint tooltip. */
  async hoverKeypoint(x: number, y: number): Promise<Locator> {
    const p = await this.imageToScreen(x, y);
    await this.page.mouse.move(p.x - 20, p.y - 20);
    await this.page.mouse.move(p.x, p.y, { steps: 4 });
    await expect(this.tooltip).toBeVisible();
    return this.tooltip;
  }

  /** The rendered colour of one screen pixel (page CSS px), read from a screenshot. */
  async screenPixel(x: number, y: number): Promise<Rgba> {
    const png = await this.page.screenshot({
      clip: { x: Math.floor(x), y: Math.floor(y), width: 1, height: 1 },
      animations: 'disabled',
      caret: 'hide',
    });
    const { data } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { r: data[0]!, g: data[1]!, b: data[2]!, a: data[3]! };
  }

  /** The rendered colour at an image pixel (natural coordinates). */
  async canvasPixel(x: number, y: number): Promise<Rgba> {
    const p = await this.imageToScreen(x, y);
    return this.screenPixel(p.x, p.y);
  }

  /** Visible text of each person-item. */
  async persons(): Promise<string[]> {
    return this.personItems.allInnerTexts();
  }

  /** The swatch colour of the n-th person item (its person-swatch, else the first coloured descendant). */
  async personColour(index: number): Promise<Rgba> {
    const css = await this.personItems.nth(index).evaluate((item) => {
      const swatch = item.querySelector<HTMLElement>('[data-testid="person-swatch"]');
      const candidates = swatch ? [swatch] : Array.from(item.querySelectorAll<HTMLElement>('*'));
      for (const el of candidates) {
        const bg = getComputedStyle(el).backgroundColor;
        if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
      }
      return null;
    });
    if (!css) throw new Error(`person-item ${index} has no colour swatch`);
    return parseColour(css);
  }

  /** Opens the header's settings menu (theme, language), if it is not open. */
  async openSettings(): Promise<Locator> {
    const menu = this.page.getByTestId('settings-menu');
    if (!(await menu.evaluate((el) => el instanceof HTMLDetailsElement && el.open)))
      await menu.locator('summary').click();
    return menu;
  }

  /** Switches the UI language from the settings menu. */
  async setLanguage(lang: 'en' | 'ko'): Promise<void> {
    const menu = await this.openSettings();
    await menu.getByRole('combobox', { name: /Language|언어/ }).selectOption(lang);
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang);
    await menu.locator('summary').click();
  }

  /** Switches the theme from the settings menu. */
  async setTheme(theme: 'system' | 'light' | 'dark'): Promise<void> {
    const menu = await this.openSettings();
    await menu.getByRole('combobox', { name: /Theme|테마/ }).selectOption(theme);
    await menu.locator('summary').click();
  }

  /** Opens the toolbar's Export menu (PNG, JSON, CSV, COCO, copy), if it is not open. */
  async openExportMenu(): Promise<Locator> {
    const menu = this.page.getByTestId('export-panel');
    await expect(menu).toBeVisible();
    if (!(await menu.evaluate((el) => el instanceof HTMLDetailsElement && el.open)))
      await menu.getByText('Export', { exact: true }).click();
    return menu;
  }

  /** "No people detected" is on screen, and no real failure is. */
  async expectNoPeopleDetected(): Promise<void> {
    await this.waitForState('empty');
    await expect(this.page.getByText('No people detected')).toBeVisible();
    await expect(this.personItems).toHaveCount(0);
    await expect(this.page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  }

  async errorText(): Promise<string> {
    await expect(this.error).toBeVisible();
    return (await this.error.innerText()).trim();
  }

  /** The displayed image is still there: a visible canvas with an image rectangle of real size. */
  async expectImageShown(): Promise<void> {
    await expect(this.canvas).toBeVisible();
    const rect = await this.imageRect();
    expect(rect.width).toBeGreaterThan(10);
    expect(rect.height).toBeGreaterThan(10);
  }
}

/** Everything the browser sent, received or logged during one test. */
export interface TrafficEntry {
  kind: 'request' | 'response' | 'console' | 'pageerror';
  url: string;
  text: string;
}

export class TrafficRecorder {
  readonly entries: TrafficEntry[] = [];
  private readonly pending: Promise<void>[] = [];

  attach(context: BrowserContext): void {
    context.on('request', (req) => {
      this.pending.push(
        // A request started while the context closes cannot read its extra headers any more:
        // fall back to the headers Playwright already has, so it is still scanned.
        req
          .allHeaders()
          .catch(() => req.headers())
          .then((headers) => {
            this.entries.push({
              kind: 'request',
              url: req.url(),
              text: `${req.method()} ${req.url()}\n${JSON.stringify(headers)}\n${req.postDataBuffer()?.toString('latin1') ?? ''}`,
            });
          }),
      );
    });
    context.on('response', (res) => {
      this.pending.push(
        (async () => {
          const headers = await res.allHeaders().catch(() => ({}));
          // Redirects and aborted loads have no body: record the headers anyway.
          const body = await res.body().catch(() => Buffer.alloc(0));
          this.entries.push({
            kind: 'response',
            url: res.url(),
            text: `${res.status()} ${res.url()}\n${JSON.stringify(headers)}\n${body.toString('latin1')}`,
          });
        })(),
      );
    });
    context.on('console', (msg) => {
      this.entries.push({ kind: 'console', url: msg.location().url, text: `${msg.type()}: ${msg.text()}` });
    });
    context.on('weberror', (err) => {
      this.entries.push({ kind: 'pageerror', url: '', text: String(err.error().stack ?? err.error()) });
    });
  }

  async settle(): Promise<void> {
    // Late handlers may push more promises while we wait: loop until quiet.
    let seen = -1;
    while (seen !== this.pending.length) {
      seen = this.pending.length;
      await Promise.allSettled(this.pending.slice());
    }
  }

  /** Entries whose text contains `needle` (case-sensitive, also URL-encoded and base64 forms). */
  find(needle: string): TrafficEntry[] {
    const forms = [needle, encodeURIComponent(needle), Buffer.from(needle).toString('base64')];
    return this.entries.filter((e) => forms.some((f) => e.text.includes(f) || e.url.includes(f)));
  }
}

interface Fixtures {
  app: AppPage;
  traffic: TrafficRecorder;
}

// Fixture callbacks name Playwright's `use` "provide" (react-hooks would mistake `use` for React's).
export const test = base.extend<Fixtures>({
  // Auto: every test of every spec records its traffic and fails if the NHN secret shows up.
  traffic: [
    async ({ context }, provide) => {
      const recorder = new TrafficRecorder();
      recorder.attach(context);
      await provide(recorder);
      await recorder.settle();
      const leaks = recorder.find(E2E_SECRET);
      expect(
        leaks.map((e) => `${e.kind} ${e.url}`),
        'the NHN secret reached the browser',
      ).toEqual([]);
    },
    { auto: true },
  ],
  app: async ({ page }, provide) => {
    await provide(new AppPage(page));
  },
});

export { expect };
