// UI figures in headless chromium (part of `npm run bench`; prints numbers, asserts nothing):
// - drop -> skeletons drawn on the fake NHN upstream (median of 10)
// - gzip size of the initial page bundle (dist/client)
// - issue 4's scene: 30 people x 133 keypoints over a 4000x3000 photo: first draw, hover
//   tooltip update, zoom/pan frame time, threshold redraw.
//   First draw is the median of FIRST_DRAW_RUNS fresh page loads.
// It starts its own fake upstream and an NHN-mode server on loopback (ports of the e2e suite:
// do not run it while `npm test` runs). Figures on a shared 2-core machine are noisy.
import { chromium, type Page } from '@playwright/test';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { startFakeNhnUpstream, type FakeNhnUpstream } from '../e2e/fake-nhn-upstream';
import {
  CHROMIUM_ARGS,
  chromiumExecutable,
  E2E_APPKEY,
  E2E_SECRET,
  FAKE_UPSTREAM_PORT,
  FAKE_UPSTREAM_URL,
  NHN_APP_PORT,
  NHN_APP_URL,
} from '../e2e/e2e-env';
import { WHOLEBODY_NAMES } from '../src/pose/keypoint-catalogue';
import { figure, median, ms, percentile, startNhnModeServer, stopServer, waitForUrl } from './bench-support';

const root = resolve(import.meta.dirname, '..');
const DROP_RUNS = 10;
/** Runs of the 30 x 133 first-draw figure (each a fresh page load; one sample is too noisy). */
const FIRST_DRAW_RUNS = 5;

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

// ---------------------------------------------------------------------------------------------
// Bundle size

function bundleSizes(): {
  initialGzip: number;
  initialRaw: number;
  initialJsGzip: number;
  allJsGzip: number;
  files: string[];
} {
  const dist = join(root, 'dist', 'client');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  // What the initial page loads: <script src>, stylesheets and modulepreloads named in index.html.
  const refs = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"[^>]*>/g)]
    .filter((m) => /<script|rel="(?:stylesheet|modulepreload)"/.test(m[0]))
    .map((m) => m[1]!)
    .filter((ref) => !/^https?:/.test(ref));
  const files = ['index.html', ...refs.map((r) => r.replace(/^\//, ''))];
  let initialGzip = 0;
  let initialRaw = 0;
  let initialJsGzip = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dist, f));
    initialRaw += bytes.length;
    initialGzip += gzipSync(bytes).length;
    if (f.endsWith('.js')) initialJsGzip += gzipSync(bytes).length;
  }
  const assets = join(dist, 'assets');
  const allJsGzip = existsSync(assets)
    ? readdirSync(assets)
        .filter((f) => f.endsWith('.js'))
        .reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0)
    : 0;
  return { initialGzip, initialRaw, initialJsGzip, allJsGzip, files };
}

// ---------------------------------------------------------------------------------------------
// Servers

// ---------------------------------------------------------------------------------------------
// In-page helpers

/** Drops a file on the drop zone and resolves when data-state is done and two frames passed. */
async function dropAndTime(page: Page, path: string, name: string): Promise<number> {
  const base64 = readFileSync(path).toString('base64');
  return page.evaluate(
    async ({ base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const file = new File([bytes], name, { type: 'image/png' });
      const zone = document.querySelector('[data-testid="drop-zone"]');
      const canvas = document.querySelector('[data-testid="pose-canvas"]');
      if (!zone || !canvas) throw new Error('no drop zone / canvas');
      const dt = new DataTransfer();
      dt.items.add(file);
      const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
      const t0 = performance.now();
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
      // Wait for a state change away from "done" first (the previous image was done too).
      await new Promise<void>((resolveDone, reject) => {
        let left = false;
        const check = () => {
          const s = canvas.getAttribute('data-state');
          if (s !== 'done') left = true;
          if (left && s === 'done') {
            obs.disconnect();
            resolveDone();
          }
          if (s === 'error') reject(new Error('analysis failed'));
        };
        const obs = new MutationObserver(check);
        obs.observe(canvas, { attributes: true, attributeFilter: ['data-state'] });
        setTimeout(() => reject(new Error('timeout')), 30_000);
        check();
      });
      await frame();
      await frame();
      return performance.now() - t0;
    },
    { base64, name },
  );
}

/** Attaches draw-time probes to every Konva layer of the first stage (window.Konva). */
async function installDrawProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as {
      Konva?: { stages: { getLayers(): { on(ev: string, fn: () => void): void }[] }[] };
      __draws?: { start: number; end: number }[];
    };
    const stage = w.Konva?.stages[0];
    if (!stage) throw new Error('no Konva stage on window.Konva');
    w.__draws = [];
    for (const layer of stage.getLayers()) {
      let start = 0;
      layer.on('beforeDraw.bench', () => (start = performance.now()));
      layer.on('draw.bench', () => w.__draws!.push({ start, end: performance.now() }));
    }
  });
}

/**
 * Runs `act` in the page, then waits two frames; returns the synchronous part (event handling,
 * React commit) plus the Konva layer draw time of the frames that followed, in ms.
 */
async function timeInteraction(page: Page, act: string, arg: unknown): Promise<number> {
  const { sync, draw } = await timeInteractionParts(page, act, arg);
  return sync + draw;
}

/** timeInteraction, split: synchronous handling (ms) and Konva draws of the next frames (ms). */
async function timeInteractionParts(
  page: Page,
  act: string,
  arg: unknown,
): Promise<{ sync: number; draw: number }> {
  return page.evaluate(
    async ({ act, arg }) => {
      const w = window as unknown as { __draws: { start: number; end: number }[] };
      w.__draws.length = 0;
      const fn = new Function('arg', act) as (a: unknown) => void;
      const t0 = performance.now();
      fn(arg);
      const sync = performance.now() - t0;
      await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      const draw = w.__draws.reduce((sum, d) => sum + (d.end - d.start), 0);
      return { sync, draw };
    },
    { act, arg },
  );
}

// ---------------------------------------------------------------------------------------------
// The synthetic crowd of issue 4

const CROWD_W = 4000;
const CROWD_H = 3000;

function crowdEnvelope(): { body: string; points: { x: number; y: number; name: string }[] } {
  const persons = [];
  const points: { x: number; y: number; name: string }[] = [];
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let p = 0; p < 30; p++) {
    // A 6 x 5 grid of people, each inside its own 600 x 560 cell.
    const cx = 350 + (p % 6) * 640;
    const cy = 330 + Math.floor(p / 6) * 580;
    const kps = WHOLEBODY_NAMES.map((name, i) => {
      const x = cx + (rnd() - 0.5) * 500;
      const y = cy + (rnd() - 0.5) * 500;
      if (i % 7 === 0) points.push({ x, y, name });
      return { name, part: i < 17 ? 'body' : i < 23 ? 'foot' : i < 91 ? 'face' : 'hand', x, y, score: rnd() };
    });
    persons.push({ personId: String(p), inferKeypointList: kps });
  }
  const body = JSON.stringify({
    header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
    result: { fileType: 'jpg', numberOfPerson: 30, keyPointList: persons },
  });
  return { body, points };
}

async function crowdFigures(page: Page, dir: string): Promise<void> {
  // One photo per run, each slightly different, so no run can reuse an earlier answer by hash.
  const photos: string[] = [];
  for (let i = 0; i < FIRST_DRAW_RUNS; i++) {
    const photo = join(dir, `ok-crowd-4000x3000-${i}.jpg`);
    await sharp({
      create: { width: CROWD_W, height: CROWD_H, channels: 3, background: { r: 90, g: 110, b: 100 + i } },
    })
      .jpeg({ quality: 80 })
      .toFile(photo);
    photos.push(photo);
  }
  const { body, points } = crowdEnvelope();
  // The answer is held back 1.5 s so the 4000x3000 photo is decoded and shown before it arrives:
  // "first draw" then measures the skeletons, not the JPEG decode.
  await page.route('**/api/pose*', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.fulfill({
      status: 200,
      headers: { 'content-type': 'application/json', 'x-pose-provider': 'nhn' },
      body,
    });
  });

  await figure('30 people x 133 kp, 4000x3000: answer received -> skeletons drawn', async () => {
    const runs: { total: number; drawOnly: number }[] = [];
    // Each run is a fresh page load (cold JavaScript, as a user's first answer), then one drop.
    for (const photo of photos) {
      await page.reload();
      await page.getByTestId('provider-badge').waitFor();
      const base64 = readFileSync(photo).toString('base64');
      const result = await page.evaluate(async (base64) => {
        const w = window as unknown as {
          Konva?: { stages: { getLayers(): { on(ev: string, fn: () => void): void }[] }[] };
        };
        const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'ok-crowd.jpg', { type: 'image/jpeg' }));
        const zone = document.querySelector('[data-testid="drop-zone"]');
        const canvas = document.querySelector('[data-testid="pose-canvas"]');
        if (!zone || !canvas) throw new Error('no drop zone / canvas');
        for (const type of ['dragenter', 'dragover', 'drop']) {
          zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
        }
        // The photo is shown (a Konva stage exists) long before the held-back answer arrives.
        const draws: { start: number; end: number }[] = [];
        const deadline = performance.now() + 20_000;
        while (!w.Konva?.stages[0] && performance.now() < deadline) await frame();
        const stage = w.Konva?.stages[0];
        if (!stage) throw new Error('no Konva stage on window.Konva');
        for (const layer of stage.getLayers()) {
          let start = 0;
          layer.on('beforeDraw.benchfirst', () => (start = performance.now()));
          layer.on('draw.benchfirst', () => draws.push({ start, end: performance.now() }));
        }
        while (canvas.getAttribute('data-state') !== 'done' && performance.now() < deadline) await frame();
        if (canvas.getAttribute('data-state') !== 'done')
          throw new Error(`state ${canvas.getAttribute('data-state')}`);
        await frame();
        await frame();
        const entry = performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('/api/pose'))
          .at(-1) as PerformanceResourceTiming | undefined;
        if (!entry) throw new Error('no resource timing for /api/pose');
        const after = draws.filter((d) => d.end >= entry.responseEnd);
        if (after.length === 0) throw new Error('no Konva draw after the answer');
        return {
          total: Math.max(...after.map((d) => d.end)) - entry.responseEnd,
          drawOnly: after.reduce((sum, d) => sum + (d.end - d.start), 0),
        };
      }, base64);
      runs.push(result);
    }
    const totals = runs.map((r) => r.total);
    return `${ms(median(totals))} (of which Konva layer draws ${ms(median(runs.map((r) => r.drawOnly)))}; median of ${runs.length}, min ${ms(Math.min(...totals))}, max ${ms(Math.max(...totals))})`;
  });

  await figure('  Konva layer draw time (one full redraw, median of 5)', async () => {
    await installDrawProbe(page);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      runs.push(
        await timeInteraction(
          page,
          'const K = window.Konva; K.stages[0].getLayers().forEach((l) => l.draw());',
          null,
        ),
      );
    }
    return ms(median(runs));
  });

  await figure('30 x 133: hover tooltip update (median of 30)', async () => {
    await installDrawProbe(page);
    const rect = JSON.parse(
      (await page.getByTestId('pose-canvas').getAttribute('data-image-rect')) ?? 'null',
    ) as {
      x: number;
      y: number;
      width: number;
    };
    const box = await page.getByTestId('pose-canvas').boundingBox();
    if (!rect || !box) throw new Error('no image rect');
    const scale = rect.width / CROWD_W;
    const runs: number[] = [];
    let matched = 0;
    for (const p of points.slice(0, 30)) {
      const clientX = box.x + rect.x + p.x * scale;
      const clientY = box.y + rect.y + p.y * scale;
      // From the pointer event to the tooltip naming a keypoint (React commit, however it is
      // scheduled) plus the Konva draws of the next two frames (the hover ring).
      const r = await page.evaluate(
        async ({ x, y }) => {
          const w = window as unknown as { __draws: { start: number; end: number }[] };
          w.__draws.length = 0;
          const host = document.querySelector('[data-testid="pose-canvas"]');
          const el = host?.querySelector('canvas') ?? host;
          if (!host || !el) throw new Error('no pose-canvas');
          const nameNow = () =>
            host.querySelector('[data-testid="keypoint-tooltip"] [data-field="raw-name"]')?.textContent;
          const before = nameNow();
          const t0 = performance.now();
          const updated = new Promise<number>((resolve) => {
            const obs = new MutationObserver(() => {
              if (nameNow() !== before) {
                obs.disconnect();
                resolve(performance.now());
              }
            });
            obs.observe(host, { subtree: true, childList: true, characterData: true });
            setTimeout(() => {
              obs.disconnect();
              resolve(NaN);
            }, 500);
          });
          el.dispatchEvent(
            new PointerEvent('pointermove', {
              bubbles: true,
              clientX: x,
              clientY: y,
              pointerId: 1,
              pointerType: 'mouse',
            }),
          );
          const t1 = await updated;
          await new Promise((res) => requestAnimationFrame(res));
          await new Promise((res) => requestAnimationFrame(res));
          const draw = w.__draws.reduce((sum, d) => sum + (d.end - d.start), 0);
          return { dom: t1 - t0, total: t1 - t0 + draw, name: nameNow() };
        },
        { x: clientX, y: clientY },
      );
      if (Number.isFinite(r.total)) {
        runs.push(r.total);
        if (r.name === `NHN name: ${p.name}`) matched += 1;
      }
    }
    if (runs.length === 0) throw new Error('the tooltip never changed');
    return `${ms(median(runs))} (p95 ${ms(percentile(runs, 95))}; ${runs.length} updates, ${matched} named the aimed keypoint)`;
  });

  await figure('30 x 133: threshold change redraw (median of 20)', async () => {
    await installDrawProbe(page);
    const slider = page.getByRole('slider', { name: 'Score threshold' });
    await slider.waitFor({ timeout: 2000 });
    const runs: { sync: number; draw: number }[] = [];
    for (let i = 0; i < 20; i++) {
      runs.push(
        await timeInteractionParts(
          page,
          `const el = document.querySelector('input[type="range"][aria-label="Score threshold"]');
           const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
           set.call(el, String(arg));
           el.dispatchEvent(new Event('input', { bubbles: true }));`,
          (i % 10) / 10,
        ),
      );
    }
    const total = runs.map((r) => r.sync + r.draw);
    return `${ms(median(total))} (event + React commit ${ms(median(runs.map((r) => r.sync)))}, Konva draw ${ms(median(runs.map((r) => r.draw)))})`;
  });

  await figure('30 x 133: pan by dragging, frame time (median / p95)', async () => {
    const box = await page.getByTestId('pose-canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__frames = [];
      w.__stop = false;
      const tick = (t: number) => {
        w.__frames.push(t);
        if (!w.__stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const x0 = box.x + box.width / 2;
    const y0 = box.y + box.height / 2;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) await page.mouse.move(x0 + (i % 20) * 6 - 60, y0 + (i % 10) * 4);
    await page.mouse.up();
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, i % 2 ? 120 : -120);
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__stop = true;
      return w.__frames;
    });
    const deltas = frames.slice(1).map((t, i) => t - frames[i]!);
    return `${ms(median(deltas))} / ${ms(percentile(deltas, 95))} over ${deltas.length} frames (headless rAF, 60 Hz cap)`;
  });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log('UI figures (headless chromium; a shared 2-core machine makes them noisy)');
  if (!existsSync(join(root, 'dist', 'client', 'index.html'))) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  await figure('initial JavaScript, gzip (issue 11 budget: 180 KB)', async () => {
    const s = bundleSizes();
    return `${kb(s.initialJsGzip)}${s.initialJsGzip <= 180 * 1024 ? '' : ' (over the 180 KB budget)'}`;
  });
  await figure('initial page bundle (index.html + its scripts/css), gzip', async () => {
    const s = bundleSizes();
    return `${kb(s.initialGzip)} (raw ${kb(s.initialRaw)}; all JS chunks gzip ${kb(s.allJsGzip)})`;
  });

  const dir = mkdtempSync(join(tmpdir(), 'posescope-bench-ui-'));
  let fake: FakeNhnUpstream | undefined;
  let server: ChildProcess | undefined;
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({
    headless: true,
    args: CHROMIUM_ARGS,
    ...(executablePath ? { executablePath } : {}),
  });
  try {
    fake = await startFakeNhnUpstream({
      port: FAKE_UPSTREAM_PORT,
      appKey: E2E_APPKEY,
      secretKey: E2E_SECRET,
    });
    server = await startNhnModeServer(NHN_APP_PORT, FAKE_UPSTREAM_URL);
    await waitForUrl(`${NHN_APP_URL}/api/health`, 60_000);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx (esbuild keepNames) wraps functions in __name(...); functions sent to page.evaluate
    // carry that call into the page, so give the page a no-op __name.
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await figure('navigation -> first usable screen (median of 5 fresh pages)', async () => {
      // Usable: the header with the provider named and the "Choose image" input in the page.
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const fresh = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await fresh.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
        await fresh.goto(NHN_APP_URL);
        const at = await fresh.waitForFunction(
          () => {
            const badge = document.querySelector('[data-testid="provider-badge"]');
            const input = document.querySelector('input[type="file"]');
            return badge && input && /Cloud|engine/i.test(badge.textContent ?? '') ? performance.now() : 0;
          },
          undefined,
          { polling: 'raf' },
        );
        runs.push(Number(await at.jsonValue()));
        await fresh.close();
      }
      return `${ms(median(runs))} (min ${ms(Math.min(...runs))}, max ${ms(Math.max(...runs))})`;
    });

    await page.goto(NHN_APP_URL);
    await page.getByTestId('provider-badge').waitFor();

    await figure(`drop -> skeletons drawn, fake NHN upstream (median of ${DROP_RUNS})`, async () => {
      const runs: number[] = [];
      // One warm-up run, then DROP_RUNS measured ones; every image differs (answers may be cached by hash).
      for (let i = 0; i <= DROP_RUNS; i++) {
        const file = join(dir, `ok-bench-${i}.png`);
        await sharp({
          create: { width: 640, height: 480, channels: 3, background: { r: 120, g: 120, b: i } },
        })
          .png()
          .toFile(file);
        const t = await dropAndTime(page, file, `ok-bench-${i}.png`);
        if (i > 0) runs.push(t);
      }
      return `${ms(median(runs))} (min ${ms(Math.min(...runs))}, max ${ms(Math.max(...runs))})`;
    });

    await crowdFigures(page, dir);
  } finally {
    await browser.close();
    await stopServer(server);
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench-ui failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
