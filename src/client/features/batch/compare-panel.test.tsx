// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PoseResult } from '@/contract/pose-envelope';
import { createQueryClient } from '@/client/App';
import { createI18n } from '@/client/i18n/i18n';
import { FakeXhr } from '@/client/testing/fake-xhr';
import { HEALTH_OK, installBrowserStubs, successEnvelope } from '@/client/testing/render-app';
import { ComparePanel } from './compare-panel';
import { compareModesFor, PROVIDER_COMPARISON, SETTINGS_COMPARISON } from './compare-modes';
import type { OpenedItem } from './use-viewer-source';

// Which comparison the panel offers (issue 7): NHN vs the embedded engine when GET /api/health
// lists both providers, else fast vs accurate. Requests go through FakeXhr (query string checked),
// health through the stubbed fetch.

function openedItem(): OpenedItem {
  const answer = successEnvelope([{ id: '0', scores: [0.9, 0.8, 0.7] }]);
  return {
    hash: 'abc123',
    entryId: 'abc123',
    id: -1,
    url: 'blob:test/photo',
    file: new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' }),
    entry: {
      hash: 'abc123',
      fileName: 'photo.jpg',
      mimeType: 'image/jpeg',
      byteSize: 4,
      width: 640,
      height: 425,
      createdAt: 0,
      answer: {
        hash: 'abc123',
        result: PoseResult.parse(answer.result),
        serverTiming: {},
        clientTiming: { uploadMs: 0, waitMs: 0, totalMs: 0 },
      },
    },
  };
}

function renderPanel() {
  return render(
    <I18nextProvider i18n={createI18n('en')}>
      <QueryClientProvider client={createQueryClient()}>
        <ComparePanel item={openedItem()} />
      </QueryClientProvider>
    </I18nextProvider>,
  );
}

/** One person whose nose sits `dx` px right of successEnvelope's (100, 50). */
function answerShiftedBy(dx: number, provider: 'local' | 'nhn') {
  const env = successEnvelope([{ id: 0, scores: [0.9, 0.8] }]);
  const nose = env.result.keyPointList[0]!.inferKeypointList[0]!;
  nose.x += dx;
  return { ...env, meta: { ...env.meta, provider } };
}

const xhrWith = (param: string) => FakeXhr.instances.find((x) => x.url.includes(param));

beforeEach(() => FakeXhr.reset());
afterEach(() => cleanup());

describe('compareModesFor', () => {
  it('prefers providers only when both local and nhn are listed', () => {
    expect(compareModesFor(['local', 'nhn'])).toEqual([PROVIDER_COMPARISON, SETTINGS_COMPARISON]);
    expect(compareModesFor(['nhn', 'local', 'future'])[0]).toBe(PROVIDER_COMPARISON);
    expect(compareModesFor(['local'])).toEqual([SETTINGS_COMPARISON]);
    expect(compareModesFor(['nhn'])).toEqual([SETTINGS_COMPARISON]);
    // An older server without the field: today's comparison.
    expect(compareModesFor(undefined)).toEqual([SETTINGS_COMPARISON]);
  });

  it('asks each provider explicitly and keeps the two sides apart in colour', () => {
    expect(PROVIDER_COMPARISON.sides.map((s) => s.options)).toEqual([
      { provider: 'nhn' },
      { provider: 'local' },
    ]);
    expect(SETTINGS_COMPARISON.sides.map((s) => s.options)).toEqual([
      { quality: 'fast' },
      { quality: 'accurate' },
    ]);
    for (const m of [PROVIDER_COMPARISON, SETTINGS_COMPARISON])
      expect(m.sides[0].colour).not.toBe(m.sides[1].colour);
  });
});

describe('compare panel', () => {
  it('with both providers: compares NHN with the embedded engine via ?provider= and shows the distance on hover', async () => {
    installBrowserStubs({ ...HEALTH_OK, provider: 'nhn', providers: ['local', 'nhn'] });
    renderPanel();
    const button = await screen.findByRole('button', { name: 'Compare NHN vs embedded engine' });
    expect(screen.getByRole('button', { name: 'Compare fast vs accurate' })).toBeEnabled();
    expect(screen.getByText('NHN Cloud')).toBeInTheDocument();
    expect(screen.getByText('embedded engine')).toBeInTheDocument();

    fireEvent.click(button);
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(2));
    expect(FakeXhr.instances.map((x) => x.url).sort()).toEqual([
      '/api/pose?provider=local',
      '/api/pose?provider=nhn',
    ]);
    act(() => xhrWith('provider=nhn')!.respond(200, answerShiftedBy(0, 'nhn'), { 'X-Pose-Provider': 'nhn' }));
    act(() =>
      xhrWith('provider=local')!.respond(200, answerShiftedBy(12, 'local'), { 'X-Pose-Provider': 'local' }),
    );

    const overlay = await screen.findByTestId('compare-overlay');
    expect(overlay).toHaveAttribute('aria-label', 'NHN Cloud vs embedded engine: 1 person matched');
    expect(overlay.querySelector('circle[fill="#0072B2"]')).not.toBeNull();
    expect(overlay.querySelector('circle[fill="#D55E00"]')).not.toBeNull();
    const nose = overlay.querySelector('[data-testid="compare-keypoint"][data-name="nose"]')!;
    fireEvent.mouseEnter(nose);
    expect(screen.getByTestId('compare-tooltip')).toHaveTextContent(
      'nose: 12.0 px apart (NHN Cloud 100, 50 · embedded engine 112, 50)',
    );
  });

  it('with the embedded engine only: keeps fast vs accurate and never asks for a provider', async () => {
    const { fetchCalls } = installBrowserStubs({ ...HEALTH_OK, providers: ['local'] });
    renderPanel();
    await waitFor(() => expect(fetchCalls.some((u) => u.endsWith('/api/health'))).toBe(true));
    const button = await screen.findByRole('button', { name: 'Compare fast vs accurate' });
    expect(screen.queryByRole('button', { name: 'Compare NHN vs embedded engine' })).toBeNull();
    expect(screen.queryByText('NHN Cloud')).toBeNull();

    fireEvent.click(button);
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(2));
    expect(FakeXhr.instances.map((x) => x.url).sort()).toEqual([
      '/api/pose?quality=accurate',
      '/api/pose?quality=fast',
    ]);
    act(() => xhrWith('quality=fast')!.respond(200, answerShiftedBy(0, 'local')));
    act(() => xhrWith('quality=accurate')!.respond(200, answerShiftedBy(3, 'local')));
    const overlay = await screen.findByTestId('compare-overlay');
    expect(overlay.querySelector('circle[fill="#E69F00"]')).not.toBeNull();
    fireEvent.mouseEnter(overlay.querySelector('[data-name="nose"]')!);
    expect(screen.getByTestId('compare-tooltip')).toHaveTextContent(
      'nose: 3.0 px apart (fast 100, 50 · accurate 103, 50)',
    );
  });

  it('a health answer without providers (older server) offers only fast vs accurate', async () => {
    const { fetchCalls } = installBrowserStubs(HEALTH_OK);
    renderPanel();
    await waitFor(() => expect(fetchCalls.some((u) => u.endsWith('/api/health'))).toBe(true));
    expect(await screen.findByRole('button', { name: 'Compare fast vs accurate' })).toBeInTheDocument();
    expect(screen.getAllByRole('button')).toHaveLength(1);
  });
});
