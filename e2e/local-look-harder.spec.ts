import { resolve } from 'node:path';
import { expect, test } from './fixtures';

// A crowded real photo where the default (balanced) search sees more people than it is sure of:
// the status says so, and "Look harder" re-analyses with the thorough setting, which finds more.
// COCO val2017 000000211325 (CC BY, test-data/coco-mini/SOURCES.md): 7 labelled people.
const CROWD = resolve(import.meta.dirname, '..', 'test-data', 'coco-mini', 'images', '000000211325.jpg');

test.describe.configure({ mode: 'serial' });

test('the engine says it saw more people, and "Look harder" finds more of them', async ({ app, page }) => {
  await app.goto();
  await expect(app.providerBadge).toContainText('Offline engine');
  const quality = page.getByRole('combobox', { name: 'Quality' });
  await expect(quality).toHaveValue('balanced');

  const first = await app.analyse(() => app.upload(CROWD));
  expect(first.meta?.quality).toBe('balanced');
  const unconfirmed = first.meta?.unconfirmedPeople ?? 0;
  expect(unconfirmed).toBeGreaterThan(0);
  const found = first.result.keyPointList.length;
  await expect(app.personItems).toHaveCount(found);
  await expect(app.status).toHaveText(
    `Done: ${found} people found. The engine saw ${unconfirmed} more possible ${unconfirmed === 1 ? 'person' : 'people'} it was not sure of.`,
  );

  const request = page.waitForRequest((r) => r.url().includes('/api/pose') && r.method() === 'POST');
  const second = await app.analyse(() => page.getByRole('button', { name: /^Look harder/ }).click());
  expect(new URL((await request).url()).searchParams.get('quality')).toBe('accurate');
  expect(second.meta?.quality).toBe('accurate');
  await expect(quality).toHaveValue('accurate');
  // The thorough search finds people the default missed (7 are labelled in this photo).
  expect(second.result.keyPointList.length).toBeGreaterThan(found);
  await expect(app.personItems).toHaveCount(second.result.keyPointList.length);
  // Looking as hard as it can: the action is not offered again.
  await expect(page.getByTestId('look-harder')).toHaveCount(0);
  await expect(app.status).toHaveText(
    new RegExp(`^Done: ${second.result.keyPointList.length} people found\\.`),
  );
});

test('Quality: Fast is one quick pass, and says so in the answer', async ({ app, page }) => {
  await app.goto();
  const quality = page.getByRole('combobox', { name: 'Quality' });
  await quality.selectOption('fast');
  const request = page.waitForRequest((r) => r.url().includes('/api/pose') && r.method() === 'POST');
  const answer = await app.analyse(() => app.upload(CROWD));
  expect(new URL((await request).url()).searchParams.get('quality')).toBe('fast');
  expect(answer.meta?.quality).toBe('fast');
  expect(answer.meta?.model).toMatch(/^movenet-multipose@/);
  await expect(app.personItems).toHaveCount(answer.result.keyPointList.length);
});
