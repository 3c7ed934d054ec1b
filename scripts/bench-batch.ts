// Batch figures of issue 7 in headless chromium (part of `npm run bench`; prints numbers,
// asserts nothing):
// - 200 distinct JPEGs of 1-3 MP picked at once through the batch panel's "Choose images":
//   time until all are done, main-thread long tasks, JS heap afterwards, object URLs and
//   ImageBitmaps still alive (main thread, counted by wrapping the browser's own functions).
// - the virtualised gallery of those 200 results scrolled top to bottom: frame times.
// - cache hit after a reload: an already-analysed image picked (and dropped) again, from the
//   input event to the "(cached)" status painted; no POST /api/pose may be made.
// It starts its own fake NHN upstream and an NHN-mode server on loopback, on ports of its own
// (19381 app, 19391 upstream; not the e2e ports), and stops both at the end. Figures on a shared
// 2-core machine are noisy.
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { startFakeNhnUpstream, type FakeNhnUpstream } from '../e2e/fake-nhn-upstream';
import { CHROMIUM_ARGS, chromiumExecutable, E2E_APPKEY, E2E_SECRET } from '../e2e/e2e-env';
import {
  figure,
  median,
  ms,
  percentile,
  reasonOf,
  report,
  startNhnModeServer,
  stopServer,
  waitForUrl,
} from './bench-support';

const root = resolve(import.meta.dirname, '..');
const APP_PORT = 19381;
const UPSTREAM_PORT = 19391;
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const UPSTREAM_URL = `http://127.0.0.1:${UPSTREAM_PORT}`;
const IMAGE_COUNT = 200;
const CACHE_RUNS = 5;
/** Whole-batch wait (ms): the doc's dev-server run took 36 s; a loaded machine may need more. */
const BATCH_TIMEOUT_MS = 120_000;

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// ---------------------------------------------------------------------------------------------
// Images

interface BenchImage {
  path: string;
  name: string;
  width: number;
  height: number;
  bytes: number;
}

/** A stick figure h px tall as a small SVG (its own box only: cheap to render); hue per image. */
function figureSvg(h: number, hue: number): { svg: Buffer; width: number; height: number } {
  const s = h / 11;
  const width = Math.ceil(6 * s);
  const height = Math.ceil(h);
  const x = width / 2;
  const y = s * 0.5;
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    `<line x1="${x + x1 * s}" y1="${y + y1 * s}" x2="${x + x2 * s}" y2="${y + y2 * s}"/>`;
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<g stroke="hsl(${hue},70%,35%)" stroke-width="${s * 0.6}" stroke-linecap="round" fill="none">` +
      `<circle cx="${x}" cy="${y + s}" r="${s}" fill="hsl(${hue},60%,70%)"/>` +
      line(0, 2, 0, 6) +
      line(0, 3, -2, 5) +
      line(0, 3, 2, 4.5) +
      line(0, 6, -1.5, 10) +
      line(0, 6, 1.5, 10) +
      `</g></svg>`,
  );
  return { svg, width, height };
}

/**
 * 200 distinct JPEGs of 1-3 MP: a smooth colour field (a tiny random image scaled up, cheap to
 * encode and to upload) plus a stick figure placed differently in each. Sizes vary per image.
 */
async function makeImages(dir: string): Promise<BenchImage[]> {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const specs = Array.from({ length: IMAGE_COUNT }, (_, i) => {
    // Width 1160..1999 px at 4:3 -> 1.0..3.0 MP.
    const width = 1160 + ((i * 37) % 840);
    const height = Math.round((width * 3) / 4);
    const noise = Buffer.alloc(16 * 12 * 3);
    for (let b = 0; b < noise.length; b++) noise[b] = Math.floor(rnd() * 256);
    const fig = figureSvg(height * (0.4 + rnd() * 0.4), Math.floor(rnd() * 360));
    const left = Math.floor((width - fig.width) * rnd());
    const top = Math.floor((height - fig.height) * rnd());
    return { i, width, height, noise, overlay: { input: fig.svg, left, top } };
  });
  const out: BenchImage[] = [];
  // Two encoders at a time: the machine has two cores and others use them too.
  for (let k = 0; k < specs.length; k += 2) {
    const pair = specs.slice(k, k + 2);
    const done = await Promise.all(
      pair.map(async ({ i, width, height, noise, overlay }) => {
        const name = `ok-batch-${String(i).padStart(3, '0')}.jpg`;
        const path = join(dir, name);
        const info = await sharp(noise, { raw: { width: 16, height: 12, channels: 3 } })
          .resize(width, height, { kernel: 'cubic' })
          .composite([overlay])
          .jpeg({ quality: 80 })
          .toFile(path);
        return { path, name, width, height, bytes: info.size };
      }),
    );
    out.push(...done);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Servers

// ---------------------------------------------------------------------------------------------
// Page instrumentation (an init script: counts only, the app's code is untouched)

/**
 * Long tasks, object URLs created/revoked and main-thread ImageBitmaps created/closed, kept on
 * window.__bench. Plain JS text so tsx's helpers never reach the page.
 */
const PROBE = `
// tsx (esbuild keepNames) wraps functions sent to page.evaluate in __name(...): a no-op here.
globalThis.__name = (fn) => fn;
(() => {
  const b = { longtasks: [], urlsMade: 0, urlsRevoked: 0, live: new Set(), bitmapsMade: 0, bitmapsClosed: 0 };
  window.__bench = b;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch { b.noLongtasks = true; }
  const make = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (o) => { const u = make(o); b.urlsMade++; b.live.add(u); return u; };
  URL.revokeObjectURL = (u) => { if (b.live.delete(u)) b.urlsRevoked++; return revoke(u); };
  if (typeof createImageBitmap === 'function') {
    const cib = globalThis.createImageBitmap.bind(globalThis);
    globalThis.createImageBitmap = (...a) => cib(...a).then((bm) => { b.bitmapsMade++; return bm; });
    const close = ImageBitmap.prototype.close;
    ImageBitmap.prototype.close = function () { b.bitmapsClosed++; return close.call(this); };
  }
})();
`;

interface Probe {
  longtasks: { start: number; duration: number }[];
  urlsMade: number;
  urlsRevoked: number;
  liveUrls: number;
  bitmapsMade: number;
  bitmapsClosed: number;
  noLongtasks: boolean;
}

async function readProbe(page: Page): Promise<Probe> {
  return page.evaluate(`(() => {
    const b = window.__bench;
    return { longtasks: b.longtasks, urlsMade: b.urlsMade, urlsRevoked: b.urlsRevoked,
      liveUrls: b.live.size, bitmapsMade: b.bitmapsMade, bitmapsClosed: b.bitmapsClosed,
      noLongtasks: b.noLongtasks === true };
  })()`);
}

async function openBatchPanel(page: Page): Promise<void> {
  await page.getByTestId('provider-badge').waitFor();
  await page.getByTestId('batch-toggle').click();
  await page.getByTestId('batch-panel').waitFor();
}

const batchInput = (page: Page) => page.locator('[data-testid="batch-panel"] input[type="file"]');

// ---------------------------------------------------------------------------------------------
// The 200

async function batchFigures(page: Page, images: BenchImage[], posts: string[]): Promise<boolean> {
  await page.goto(APP_URL);
  await openBatchPanel(page);
  // Start counting from here; the page load's own long tasks are not the batch's.
  await page.evaluate(`(() => {
    window.__bench.longtasks.length = 0;
    const s = window.__batchRun = { t0: NaN, tDone: NaN, gaps: [], syncStart: NaN, syncEnd: NaN };
    const isFile = (e) => e.target instanceof HTMLInputElement && e.target.type === 'file';
    // Window capture runs before React's root listener, window bubble after it: the span is the
    // app's synchronous handling of the pick.
    window.addEventListener('change', (e) => {
      if (Number.isNaN(s.t0) && isFile(e)) { s.t0 = e.timeStamp; s.syncStart = performance.now(); }
    }, true);
    window.addEventListener('change', (e) => {
      if (Number.isNaN(s.syncEnd) && isFile(e)) s.syncEnd = performance.now();
    });
    // A rAF heartbeat: the longest gap between frames is what a user would feel as a freeze.
    let last = performance.now();
    const tick = (t) => { s.gaps.push(t - last); last = t; if (Number.isNaN(s.tDone)) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  posts.length = 0;
  await batchInput(page).setInputFiles(images.map((i) => i.path));
  let finished = true;
  const counts = await page
    .waitForFunction(
      (n) => {
        const text = document.querySelector('[data-testid="batch-counts"]')?.textContent ?? '';
        const m = /^(\d+) done · (\d+) failed · (\d+) skipped · (\d+) to go/.exec(text);
        if (!m || Number(m[4]) !== 0 || Number(m[1]) + Number(m[2]) + Number(m[3]) < n) return false;
        (window as unknown as { __batchRun: { tDone: number } }).__batchRun.tDone = performance.now();
        return text;
      },
      images.length,
      { timeout: BATCH_TIMEOUT_MS, polling: 250 },
    )
    .then(async (h) => String(await h.jsonValue()))
    .catch((error: unknown) => {
      finished = false;
      return `not finished: ${reasonOf(error)}`;
    });
  const run = (await page.evaluate('window.__batchRun')) as {
    t0: number;
    tDone: number;
    gaps: number[];
    syncStart: number;
    syncEnd: number;
  };
  // Two seconds for the last thumbnails and history writes to settle before memory is read.
  await page.waitForTimeout(2000);
  const probe = await readProbe(page);
  const totalBytes = images.reduce((s, i) => s + i.bytes, 0);
  const mp = images.map((i) => (i.width * i.height) / 1e6);
  const hashes = new Set(images.map((i) => createHash('sha256').update(readFileSync(i.path)).digest('hex')));

  report(
    `${images.length} JPEGs picked at once`,
    `${Math.min(...mp).toFixed(1)}-${Math.max(...mp).toFixed(1)} MP, ${mb(totalBytes)} in all, ${hashes.size} distinct SHA-256`,
  );
  report(
    '  picked -> all done (concurrency 2, fake upstream)',
    finished ? `${((run.tDone - run.t0) / 1000).toFixed(1)} s (${counts})` : counts,
  );
  report('  POST /api/pose made', String(posts.length));
  if (probe.noLongtasks) report('  main-thread long tasks', 'not available (no longtask entries)');
  else {
    const d = probe.longtasks.map((t) => t.duration);
    const longest = probe.longtasks.reduce((a, t) => (t.duration > a.duration ? t : a), {
      start: NaN,
      duration: 0,
    });
    report(
      '  main-thread long tasks (> 50 ms)',
      `${d.length}, ${d.filter((x) => x > 100).length} over 100 ms, longest ${ms(longest.duration)} (from ${ms(longest.start - run.t0)} to ${ms(longest.start + longest.duration - run.t0)} around the change event; its app handler ran ${ms(run.syncEnd - run.syncStart)}), total ${ms(d.reduce((s, x) => s + x, 0))}`,
    );
  }
  report(
    '  longest gap between frames (rAF) while queued',
    `${ms(Math.max(0, ...run.gaps))} (p95 ${ms(percentile(run.gaps, 95))} over ${run.gaps.length} frames)`,
  );

  await figure('  JS heap after (before / after a forced GC)', async () => {
    const cdp = await page.context().newCDPSession(page);
    const before = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    await cdp.send('HeapProfiler.collectGarbage');
    const after = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    const metrics = (await cdp.send('Performance.enable').then(() => cdp.send('Performance.getMetrics'))) as {
      metrics: { name: string; value: number }[];
    };
    const nodes = metrics.metrics.find((m) => m.name === 'Nodes')?.value;
    await cdp.detach();
    return `${mb(before.usedSize)} / ${mb(after.usedSize)} used (DOM nodes ${nodes ?? 'n/a'})`;
  });
  report(
    '  object URLs (made / revoked / still alive)',
    `${probe.urlsMade} / ${probe.urlsRevoked} / ${probe.liveUrls} (alive = queue previews + visible gallery cells)`,
  );
  report(
    '  ImageBitmaps on the main thread (made / closed)',
    `${probe.bitmapsMade} / ${probe.bitmapsClosed}`,
  );
  return finished;
}

// ---------------------------------------------------------------------------------------------
// Gallery scroll

async function galleryScroll(page: Page): Promise<void> {
  await figure('gallery scrolled top -> bottom, frame time (median / p95)', async () => {
    const r = (await page.evaluate(`(async () => {
      const el = document.querySelector('[data-testid="batch-gallery"]');
      if (!el) throw new Error('no gallery');
      el.scrollTop = 0;
      await new Promise((r) => requestAnimationFrame(r));
      const range = el.scrollHeight - el.clientHeight;
      if (range <= 0) throw new Error('the gallery does not scroll');
      // About 3 s at 60 Hz: one scroll step per frame, every frame a new row range.
      const step = Math.max(1, range / 180);
      const deltas = [];
      let maxCells = 0;
      let last = performance.now();
      await new Promise((resolve) => {
        const tick = (t) => {
          deltas.push(t - last);
          last = t;
          maxCells = Math.max(maxCells, el.querySelectorAll('[data-testid="gallery-item"]').length);
          if (el.scrollTop >= range - 1) return resolve();
          el.scrollTop = Math.min(range, el.scrollTop + step);
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      return { deltas: deltas.slice(1), maxCells, range };
    })()`)) as { deltas: number[]; maxCells: number; range: number };
    const med = median(r.deltas);
    const slow = r.deltas.filter((d) => d > 20).length;
    return `${ms(med)} / ${ms(percentile(r.deltas, 95))} over ${r.deltas.length} frames (${(1000 / med).toFixed(0)} fps median, ${slow} frames > 20 ms, longest ${ms(Math.max(...r.deltas))}; at most ${r.maxCells} cells in the DOM; ${r.range} px scrolled; headless 60 Hz cap)`;
  });
}

/** "Clear queue": every queue preview's object URL should be revoked, only gallery cells keep theirs. */
async function clearQueueUrls(page: Page): Promise<void> {
  await figure('object URLs alive after "Clear queue" (gallery cells in DOM)', async () => {
    await page.getByRole('button', { name: 'Clear queue' }).click();
    await page.getByTestId('queue-item').first().waitFor({ state: 'detached', timeout: 5000 });
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const probe = await readProbe(page);
    const cells = await page.getByTestId('gallery-item').count();
    return `${probe.liveUrls} (${cells})`;
  });
}

// ---------------------------------------------------------------------------------------------
// Cache hit after a reload

/** Waits in the page for the row `name` to say "(cached)", then two frames; ms since t0. */
const WAIT_CACHED = `async (name, t0) => {
  const sel = '[data-testid="queue-item"][data-name="' + name + '"] [data-testid="queue-status"]';
  const deadline = performance.now() + 10000;
  while (!(document.querySelector(sel)?.textContent ?? '').includes('(cached)')) {
    const text = document.querySelector(sel)?.textContent ?? '';
    if (/^(Failed|Skipped)/.test(text)) throw new Error(name + ': ' + text);
    if (performance.now() > deadline) throw new Error(name + ': not cached within 10 s (' + text + ')');
    await new Promise((r) => requestAnimationFrame(r));
  }
  await new Promise((r) => requestAnimationFrame(r));
  await new Promise((r) => requestAnimationFrame(r));
  return performance.now() - t0;
}`;

async function cacheFigures(page: Page, images: BenchImage[], posts: string[]): Promise<void> {
  await page.reload();
  await openBatchPanel(page);
  await page.getByTestId('gallery-item').first().waitFor({ timeout: 30_000 });
  const stored = await page.getByTestId('history-usage').innerText();
  posts.length = 0;

  await figure(
    `cache hit after reload, picked: input event -> "(cached)" painted (median of ${CACHE_RUNS})`,
    async () => {
      const runs: number[] = [];
      for (let i = 0; i < CACHE_RUNS; i++) {
        const img = images[i * 7]!;
        await page.evaluate(`(() => {
        window.__pick = NaN;
        document.addEventListener('change', (e) => {
          if (e.target instanceof HTMLInputElement && e.target.type === 'file') window.__pick = e.timeStamp;
        }, { capture: true, once: true });
      })()`);
        await batchInput(page).setInputFiles(img.path);
        runs.push(
          (await page.evaluate(`(async () => {
          while (Number.isNaN(window.__pick)) await new Promise((r) => setTimeout(r, 5));
          return (${WAIT_CACHED})(${JSON.stringify(img.name)}, window.__pick);
        })()`)) as number,
        );
      }
      return `${ms(median(runs))} (min ${ms(Math.min(...runs))}, max ${ms(Math.max(...runs))}; history: ${stored})`;
    },
  );

  await figure(
    `cache hit after reload, dropped: drop event -> "(cached)" painted (median of ${CACHE_RUNS})`,
    async () => {
      const runs: number[] = [];
      for (let i = 0; i < CACHE_RUNS; i++) {
        const img = images[i * 7 + 3]!;
        const base64 = readFileSync(img.path).toString('base64');
        runs.push(
          (await page.evaluate(`(async () => {
          const bytes = Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0));
          const dt = new DataTransfer();
          dt.items.add(new File([bytes], ${JSON.stringify(img.name)}, { type: 'image/jpeg' }));
          const zone = document.querySelector('[data-testid="batch-drop-zone"]');
          if (!zone) throw new Error('no batch drop zone');
          const t0 = performance.now();
          for (const type of ['dragenter', 'dragover', 'drop'])
            zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
          return (${WAIT_CACHED})(${JSON.stringify(img.name)}, t0);
        })()`)) as number,
        );
      }
      return `${ms(median(runs))} (min ${ms(Math.min(...runs))}, max ${ms(Math.max(...runs))})`;
    },
  );
  report('  POST /api/pose made during the cache hits', `${posts.length} (expected 0)`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log('Batch figures (headless chromium; a shared 2-core machine makes them noisy)');
  if (!existsSync(join(root, 'dist', 'client', 'index.html'))) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) {
      console.log('not available: dist/client is missing and the build failed');
      return;
    }
  }
  const executablePath = chromiumExecutable();
  if (!executablePath) {
    console.log('not available: no chromium (/usr/bin/chromium, PLAYWRIGHT_CHROMIUM_PATH or CHROMIUM_PATH)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'posescope-bench-batch-'));
  let fake: FakeNhnUpstream | undefined;
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await stopServer(server);
    await fake?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const t0 = Date.now();
    const images = await makeImages(dir);
    report(`${images.length} test JPEGs made with sharp`, `${((Date.now() - t0) / 1000).toFixed(1)} s`);

    try {
      fake = await startFakeNhnUpstream({ port: UPSTREAM_PORT, appKey: E2E_APPKEY, secretKey: E2E_SECRET });
      server = await startNhnModeServer(APP_PORT, UPSTREAM_URL);
      await waitForUrl(`${APP_URL}/api/health`, 60_000);
    } catch (error) {
      console.log(`not available: servers did not start (${reasonOf(error)})`);
      return;
    }
    browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, executablePath });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript({ content: PROBE });
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/pose')) posts.push(r.url());
    });

    const finished = await batchFigures(page, images, posts);
    await galleryScroll(page);
    await clearQueueUrls(page);
    if (finished) await cacheFigures(page, images, posts);
    else report('cache hit after reload', 'not available (the batch did not finish)');
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench-batch failed: ${reasonOf(error)}`);
    process.exit(1);
  },
);
