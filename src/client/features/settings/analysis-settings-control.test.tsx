// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeXhr } from '@/client/testing/fake-xhr';
import { HEALTH_OK, installBrowserStubs, jpegFile, renderApp } from '@/client/testing/render-app';
import { ANALYSIS_SETTINGS_KEY } from './analysis-settings';

// The header's analysis settings against the real App: what the request's query string
// carries, what localStorage keeps, and that NHN mode offers nothing to choose.

beforeEach(() => {
  localStorage.clear();
});
afterEach(() => cleanup());

async function nextXhr(count: number): Promise<FakeXhr> {
  await waitFor(() => expect(FakeXhr.instances.length).toBeGreaterThanOrEqual(count));
  return FakeXhr.instances[count - 1]!;
}

/** The query of a recorded request as a plain object. */
function queryOf(xhr: FakeXhr): Record<string, string> {
  const url = new URL(xhr.url, 'http://posescope.test');
  expect(url.pathname).toBe('/api/pose');
  return Object.fromEntries(url.searchParams);
}

const detectSelect = () => screen.findByRole('combobox', { name: 'Detect' });
const qualitySelect = () => screen.getByRole('combobox', { name: 'Quality' });

describe('analysis settings control', () => {
  it('defaults to Body at Balanced quality and sends parts=body only', async () => {
    installBrowserStubs();
    const user = userEvent.setup();
    renderApp();
    expect(await detectSelect()).toHaveValue('body');
    expect(qualitySelect()).toHaveValue('balanced');
    expect(qualitySelect()).toBeEnabled();
    expect(
      screen
        .getAllByRole('option')
        .filter((o) => o.closest('select') === qualitySelect())
        .map((o) => o.textContent),
    ).toEqual(['Fast', 'Balanced', 'Accurate']);
    expect(screen.getByRole('group', { name: 'Analysis settings' })).toBeInTheDocument();

    await user.upload(screen.getByLabelText('Choose image'), jpegFile());
    expect(queryOf(await nextXhr(1))).toEqual({ parts: 'body' });
  });

  it('Whole body + Accurate go into the query string and into localStorage', async () => {
    installBrowserStubs();
    const user = userEvent.setup();
    renderApp();
    await user.selectOptions(await detectSelect(), 'Whole body (body, feet, face, hands)');
    await user.selectOptions(qualitySelect(), 'Accurate');
    expect(JSON.parse(localStorage.getItem(ANALYSIS_SETTINGS_KEY) ?? 'null')).toEqual({
      detect: 'whole-body',
      quality: 'accurate',
    });

    await user.upload(screen.getByLabelText('Choose image'), jpegFile());
    expect(queryOf(await nextXhr(1))).toEqual({ parts: 'body,foot,face,hand', quality: 'accurate' });
  });

  it('Body + feet sends parts=body,foot without a quality at Balanced, and quality=fast at Fast', async () => {
    installBrowserStubs();
    const user = userEvent.setup();
    renderApp();
    await user.selectOptions(await detectSelect(), 'Body + feet');
    await user.upload(screen.getByLabelText('Choose image'), jpegFile());
    expect(queryOf(await nextXhr(1))).toEqual({ parts: 'body,foot' });
    await user.selectOptions(qualitySelect(), 'Fast');
    expect(qualitySelect().closest('label')).toHaveAttribute(
      'title',
      expect.stringMatching(/one quick pass/),
    );
    expect(queryOf(await nextXhr(2))).toEqual({ parts: 'body,foot', quality: 'fast' });
  });

  it('a new page starts with the stored choice; a broken stored value gives the defaults', async () => {
    installBrowserStubs();
    localStorage.setItem(
      ANALYSIS_SETTINGS_KEY,
      JSON.stringify({ detect: 'whole-body', quality: 'accurate' }),
    );
    const user = userEvent.setup();
    renderApp();
    expect(await detectSelect()).toHaveValue('whole-body');
    expect(qualitySelect()).toHaveValue('accurate');
    await user.upload(screen.getByLabelText('Choose image'), jpegFile());
    expect(queryOf(await nextXhr(1))).toEqual({ parts: 'body,foot,face,hand', quality: 'accurate' });
    cleanup();

    installBrowserStubs();
    localStorage.setItem(ANALYSIS_SETTINGS_KEY, '{"detect":42');
    renderApp();
    expect(await detectSelect()).toHaveValue('body');
    expect(qualitySelect()).toHaveValue('balanced');
  });

  it('is reachable by keyboard: Tab goes from Detect to Quality, whatever is detected', async () => {
    installBrowserStubs();
    const user = userEvent.setup();
    renderApp();
    const detect = await detectSelect();
    for (const choice of ['Body', 'Whole body (body, feet, face, hands)']) {
      await user.selectOptions(detect, choice);
      detect.focus();
      await user.tab();
      expect(qualitySelect()).toHaveFocus();
    }
  });

  it('speaks Korean', async () => {
    installBrowserStubs();
    renderApp('ko');
    const detect = await screen.findByRole('combobox', { name: '검출 대상' });
    expect(screen.getByRole('option', { name: '전신 (몸, 발, 얼굴, 손)' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: '품질' })).toHaveValue('balanced');
    expect(screen.getByRole('option', { name: '균형' })).toBeInTheDocument();
    expect(detect).toHaveValue('body');
    expect(screen.getByRole('group', { name: '분석 설정' })).toBeInTheDocument();
  });

  it('NHN mode: no settings, a one-line reason, and no parts or quality sent (only provider=nhn)', async () => {
    installBrowserStubs({ ...HEALTH_OK, provider: 'nhn' });
    localStorage.setItem(
      ANALYSIS_SETTINGS_KEY,
      JSON.stringify({ detect: 'whole-body', quality: 'accurate' }),
    );
    const user = userEvent.setup();
    renderApp();
    await waitFor(() => expect(screen.getByTestId('provider-badge')).toHaveTextContent('NHN Cloud'));
    const note = screen.getByTestId('analysis-settings');
    expect(note).toHaveTextContent('NHN Cloud decides which keypoints it returns');
    expect(screen.queryByRole('combobox', { name: 'Detect' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Quality' })).not.toBeInTheDocument();

    await user.upload(screen.getByLabelText('Choose image'), jpegFile());
    // No parts or quality; the provider itself, so the cache keys NHN's answers apart.
    expect((await nextXhr(1)).url).toBe('/api/pose?provider=nhn');
  });
});
