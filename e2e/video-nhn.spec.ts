import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { CLIPS_DIR, FFMPEG, makeClip } from './make-clips';

// With NHN Cloud as the provider every analysed frame is a paid call: above 100 requests the app
// asks first, and nothing is sent until the user says yes. Runs against the fake NHN upstream.

test('a video on NHN asks before more than 100 paid requests, and sends none when cancelled', async ({
  app,
  page,
}) => {
  test.setTimeout(180_000);
  const clip = await makeClip(
    {
      width: 320,
      height: 240,
      fps: 10,
      segments: [
        { photo: '000000000785.jpg', seconds: 6 },
        { photo: 'messi5.jpg', seconds: 6 },
      ],
    },
    'webm',
    'nhn-small',
  );
  let posts = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/pose') && r.method() === 'POST') posts++;
  });
  await app.goto();
  await expect(app.providerBadge).toContainText('NHN Cloud');
  await app.upload(clip.path);
  await expect(page.getByTestId('video-info')).toContainText('320×240');

  // 12 s at the default 5 frames/s: 60 requests, said before starting.
  const requests = page.getByTestId('video-requests');
  await expect(requests).toHaveAttribute('data-count', '60');
  // 10 frames/s (the clip's own rate): 120 paid calls need a confirmation.
  await page.getByTestId('video-rate').fill('10');
  await expect(requests).toHaveAttribute('data-count', '120');
  await page.getByTestId('video-analyse').click();
  const confirm = page.getByTestId('video-confirm');
  await expect(confirm).toContainText('120 paid requests');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('video-progress')).toHaveCount(0);

  // 2 frames/s: 24 requests, under the limit, sent at once through the fake upstream.
  await page.getByTestId('video-rate').fill('2');
  await expect(requests).toHaveAttribute('data-count', '24');
  await page.getByTestId('video-analyse').click();
  await expect(confirm).toHaveCount(0);
  // The fake upstream answers like NHN, in about a second each, two at a time.
  await expect(page.getByTestId('video-progress')).toHaveAttribute('data-done', '24', { timeout: 90_000 });
  expect(posts).toBe(24);
  await expect(page.getByTestId('video-panel')).toHaveAttribute('data-analysed', '24');
  await expect(app.personItems.first()).toBeVisible();
});

test('a video the browser cannot decode (HEVC) is named with a human error, and closes', async ({
  app,
  page,
}) => {
  // Debian's Chromium decodes VP8, VP9 and AV1 WebM and H.264 MP4/MOV, but not HEVC.
  mkdirSync(CLIPS_DIR, { recursive: true });
  const file = join(CLIPS_DIR, 'ok-hevc.mp4');
  if (!existsSync(file)) {
    execFileSync(FFMPEG, [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10:duration=1'],
      ...[
        '-c:v',
        'libx265',
        '-x265-params',
        'log-level=error',
        '-pix_fmt',
        'yuv420p',
        '-tag:v',
        'hvc1',
        file,
      ],
    ]);
  }
  await app.goto();
  await app.upload(file);
  await expect(page.getByTestId('video-error')).toContainText('This browser cannot play “ok-hevc.mp4”');
  await page.getByRole('button', { name: 'Close video' }).click();
  await expect(page.getByTestId('video-panel')).toHaveCount(0);
  await expect(page.getByTestId('empty-stage')).toBeVisible();
});
