// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageHistoryStore } from '@/client/features/history/use-history';
import { FakeXhr } from '@/client/testing/fake-xhr';
import { installBrowserStubs, renderApp, successEnvelope } from '@/client/testing/render-app';

function jpeg(name: string, fill: number): File {
  const bytes = new Uint8Array(1024).fill(fill);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return new File([bytes], name, { type: 'image/jpeg' });
}

/** The request that carries `name` (hashing is async, so requests may go out in any order). */
function xhrFor(name: string, nth = 0): FakeXhr {
  const all = FakeXhr.instances.filter((x) => {
    const image = x.body instanceof FormData ? x.body.get('image') : null;
    return image instanceof File && image.name === name;
  });
  const x = all[nth];
  if (!x) throw new Error(`no request for ${name}`);
  return x;
}

const rows = () => screen.getAllByTestId('queue-item');
const statusOf = (name: string) =>
  within(rows().find((r) => r.getAttribute('data-name') === name)!).getByTestId('queue-status').textContent;

/** The query of a request, e.g. { parts: 'body,foot,face,hand', quality: 'accurate' }. */
function queryOf(xhr: FakeXhr): Record<string, string> {
  const url = new URL(xhr.url, 'http://posescope.test');
  expect(url.pathname).toBe('/api/pose');
  return Object.fromEntries(url.searchParams);
}

beforeEach(async () => {
  installBrowserStubs();
  localStorage.removeItem('posescope.analysis-settings');
  localStorage.removeItem('posescope.batch.concurrency');
  await pageHistoryStore().clear();
});
afterEach(() => cleanup());

describe('batch panel', () => {
  it('queues many files two at a time, skips non-images with a reason, retries, and answers repeats from cache', async () => {
    const user = userEvent.setup({ applyAccept: false });
    renderApp();
    await user.click(screen.getByRole('button', { name: 'Batch' }));
    // Batch mode loads on first use (React.lazy): wait for its panel.
    await screen.findByTestId('batch-panel');
    const notes = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    await user.upload(screen.getByLabelText('Choose images'), [
      jpeg('a.jpg', 1),
      notes,
      jpeg('b.jpg', 2),
      jpeg('c.jpg', 3),
    ]);

    // Bounded concurrency: two requests in flight, the third waits.
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(2));
    expect(statusOf('notes.txt')).toBe('Skipped: Not a JPEG, PNG or WebP image (text/plain)');
    expect(statusOf('c.jpg')).toBe('Waiting');
    // The header's default settings (Body): what the single-image flow sends too.
    expect(FakeXhr.instances.every((x) => x.url === '/api/pose?parts=body')).toBe(true);

    expect(statusOf('c.jpg')).toBe('Waiting');
    act(() => xhrFor('a.jpg').progress(30, 100));
    await waitFor(() => expect(statusOf('a.jpg')).toBe('Uploading 30%'));
    act(() => xhrFor('a.jpg').uploadDone());
    await waitFor(() => expect(statusOf('a.jpg')).toBe('Analysing'));
    act(() => xhrFor('a.jpg').respond(200, successEnvelope([{ id: 0, scores: [0.9, 0.8] }])));
    await waitFor(() => expect(statusOf('a.jpg')).toBe('Done: 1 person'));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(3));

    // b fails for good reason the user can retry (502), c succeeds with two people.
    act(() =>
      xhrFor('b.jpg').respond(502, {
        header: { isSuccessful: false, resultCode: -50201, resultMessage: 'Upstream error' },
      }),
    );
    act(() =>
      xhrFor('c.jpg').respond(
        200,
        successEnvelope([
          { id: 0, scores: [0.9] },
          { id: 1, scores: [0.5] },
        ]),
      ),
    );
    await waitFor(() => expect(statusOf('b.jpg')).toBe('Failed: Upstream error (-50201)'));
    await waitFor(() => expect(statusOf('c.jpg')).toBe('Done: 2 people'));
    expect(screen.getByTestId('batch-counts')).toHaveTextContent('2 done · 1 failed · 1 skipped · 0 to go');

    await user.click(
      within(rows().find((r) => r.dataset.name === 'b.jpg')!).getByRole('button', { name: 'Retry' }),
    );
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(4));
    act(() => xhrFor('b.jpg', 1).respond(200, successEnvelope([{ id: 7, scores: [0.7] }])));
    await waitFor(() => expect(statusOf('b.jpg')).toBe('Done: 1 person'));

    // The gallery holds the three results; the summary counts their people.
    await waitFor(() => expect(screen.getAllByTestId('gallery-item')).toHaveLength(3));
    expect(screen.getByTestId('summary-people')).toHaveTextContent('4');
    expect(screen.getByTestId('history-usage')).toHaveTextContent('3 stored');

    // The same bytes again (another name): no request, answered from cache.
    await user.upload(screen.getByLabelText('Choose images'), [jpeg('a-copy.jpg', 1)]);
    await waitFor(() => expect(statusOf('a-copy.jpg')).toBe('Done: 1 person (cached)'));
    expect(FakeXhr.instances).toHaveLength(4);

    // Re-analyse bypasses the cache.
    await user.click(
      within(rows().find((r) => r.dataset.name === 'a-copy.jpg')!).getByRole('button', {
        name: 'Re-analyse',
      }),
    );
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(5));
  });

  it('queues items with the header settings of their time; re-analyse keeps them; one cell per result', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.selectOptions(
      await screen.findByRole('combobox', { name: 'Detect' }),
      'Whole body (body, feet, face, hands)',
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Quality' }), 'Accurate');
    await user.click(screen.getByRole('button', { name: 'Batch' }));
    // Batch mode loads on first use (React.lazy): wait for its panel.
    await screen.findByTestId('batch-panel');
    // Concurrency 1, so the second item is still waiting when the settings change.
    fireEvent.change(screen.getByLabelText('Parallel uploads'), { target: { value: '1' } });
    await user.upload(screen.getByLabelText('Choose images'), [jpeg('w1.jpg', 21), jpeg('w2.jpg', 22)]);
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));

    // A change now applies to new items only: the waiting w2 keeps whole body · accurate.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Detect' }), 'Body + feet');
    await user.upload(screen.getByLabelText('Choose images'), [jpeg('feet.jpg', 23)]);
    const wholeBody = { parts: 'body,foot,face,hand', quality: 'accurate' };
    for (const [i, name] of ['w1.jpg', 'w2.jpg', 'feet.jpg'].entries()) {
      await waitFor(() => expect(FakeXhr.instances).toHaveLength(i + 1));
      expect(queryOf(xhrFor(name))).toEqual(
        name === 'feet.jpg' ? { parts: 'body,foot', quality: 'accurate' } : wholeBody,
      );
      act(() => xhrFor(name).respond(200, successEnvelope([{ id: 0, scores: [0.9] }])));
      await waitFor(() => expect(statusOf(name)).toBe('Done: 1 person'));
    }

    // Re-analyse sends the item's own options, not the header's current ones.
    await user.click(
      within(rows().find((r) => r.dataset.name === 'w1.jpg')!).getByRole('button', { name: 'Re-analyse' }),
    );
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(4));
    expect(queryOf(xhrFor('w1.jpg', 1))).toEqual(wholeBody);
    act(() => xhrFor('w1.jpg', 1).respond(200, successEnvelope([{ id: 0, scores: [0.9] }])));
    await waitFor(() => expect(statusOf('w1.jpg')).toBe('Done: 1 person'));

    // The same bytes with other settings are another result: a request, and a second cell.
    await user.upload(screen.getByLabelText('Choose images'), [jpeg('w1-feet.jpg', 21)]);
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(5));
    expect(queryOf(xhrFor('w1-feet.jpg'))).toEqual({ parts: 'body,foot', quality: 'accurate' });
    act(() => xhrFor('w1-feet.jpg').respond(200, successEnvelope([{ id: 0, scores: [0.9] }])));
    await waitFor(() => expect(screen.getAllByTestId('gallery-item')).toHaveLength(4));
    const labels = screen
      .getAllByTestId('gallery-item')
      .map((c) => [
        c.querySelector('.batch-cell-name')?.textContent,
        within(c).getByTestId('gallery-options').textContent,
      ]);
    expect(labels).toEqual(
      expect.arrayContaining([
        ['w1.jpg', 'whole body · accurate'],
        ['w2.jpg', 'whole body · accurate'],
        ['feet.jpg', 'body + feet · accurate'],
        ['w1-feet.jpg', 'body + feet · accurate'],
      ]),
    );
    expect(screen.getByTestId('history-usage')).toHaveTextContent('4 stored');

    // Removing one result of w1 keeps the other and the shared original.
    const w1Cell = screen
      .getAllByTestId('gallery-item')
      .find((c) => c.querySelector('.batch-cell-name')?.textContent === 'w1.jpg')!;
    await user.click(within(w1Cell).getByRole('button', { name: 'Remove w1.jpg from history' }));
    await waitFor(() => expect(screen.getAllByTestId('gallery-item')).toHaveLength(3));
    const hash = w1Cell.getAttribute('data-hash')!;
    expect(await pageHistoryStore().image(hash)).toBeInstanceOf(Blob);
    expect((await pageHistoryStore().list()).filter((e) => e.hash === hash)).toHaveLength(1);
  });

  it('waits out 503 + Retry-After and then sends the image again', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(screen.getByRole('button', { name: 'Batch' }));
    // Batch mode loads on first use (React.lazy): wait for its panel.
    await screen.findByTestId('batch-panel');
    await user.upload(screen.getByLabelText('Choose images'), [jpeg('busy.jpg', 9)]);
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    act(() =>
      FakeXhr.instances[0]!.respond(
        503,
        { header: { isSuccessful: false, resultCode: -50301, resultMessage: 'Busy' } },
        { 'Retry-After': '1' },
      ),
    );
    // Retry-After 1 s plus up to 50 % jitter: 1 or 2 s, rounded up.
    await waitFor(() => expect(statusOf('busy.jpg')).toMatch(/^Waiting \(server busy, retry in [12] s\)$/));
    expect(FakeXhr.instances).toHaveLength(1);
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(2), { timeout: 3000 });
  });

  it('opens a gallery item in the viewer and moves with j / k', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(screen.getByRole('button', { name: 'Batch' }));
    // Batch mode loads on first use (React.lazy): wait for its panel.
    await screen.findByTestId('batch-panel');
    await user.upload(screen.getByLabelText('Choose images'), [jpeg('one.jpg', 11), jpeg('two.jpg', 12)]);
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(2));
    act(() => xhrFor('one.jpg').respond(200, successEnvelope([{ id: 0, scores: [0.9] }])));
    act(() =>
      xhrFor('two.jpg').respond(
        200,
        successEnvelope([
          { id: 'a', scores: [0.9] },
          { id: 'b', scores: [0.8] },
        ]),
      ),
    );
    await waitFor(() => expect(screen.getAllByTestId('gallery-item')).toHaveLength(2));
    const cells = screen.getAllByTestId('gallery-item');
    await user.click(within(cells[0]!).getAllByRole('button')[0]!);
    await waitFor(() =>
      expect(
        screen.getAllByTestId('gallery-item').some((c) => c.getAttribute('aria-selected') === 'true'),
      ).toBe(true),
    );
    const selectedName = () =>
      screen.getAllByTestId('gallery-item').find((c) => c.getAttribute('aria-selected') === 'true')
        ?.textContent ?? '';
    const first = selectedName();
    const people = first.includes('two.jpg') ? 2 : 1;
    await waitFor(() => expect(screen.getAllByTestId('person-item')).toHaveLength(people));

    screen.getByTestId('batch-gallery').focus();
    await user.keyboard('j');
    await waitFor(() => expect(selectedName()).not.toBe(first));
    await waitFor(() => expect(screen.getAllByTestId('person-item')).toHaveLength(3 - people));
    await user.keyboard('k');
    await waitFor(() => expect(selectedName()).toBe(first));
  });

  it('speaks Korean when the app does', async () => {
    const user = userEvent.setup({ applyAccept: false });
    renderApp('ko');
    await user.click(screen.getByRole('button', { name: '일괄 처리' }));
    // Batch mode loads on first use (React.lazy): wait for its panel.
    await screen.findByTestId('batch-panel');
    await user.upload(screen.getByLabelText('이미지 여러 개 선택'), [
      new File(['hello'], 'notes.txt', { type: 'text/plain' }),
    ]);
    await waitFor(() =>
      expect(statusOf('notes.txt')).toBe('건너뜀: JPEG, PNG, WebP 이미지가 아닙니다 (text/plain)'),
    );
    expect(screen.getByTestId('batch-counts')).toHaveTextContent('완료 0 · 실패 0 · 건너뜀 1 · 남음 0');
  });
});
