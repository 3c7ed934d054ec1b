// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PoseResult, PoseSuccess } from '@/contract/pose-envelope';
import { createQueryClient } from '@/client/App';
import { createI18n } from '@/client/i18n/i18n';
import { FakeXhr } from '@/client/testing/fake-xhr';
import { HEALTH_OK, installBrowserStubs } from '@/client/testing/render-app';
import { ComparePanel } from './compare-panel';
import { compareModesFor, PROVIDER_COMPARISON, SETTINGS_COMPARISON } from './compare-modes';
import type { OpenedItem } from './use-viewer-source';
import recorded from './fixtures/engine-fast-vs-accurate.json';

// Which comparison the panel offers (issue 7): NHN vs the embedded engine when GET /api/health
// lists both providers, else fast vs accurate. Requests go through FakeXhr (query string checked),
// health through the stubbed fetch. The fast vs accurate answers are the embedded engine's own,
// recorded on COCO photo 000000197388 (640 x 392, five people) by
// scripts/record-compare-fixture.ts: the expected figures below were read off that JSON.

const FAST = PoseSuccess.parse(recorded.fast);

function openedItem(): OpenedItem {
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
      height: 392,
      createdAt: 0,
      answer: {
        hash: 'abc123',
        result: PoseResult.parse(FAST.result),
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

/**
 * No recorded NHN answer exists: for the provider comparison both sides start from the engine's
 * fast answer; the "local" side moves person "1"'s nose `dx` px right and drops person "0".
 */
function providerAnswer(provider: 'local' | 'nhn', dx = 0) {
  const env = structuredClone(FAST);
  if (provider === 'local') {
    const one = env.result.keyPointList.find((p) => p.personId === '1')!;
    one.inferKeypointList.find((k) => k.name === 'nose')!.x += dx;
    env.result.keyPointList = env.result.keyPointList.filter((p) => p.personId !== '0');
    env.result.numberOfPerson = env.result.keyPointList.length;
  }
  return { ...env, meta: { ...env.meta!, provider } };
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
    act(() => xhrWith('provider=nhn')!.respond(200, providerAnswer('nhn'), { 'X-Pose-Provider': 'nhn' }));
    act(() =>
      xhrWith('provider=local')!.respond(200, providerAnswer('local', 12), { 'X-Pose-Provider': 'local' }),
    );

    const overlay = await screen.findByTestId('compare-overlay');
    expect(overlay).toHaveAttribute('aria-label', 'NHN Cloud vs embedded engine: 3 people matched');
    expect(overlay.querySelector('circle[fill="#0072B2"]')).not.toBeNull();
    expect(overlay.querySelector('circle[fill="#D55E00"]')).not.toBeNull();
    // Person "0", found only by one side, is listed as unpaired, not paired with a stranger.
    expect(screen.getByTestId('compare-unpaired')).toHaveTextContent(
      'Unpaired (no partner at OKS ≥ 0.5): only in NHN Cloud: 0; only in embedded engine: none',
    );
    // Person "1"'s nose: (590.4, 78.6) in the recorded answer, 12 px right on the other side.
    const pairOne = screen
      .getAllByTestId('compare-pair')
      .find((li) => li.textContent?.startsWith('Person 1 ↔ 1'));
    expect(pairOne).toBeDefined();
    const nose = [...overlay.querySelectorAll('[data-testid="compare-keypoint"][data-name="nose"]')].find(
      (g) => g.querySelector('circle')?.getAttribute('cx')?.startsWith('590.'),
    )!;
    fireEvent.mouseEnter(nose);
    expect(screen.getByTestId('compare-tooltip')).toHaveTextContent(
      'nose: 12.0 px apart (NHN Cloud 590, 79 · embedded engine 602, 79)',
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
    act(() => xhrWith('quality=fast')!.respond(200, recorded.fast));
    act(() => xhrWith('quality=accurate')!.respond(200, recorded.accurate));
    const overlay = await screen.findByTestId('compare-overlay');
    expect(overlay.querySelector('circle[fill="#E69F00"]')).not.toBeNull();
    // The engine's two settings really differ: all four people found by both are paired (fast
    // ids 1, 0, 3, 2 with accurate 3, 2, 1, 0, best OKS first), 8.5-13.0 px apart on average.
    expect(overlay).toHaveAttribute('aria-label', 'fast vs accurate: 4 people matched');
    expect(screen.getAllByTestId('compare-pair').map((li) => li.textContent)).toEqual([
      'Person 1 ↔ 3: OKS 0.860, mean 8.5 px over 17 keypoints',
      'Person 0 ↔ 2: OKS 0.782, mean 13.0 px over 17 keypoints',
      'Person 3 ↔ 1: OKS 0.725, mean 9.7 px over 17 keypoints',
      'Person 2 ↔ 0: OKS 0.710, mean 12.0 px over 17 keypoints',
    ]);
    expect(screen.queryByTestId('compare-unpaired')).toBeNull();
    // Fast person 1's nose (590.4, 78.6) against accurate person 3's (592.2, 78.2): 1.8 px.
    fireEvent.mouseEnter(overlay.querySelector('[data-name="nose"]')!);
    expect(screen.getByTestId('compare-tooltip')).toHaveTextContent(
      'nose: 1.8 px apart (fast 590, 79 · accurate 592, 78)',
    );
  });

  it('a health answer without providers (older server) offers only fast vs accurate', async () => {
    const { fetchCalls } = installBrowserStubs(HEALTH_OK);
    renderPanel();
    await waitFor(() => expect(fetchCalls.some((u) => u.endsWith('/api/health'))).toBe(true));
    // findBy fails when nothing appears; the element itself may be re-rendered since.
    await screen.findByRole('button', { name: 'Compare fast vs accurate' });
    expect(screen.getAllByRole('button')).toHaveLength(1);
  });
});
