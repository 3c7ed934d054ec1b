import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { z } from 'zod';
import { COCO_BODY_SIGMAS, keypointBoxArea, oks, type PosePoint } from '../src/pose/oks';
import { COCO17_NAMES } from '../src/pose/keypoint-catalogue';
import { parseSequenceJsonl, type PoseSequenceLine } from '../src/pose/pose-sequence';
import { REAL_PHOTOS_DIR } from './fixture-images';
import { colourDistance, expect, saveScreenshot, test, type AppPage } from './fixtures';
import { makeClip, photoToClip, PHOTO_CLIP_SPEC, placementAt, type Clip, type Placement } from './make-clips';

// A video made by ffmpeg from four COCO photos, 2 s each, then the first sliding across the frame
// (e2e/make-clips.ts): after analysis, each time shows that photo's people where the photo's
// ground truth puts them, the exports hold one line per analysed frame with stable track ids
// (also for the moving skier), and the annotated WebM plays.

test.describe.configure({ mode: 'serial' });

const GroundTruth = z.object({
  images: z.array(
    z.object({
      file: z.string(),
      persons: z.array(
        z.object({
          keypoints: z.array(z.object({ name: z.string(), x: z.number(), y: z.number(), v: z.number() })),
        }),
      ),
    }),
  ),
});

/** The photo's annotated people as they appear in the clip at time t (clip pixels, COCO order). */
function truthInClip(p: Placement, t: number): PosePoint[][] {
  const gt = GroundTruth.parse(JSON.parse(readFileSync(join(REAL_PHOTOS_DIR, 'gt.json'), 'utf8')));
  const image = gt.images.find((i) => i.file === p.photo);
  if (!image) throw new Error(`no ground truth for ${p.photo}`);
  return image.persons.map((person) =>
    COCO17_NAMES.map((name) => {
      const k = person.keypoints.find((g) => g.name === name);
      if (!k || k.v === 0) return { x: 0, y: 0, score: 0 };
      return { ...photoToClip(p, k.x, k.y, t), score: 2 };
    }),
  );
}

function bodyOf(person: PoseSequenceLine['result']['keyPointList'][number]): PosePoint[] {
  return COCO17_NAMES.map((name) => {
    const k = person.inferKeypointList.find((kp) => kp.name === name);
    return k ? { x: k.x, y: k.y, score: k.score } : { x: 0, y: 0, score: 0 };
  });
}

/** Best OKS of any detection against each annotated person (0 when none is close). */
function bestOks(line: PoseSequenceLine, truth: PosePoint[][]): number[] {
  return truth.map((gt) => {
    const area = keypointBoxArea(gt, 1);
    if (area <= 0) return 0;
    return Math.max(0, ...line.result.keyPointList.map((d) => oks(bodyOf(d), gt, area, 0, COCO_BODY_SIGMAS)));
  });
}

async function downloadText(
  page: Page,
  testId: string,
): Promise<{ name: string; text: string; bytes: number }> {
  const pending = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const d = await pending;
  const path = await d.path();
  const buf = readFileSync(path);
  return { name: d.suggestedFilename(), text: buf.toString('utf8'), bytes: buf.length };
}

async function seek(app: AppPage, time: number): Promise<void> {
  const panel = app.page.getByTestId('video-panel');
  // Scrubbed again if the picture did not move: in a CI run (2026-12-01) a scrub made while the
  // chart's seek to a nearby frame was still pending left the video there (Chromium, cue-less
  // WebM), and a user would simply drag again. Fails if the scrubber never moves the video.
  await expect(async () => {
    await app.page.getByTestId('video-scrub').fill(String(time));
    await expect(panel).toHaveAttribute('data-frame-time', time.toFixed(4), { timeout: 3_000 });
  }).toPass({ timeout: 15_000 });
  await expect.poll(async () => Number(await panel.getAttribute('data-media-time'))).toBeCloseTo(time, 1);
}

let clip: Clip;
test.beforeAll(async () => {
  clip = await makeClip(PHOTO_CLIP_SPEC, 'webm', 'photos');
});

test('a video clip is analysed frame by frame, drawn in step, tracked and exported', async ({
  app,
  page,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await app.goto();
  await app.upload(clip.path);

  // The first frame at once, at the clip's size, before any analysis.
  const panel = page.getByTestId('video-panel');
  await expect(page.getByTestId('video-info')).toContainText('640×480');
  await expect(page.getByTestId('video-info')).toContainText('10 frames/s');
  await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify({ width: 640, height: 480 }));
  // The grey band above the photo (the first photo is letterboxed from y = 28) and the photo itself.
  const grey = { r: 110, g: 110, b: 110, a: 255 };
  await expect.poll(async () => colourDistance(await app.canvasPixel(320, 5), grey)).toBeLessThanOrEqual(16);
  expect(colourDistance(await app.canvasPixel(320, 240), grey)).toBeGreaterThan(16);

  // 2 frames/s over the 10 s clip: 20 requests, said before starting.
  await page.getByTestId('video-rate').fill('2');
  await expect(page.getByTestId('video-requests')).toHaveAttribute('data-count', '20');
  await expect(page.getByTestId('video-requests')).toContainText('20 requests');
  await page.getByTestId('video-analyse').click();
  const progress = page.getByTestId('video-progress');
  await expect(progress).toContainText('/ 20 frames');
  await expect(progress).toHaveAttribute('data-done', '20', { timeout: 240_000 });
  await expect(panel).toHaveAttribute('data-analysed', '20');

  // JSON Lines: one NHN envelope per analysed frame, with time and track ids.
  const jsonl = await downloadText(page, 'video-export-jsonl');
  expect(jsonl.name).toMatch(/\.jsonl$/);
  const lines = parseSequenceJsonl(jsonl.text);
  expect(lines.map((l) => l.frame)).toEqual([...Array(20).keys()]);
  expect(lines.map((l) => l.time)).toEqual([...Array(20).keys()].map((i) => i * 0.5));
  for (const l of lines) {
    expect(l.header.isSuccessful).toBe(true);
    expect(l.trackIds).toHaveLength(l.result.keyPointList.length);
    expect(new Set(l.trackIds).size).toBe(l.trackIds.length);
  }

  // Each photo's people are where its ground truth says, in every frame of its 2 s.
  for (const l of lines) {
    const p = placementAt(clip, l.time)!;
    const best = bestOks(l, truthInClip(p, l.time));
    expect(Math.max(...best), `${p.photo} at ${l.time} s`).toBeGreaterThanOrEqual(0.5);
  }

  // Tracks: the same still photo keeps its people's ids; ids are never reused after a cut.
  const segments = clip.placements.map((p) => lines.filter((l) => l.time >= p.start && l.time < p.end));
  for (const seg of segments) {
    const first = seg[0]!;
    for (const l of seg.slice(1)) {
      if (l.trackIds.length !== first.trackIds.length) continue;
      expect([...l.trackIds].sort(), `tracks at ${l.time} s`).toEqual([...first.trackIds].sort());
    }
  }
  // The sliding skier (40 px between analysed frames) is one track all along.
  const slide = clip.placements.at(-1)!;
  const skierIds = segments.at(-1)!.map((l) => {
    const truth = truthInClip(slide, l.time)[0]!;
    const area = keypointBoxArea(truth, 1);
    const scores = l.result.keyPointList.map((d) => oks(bodyOf(d), truth, area, 0, COCO_BODY_SIGMAS));
    return l.trackIds[scores.indexOf(Math.max(...scores))];
  });
  expect(skierIds).toHaveLength(4);
  expect(new Set(skierIds).size, `skier's track ids ${skierIds.join(',')}`).toBe(1);

  // CSV: frame, time, track, keypoint, x, y, score; one row per keypoint.
  const csv = await downloadText(page, 'video-export-csv');
  const rows = csv.text.trim().split(/\r?\n/);
  expect(rows[0]).toBe('frame,time,track,keypoint,x,y,score');
  const keypoints = lines.reduce(
    (n, l) => n + l.result.keyPointList.reduce((m, p) => m + p.inferKeypointList.length, 0),
    0,
  );
  expect(rows).toHaveLength(keypoints + 1);

  // Seeking to each photo draws its people: the best person's shoulders in its track colour.
  for (const p of clip.placements) {
    const time = p.start + 1;
    await seek(app, time);
    const line = lines.find((l) => l.time === time)!;
    const people = line.result.keyPointList.map((person, i) => ({ person, id: line.trackIds[i]! }));
    const best = people.sort(
      (a, b) =>
        b.person.inferKeypointList.reduce((s, k) => s + k.score, 0) -
        a.person.inferKeypointList.reduce((s, k) => s + k.score, 0),
    )[0]!;
    await expect(app.personItems).toHaveCount(line.result.keyPointList.length);
    const row = page.locator(`[data-testid="person-item"][data-person-id="${best.id}"]`);
    await expect(row).toContainText(`Person ${best.id}`);
    const swatch = await row.getByTestId('person-swatch').getAttribute('data-colour');
    const hex = /^#(..)(..)(..)$/.exec(swatch ?? '')!;
    const colour = { r: parseInt(hex[1]!, 16), g: parseInt(hex[2]!, 16), b: parseInt(hex[3]!, 16), a: 255 };
    const shoulders = best.person.inferKeypointList.filter(
      (k) => k.name.endsWith('_shoulder') && k.score >= 0.5,
    );
    expect(shoulders.length, `${p.photo}: confident shoulders`).toBeGreaterThan(0);
    for (const k of shoulders) {
      expect(
        colourDistance(await app.canvasPixel(k.x, k.y), colour),
        `${p.photo} ${k.name}`,
      ).toBeLessThanOrEqual(48);
    }
    // The inspection tools work on the frame: hovering the shoulder names it and its track.
    const tip = await app.hoverKeypoint(shoulders[0]!.x, shoulders[0]!.y);
    await expect(tip).toContainText(`Person ${best.id}`);
    await page.mouse.move(0, 0);
  }

  // `.` and `,` step between analysed frames.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('.');
  await expect(panel).toHaveAttribute('data-frame-time', (clip.placements.at(-1)!.start + 1.5).toFixed(4));
  await page.keyboard.press(',');
  await page.keyboard.press(',');
  await expect(panel).toHaveAttribute('data-frame-time', (clip.placements.at(-1)!.start + 0.5).toFixed(4));

  // Select a person: the angle chart of their left knee, with the playhead; a click seeks.
  await app.personItems.first().getByRole('button').first().click();
  const chart = page.getByTestId('angle-chart');
  await expect(chart).toBeVisible();
  await page.getByTestId('video-joint').selectOption('left_knee');
  await page.getByTestId('video-trails').check();
  const box = (await chart.boundingBox())!;
  // x = 30 + t / 10 * 284 of a 320-wide viewBox.
  await chart.click({ position: { x: ((30 + (2.5 / 10) * 284) / 320) * box.width, y: box.height / 2 } });
  await expect(panel).toHaveAttribute('data-frame-time', '2.5000');

  // README's picture: the skier (the one CC BY photo of the clip, shippable) with her left knee
  // charted over the clip.
  await seek(app, 1);
  await expect(app.personItems).toHaveCount(1);
  const skier = app.personItems.first();
  if ((await skier.getAttribute('aria-current')) !== 'true') await skier.getByRole('button').first().click();
  await expect(chart).toBeVisible();
  await page.mouse.move(0, 0);
  await saveScreenshot(page, 'video-timeline');

  // The annotated WebM: recorded from the canvas, non-empty, and a <video> plays it.
  const pending = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByTestId('video-export-webm').click();
  const d = await pending;
  expect(d.suggestedFilename()).toMatch(/-annotated\.webm$/);
  const webm = readFileSync(await d.path());
  expect(webm.length).toBeGreaterThan(10_000);
  const played = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const v = document.createElement('video');
    v.muted = true;
    v.src = URL.createObjectURL(new Blob([bytes], { type: 'video/webm' }));
    await new Promise<void>((resolve, reject) => {
      v.onloadeddata = () => resolve();
      v.onerror = () => reject(new Error(v.error?.message ?? 'cannot play'));
    });
    return { width: v.videoWidth, height: v.videoHeight };
  }, webm.toString('base64'));
  expect(played).toEqual({ width: 640, height: 480 });

  // Reopening the same clip costs no request: every frame comes from the cache.
  let posts = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/pose') && r.method() === 'POST') posts++;
  });
  await page.reload();
  await expect(app.providerBadge).toBeVisible();
  await app.upload(clip.path);
  await page.getByTestId('video-rate').fill('2');
  await page.getByTestId('video-analyse').click();
  await expect(progress).toHaveAttribute('data-done', '20');
  await expect(progress).toContainText('20 from cache');
  expect(posts).toBe(0);
});
