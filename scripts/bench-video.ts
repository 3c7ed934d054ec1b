// Video figures in headless chromium with the offline engine (part of `npm run bench`; prints
// numbers, asserts nothing):
// - a 30 s 1280x720 clip (real photos, some sliding across the frame) analysed at 5 frames/s:
//   150 requests through the app's queue, wall time from "Analyse" to the last result;
// - JS heap over the analysis (CDP, after a forced GC at start and end): frames are not kept;
// - scrubbing to every analysed frame: over those with 5 people, the skeleton layer's draw time
//   (Konva, as the app measures it) and the whole scrub latency (input -> seek -> frame shown).
// Starts its own offline-engine server on loopback (the e2e local port + 1000).
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, chromiumExecutable, LOCAL_APP_PORT } from '../e2e/e2e-env';
import { makeClip, type ClipSpec } from '../e2e/make-clips';
import {
  figure,
  median,
  ms,
  percentile,
  stopServer,
  waitForUrl,
  startLocalModeServer,
} from './bench-support';

const root = resolve(import.meta.dirname, '..');
const PORT = LOCAL_APP_PORT + 1000;
const URL_BASE = `http://127.0.0.1:${PORT}`;

/** 30 s at 720p: six 5 s segments; three slide sideways (tracking on moving real people). */
const BENCH_CLIP: ClipSpec = {
  width: 1280,
  height: 720,
  fps: 25,
  segments: [
    { photo: '000000000785.jpg', seconds: 5, slideX: 300 },
    { photo: '000000196141.jpg', seconds: 5 },
    { photo: '000000197388.jpg', seconds: 5, slideX: -200 },
    { photo: '000000040083.jpg', seconds: 5 },
    { photo: 'messi5.jpg', seconds: 5, slideX: 250 },
    { photo: '000000197388.jpg', seconds: 5 },
  ],
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  console.log('Video figures (headless chromium, offline engine; a shared 2-core machine makes them noisy)');
  if (!existsSync(join(root, 'dist', 'client', 'index.html'))) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  const clip = await makeClip(BENCH_CLIP, 'webm', 'bench-720p');
  const server = await startLocalModeServer(PORT);
  const executablePath = chromiumExecutable();
  const browser = await chromium.launch({
    headless: true,
    args: CHROMIUM_ARGS,
    ...(executablePath ? { executablePath } : {}),
  });
  try {
    await waitForUrl(`${URL_BASE}/api/health`, 120_000);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    };
    await page.goto(URL_BASE);
    await page.getByTestId('provider-badge').waitFor();
    await page.locator('input[type="file"]').setInputFiles(clip.path);
    await page.getByTestId('video-info').waitFor();
    await page.waitForFunction(() =>
      /frames\/s|unknown/.test(document.querySelector('[data-testid="video-info"]')?.textContent ?? ''),
    );

    const heapStart = await heap();
    const samples: number[] = [];
    const sampler = setInterval(() => {
      void cdp
        .send('Performance.getMetrics')
        .then(({ metrics }) => samples.push(metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN))
        .catch(() => undefined);
    }, 1000);
    const t0 = Date.now();
    await page.getByTestId('video-analyse').click();
    await page.waitForFunction(
      () => {
        const p = document.querySelector('[data-testid="video-progress"]');
        return (
          p &&
          p.getAttribute('data-done') === p.getAttribute('data-total') &&
          Number(p.getAttribute('data-total')) > 0
        );
      },
      undefined,
      { timeout: 600_000, polling: 250 },
    );
    const seconds = (Date.now() - t0) / 1000;
    clearInterval(sampler);
    const heapEnd = await heap();
    const total = Number(await page.getByTestId('video-progress').getAttribute('data-total'));
    await figure(
      `30 s 720p clip at 5 frames/s (${total} frames, offline engine, quality=fast) analysed in`,
      async () => `${seconds.toFixed(1)} s (${(total / seconds).toFixed(2)} frames/s; target <= 60 s)`,
    );
    await figure(
      'JS heap over the clip (after GC: before -> after; peak sampled each second)',
      async () =>
        `${mb(heapStart)} -> ${mb(heapEnd)}; peak ${mb(Math.max(...samples.filter(Number.isFinite)))}`,
    );

    // Scrub: every analysed frame in turn; figures over the frames with the most people (>= 5 when
    // the engine found 5).
    const visits = await page.evaluate(async () => {
      const panel = document.querySelector<HTMLElement>('[data-testid="video-panel"]')!;
      const scrub = document.querySelector<HTMLInputElement>('[data-testid="video-scrub"]')!;
      const stage = document.querySelector<HTMLElement>('#stage')!;
      const analysed = Number(panel.dataset.analysed);
      const times = Array.from({ length: analysed }, (_, i) => Math.round(i * 0.2 * 1e6) / 1e6);
      const setTime = (t: number) => {
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        setter.call(scrub, String(t));
        scrub.dispatchEvent(new Event('input', { bubbles: true }));
      };
      const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
      const out: { latency: number; drawMs: number; people: number }[] = [];
      for (const t of times) {
        const start = performance.now();
        setTime(t);
        for (let i = 0; i < 200 && panel.dataset.frameTime !== t.toFixed(4); i++) await frame();
        await frame();
        await frame();
        const people = document.querySelectorAll('[data-testid="person-item"]').length;
        out.push({
          latency: performance.now() - start,
          drawMs: Number(stage.dataset.skeletonDrawMs),
          people,
        });
      }
      return out;
    });
    const most = Math.max(0, ...visits.map((v) => v.people));
    const crowded = visits.filter((v) => v.people >= Math.min(5, most) && Number.isFinite(v.drawMs));
    await figure(
      `scrub: skeleton layer draw, frames with >= ${Math.min(5, most)} people (${crowded.length})`,
      async () => {
        const d = crowded.map((f) => f.drawMs);
        return `median ${ms(median(d))}, p95 ${ms(percentile(d, 95))}, max ${ms(Math.max(...d))} (target <= 16 ms)`;
      },
    );
    await figure('scrub: input -> seeked frame with skeletons shown (same frames)', async () => {
      const d = crowded.map((f) => f.latency);
      return `median ${ms(median(d))}, p95 ${ms(percentile(d, 95))} (includes the video seek and 2 frames)`;
    });
  } finally {
    await browser.close();
    await stopServer(server);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench-video failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
