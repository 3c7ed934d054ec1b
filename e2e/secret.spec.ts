import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { E2E_SECRET } from './e2e-env';
import { imagePath } from './fixture-images';
import { expect, test } from './fixtures';

// The NHN secretKey lives only in the server's environment. Whatever the user does (success,
// upstream failures), no request, response (headers and body), page HTML, JS bundle or console
// message in the browser contains it. (The traffic fixture also checks this after every test.)

const DIST_CLIENT = resolve('dist', 'client');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('the NHN secret never reaches the browser, whatever happens', async ({ app, page, traffic }) => {
  await app.goto();
  await app.analyse(() => app.upload(imagePath('ok-people.png')));
  for (const file of ['fail-x.png', 'html502-x.png', 'schema-x.png']) {
    await app.upload(imagePath(file));
    await app.waitForState('error');
  }
  await page.request.get('/api/health');

  await traffic.settle();
  // The recorder really sees bodies, headers and the console (else the scan proves nothing).
  await page.evaluate(() => console.log('recorder-canary-7d1e'));
  await expect.poll(() => traffic.find('recorder-canary-7d1e').length).toBe(1);
  expect(traffic.entries.some((e) => e.kind === 'response' && e.url.includes('/api/pose'))).toBe(true);
  expect(traffic.find('inferKeypointList').length).toBeGreaterThan(0);
  const scripts = traffic.entries.filter((e) => e.kind === 'response' && /\.m?js(\?|$)/.test(e.url));
  expect(scripts.length, 'the JS bundle went through the recorder').toBeGreaterThan(0);

  expect(traffic.find(E2E_SECRET)).toEqual([]);
  expect(await page.content()).not.toContain(E2E_SECRET);
});

test('the built client (dist/client) does not contain the secret', async () => {
  const files = filesUnder(DIST_CLIENT);
  expect(files.some((f) => f.endsWith('.js'))).toBe(true);
  const leaking = files.filter((f) => readFileSync(f).includes(E2E_SECRET));
  expect(leaking).toEqual([]);
});
