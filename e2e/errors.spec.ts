import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { PoseFailure } from '../src/contract/pose-envelope';
import { imagePath, writeTooLargeFile } from './fixture-images';
import { expect, test } from './fixtures';

// Every way an analysis can fail ends in a clear message in place of the skeletons, with the
// photo still on screen and a Retry button. The fake NHN upstream fails on purpose according
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
}

const UPSTREAM_FAILURES: FailureStory[] = [
  {
    title: 'NHN answers isSuccessful=false: its resultMessage and code are shown',
    file: 'fail-x.png',
    message: /Invalid image.*\(code -41000\)/s,
  },
  {
    title: 'NHN does not answer in time',
    file: 'timeout-x.png',
    message: /in time|within \d+(\.\d+)? ?m?s|timed? ?out/i,
  },
  { title: 'a gateway answers HTTP 502 with an HTML page', file: 'html502-x.png', message: /HTTP|502/i },
  { title: 'a gateway answers HTTP 500 with an HTML page', file: 'html500-x.png', message: /HTTP|500/i },
  {
    title: 'a gateway answers HTTP 503 with an HTML page',
    file: 'html503-x.png',
    message: /HTTP|503|unavailable/i,
  },
  {
    title: 'NHN answers 200 with a body that is not JSON',
    file: 'badjson-x.png',
    message: /not (a )?valid|JSON/i,
  },
  {
    title: 'NHN cuts the connection mid-answer',
    file: 'reset-x.png',
    message: /reach|reset|connection|HTTP|valid/i,
  },
];

test.describe('when analysis fails', () => {
  test.beforeEach(async ({ app }) => {
    await app.goto();
  });

  for (const story of UPSTREAM_FAILURES) {
    test(`${story.title}; the image stays`, async ({ app }) => {
      await app.upload(imagePath(story.file));
      await app.waitForState('error', 30_000);
      expect(await app.errorText()).toMatch(story.message);
      // The message names a code so a user can report it.
      expect(await app.errorText()).toMatch(/code -?\d+|HTTP \d{3}/);
      await expect(app.error.getByRole('button', { name: 'Retry' })).toBeVisible();
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
    await app.upload(imagePath('fail-x.png'));
    await app.waitForState('error');
    const again = page.waitForRequest((r) => r.url().includes('/api/pose') && r.method() === 'POST');
    await app.error.getByRole('button', { name: 'Retry' }).click();
    const request = await again;
    expect(await request.headerValue('content-type')).toMatch(/^multipart\/form-data/);
    await app.waitForState('error');
    expect(await app.errorText()).toContain('Invalid image');
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
