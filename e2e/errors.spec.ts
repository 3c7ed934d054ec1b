import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { PoseFailure } from '../src/contract/pose-envelope';
import { ko } from '../src/client/i18n/ko';
import { imagePath, writeTooLargeFile } from './fixture-images';
import { expect, test } from './fixtures';

// Every way an analysis can fail ends in a clear message in place of the skeletons, with the
// photo still on screen, Dismiss, and Retry where a retry can help. The fake NHN upstream fails on purpose according
// to the file name's prefix.

/**
 * Announces a multipart upload of `bytes` bytes (Content-Length) but sends no body, and returns
 * the server's answer: a server that checks the declared size refuses before reading. (Sending
 * the bytes would race the early answer against a TCP reset.)
 */
function announceUpload(url: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=posescope-e2e', 'content-length': bytes },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          req.destroy();
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('no answer to an oversized upload within 10 s')));
    req.flushHeaders();
  });
}

interface FailureStory {
  title: string;
  file: string;
  /** What the message must say (the upstream's own words or ours). */
  message: RegExp;
  /** Whether a retry can fix it (timeouts, 5xx, 429, network): only then is Retry offered. */
  retry: boolean;
}

const UPSTREAM_FAILURES: FailureStory[] = [
  {
    title: 'NHN answers isSuccessful=false: our words and its code, its resultMessage in details',
    file: 'fail-x.png',
    message: /refused the image.*\(code -41000\).*Invalid image/s,
    retry: false,
  },
  {
    title: 'NHN does not answer in time',
    file: 'timeout-x.png',
    message: /in time|within \d+(\.\d+)? ?m?s|timed? ?out/i,
    retry: true,
  },
  {
    title: 'a gateway answers HTTP 502 with an HTML page',
    file: 'html502-x.png',
    message: /HTTP|502/i,
    retry: true,
  },
  {
    title: 'a gateway answers HTTP 500 with an HTML page',
    file: 'html500-x.png',
    message: /HTTP|500/i,
    retry: true,
  },
  {
    title: 'a gateway answers HTTP 503 with an HTML page',
    file: 'html503-x.png',
    message: /HTTP|503|unavailable/i,
    retry: true,
  },
  {
    title: 'NHN answers 200 with a body that is not JSON',
    file: 'badjson-x.png',
    message: /not (a )?valid|JSON/i,
    retry: true,
  },
  {
    title: 'NHN cuts the connection mid-answer',
    file: 'reset-x.png',
    message: /reach|reset|connection|HTTP|valid/i,
    retry: true,
  },
];

test.describe('when analysis fails', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
  });

  for (const story of UPSTREAM_FAILURES) {
    test(`${story.title}; the image stays${story.retry ? ', with Retry' : ', without Retry'}`, async ({
      app,
    }) => {
      await app.upload(imagePath(story.file));
      await app.waitForState('error', 30_000);
      expect(await app.errorText()).toMatch(story.message);
      // The message names a code so a user can report it.
      expect(await app.errorText()).toMatch(/code -?\d+|HTTP \d{3}/);
      await expect(app.error.getByRole('button', { name: 'Retry' })).toHaveCount(story.retry ? 1 : 0);
      await expect(app.error.getByRole('button', { name: 'Dismiss' })).toBeVisible();
      await expect(app.personItems).toHaveCount(0);
      await app.expectImageShown();
    });
  }

  test('an answer that breaks the schema names the offending field', async ({ app }) => {
    await app.upload(imagePath('schema-x.png'));
    await app.waitForState('error');
    const text = await app.errorText();
    // A dotted path into the envelope, e.g. result.keyPointList.0.inferKeypointList.3.score
    expect(text).toMatch(/(result|header)\.[\w.]+/);
    await app.expectImageShown();
  });

  test('Retry sends the same image again', async ({ app, page }) => {
    await app.upload(imagePath('html503-x.png'));
    await app.waitForState('error');
    const again = page.waitForRequest((r) => r.url().includes('/api/pose') && r.method() === 'POST');
    await app.error.getByRole('button', { name: 'Retry' }).click();
    const request = await again;
    expect(await request.headerValue('content-type')).toMatch(/^multipart\/form-data/);
    await app.waitForState('error');
    expect(await app.errorText()).toMatch(/503/);
    await app.expectImageShown();
  });

  test('zero people found says "No people detected" over the image', async ({ app }) => {
    await app.upload(imagePath('none-empty-room.png'));
    await app.expectNoPeopleDetected();
    await app.expectImageShown();
  });

  test('a file that is not an image is refused with a clear message', async ({ app }) => {
    await app.upload(imagePath('not-image.png'));
    await expect(app.error).toBeVisible();
    expect(await app.errorText()).toMatch(/not an image|JPEG, PNG or WebP/i);
    await expect(app.personItems).toHaveCount(0);
  });

  test('a file above the upload limit is refused with a clear message', async ({ app }) => {
    const dir = mkdtempSync(join(tmpdir(), 'posescope-e2e-'));
    try {
      await app.upload(writeTooLargeFile(dir));
      await expect(app.error).toBeVisible();
      expect(await app.errorText()).toMatch(/limit|too large|larger/i);
      await expect(app.personItems).toHaveCount(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the server itself refuses a non-image and an oversized file (a page that skips its checks)', async ({
    app,
    page,
  }) => {
    await app.goto();
    const notImage = await page.request.post('/api/pose', {
      multipart: {
        image: {
          name: 'ok-lying.png',
          mimeType: 'image/png',
          buffer: readFileSync(imagePath('not-image.png')),
        },
      },
    });
    expect(notImage.status()).toBe(415);
    expect(PoseFailure.parse(await notImage.json()).header.resultMessage).toMatch(
      /not an image|JPEG, PNG or WebP/i,
    );

    const big = await announceUpload(`${new URL(page.url()).origin}/api/pose`, 11 * 1024 * 1024);
    expect(big.status).toBe(413);
    expect(PoseFailure.parse(JSON.parse(big.body)).header.resultMessage).toMatch(/larger|limit/i);
  });
});

/** Answers the next POST /api/pose with a failure envelope (what a server would send). */
async function failNextAnalysis(page: Page, status: number, resultCode: number, resultMessage: string) {
  await page.route(
    '**/api/pose*',
    (route) =>
      route.fulfill({
        status,
        contentType: 'application/json',
        body: JSON.stringify({ header: { isSuccessful: false, resultCode, resultMessage } }),
      }),
    { times: 1 },
  );
}

test.describe('refusals and what can be done about them', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
  });

  test('a refused file names itself, can be dismissed, and leaves the earlier photo and result as they were', async ({
    app,
    page,
  }) => {
    await app.analyse(() => app.upload(imagePath('ok-people.png')));
    await expect(app.personItems).toHaveCount(2);
    await app.upload(imagePath('not-image.png'));
    await expect(app.error).toBeVisible();
    expect(await app.errorText()).toContain('“not-image.png” is not an image PoseScope can read');
    // The earlier result is still the one shown, not a failure of it.
    await expect(app.canvas).toHaveAttribute('data-state', 'done');
    await expect(app.personItems).toHaveCount(2);
    await expect(app.error.getByRole('button', { name: 'Retry' })).toHaveCount(0);
    await app.error.getByRole('button', { name: 'Dismiss' }).click();
    await expect(app.error).toHaveCount(0);
    await expect(app.personItems).toHaveCount(2);
    await expect(page.getByTestId('analysis-status')).toHaveText('Done: 2 people found.');
  });

  test('a damaged JPEG (422) offers no Retry; a busy server (429) does', async ({ app, page }) => {
    await failNextAnalysis(page, 422, -42201, 'The image could not be decoded.');
    await app.upload(imagePath('ok-people.jpg'));
    await app.waitForState('error');
    expect(await app.errorText()).toContain(
      'The image could not be decoded: the file looks damaged or truncated. (code -42201)',
    );
    await expect(app.error.getByRole('button', { name: 'Retry' })).toHaveCount(0);
    await expect(app.error.getByRole('button', { name: 'Dismiss' })).toBeVisible();

    await failNextAnalysis(page, 429, -42901, 'Too many requests.');
    await app.upload(imagePath('ok-people.png'));
    await app.waitForState('error');
    expect(await app.errorText()).toContain('(code -42901)');
    await expect(app.error.getByRole('button', { name: 'Retry' })).toBeVisible();
  });

  test("a 1x1 PNG is refused in the browser, before any upload; the server's 422 reads the same", async ({
    app,
    page,
  }) => {
    const dir = mkdtempSync(join(tmpdir(), 'posescope-e2e-'));
    try {
      const tiny = join(dir, 'tiny.png');
      await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
        .png()
        .toFile(tiny);
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/api/pose') && r.method() === 'POST') posts.push(r.url());
      });
      await app.upload(tiny);
      await expect(app.error).toBeVisible();
      expect(await app.errorText()).toContain(
        '“tiny.png” is 1×1 px: too small to hold a person (at least 32 px a side). (code -42203)',
      );
      await expect(app.error.getByRole('button', { name: 'Retry' })).toHaveCount(0);
      expect(posts).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A server that refuses first (HTTP 422 with the NHN envelope) gets our words for its code.
    await failNextAnalysis(page, 422, -42203, 'Image too small: 20x20 px.');
    await app.upload(imagePath('ok-people.png'));
    await app.waitForState('error');
    expect(await app.errorText()).toContain('The image is too small to hold a person. (code -42203)');
    expect(await app.errorText()).toContain('The server said: Image too small: 20x20 px.');
  });

  test('in Korean, a failure reads in Korean, mapped from its code, with the server text kept', async ({
    app,
    page,
  }) => {
    await app.setLanguage('ko');
    await failNextAnalysis(page, 503, -50303, 'PoseScope is busy with other images. Try again in a moment.');
    await page.getByLabel(ko.upload.choose).setInputFiles(imagePath('ok-people.png'));
    await app.waitForState('error');
    const text = await app.errorText();
    expect(text).toContain(
      'PoseScope가 다른 이미지를 처리하느라 바쁩니다. 잠시 후 다시 시도하세요. (코드 -50303)',
    );
    expect(text).toContain('서버 메시지: PoseScope is busy with other images.');
    await expect(app.error.getByRole('button', { name: '다시 시도' })).toBeVisible();
  });
});
