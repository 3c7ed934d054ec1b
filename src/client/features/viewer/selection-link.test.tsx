// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeXhr } from '@/client/testing/fake-xhr';
import { installBrowserStubs, jpegFile, renderApp, successEnvelope } from '@/client/testing/render-app';

// The selected / solo person travel in the URL hash (`sel`, `solo`; issue 4 "a link reproduces
// the view"): the real App, a fake XMLHttpRequest for the analysis, jsdom's location/history.

beforeEach(() => {
  installBrowserStubs();
  localStorage.clear();
  history.replaceState(null, '', '/');
});
afterEach(() => cleanup());

const slider = () => screen.getByRole('slider', { name: 'Score threshold' });

describe('selected / solo person in the URL hash', () => {
  const THREE_PEOPLE = successEnvelope([
    { id: '0', scores: [0.9, 0.8] },
    { id: '1', scores: [0.7, 0.6] },
    { id: 4, scores: [0.5, 0.9] },
  ]);

  /** Uploads a photo and answers with `envelope`; resolves once the person list is shown. */
  async function analyse(envelope: object) {
    await userEvent.setup().upload(screen.getByLabelText('Choose image'), jpegFile());
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    act(() => FakeXhr.latest().respond(200, envelope));
    return screen.findAllByTestId('person-item');
  }

  const selectedIds = () =>
    screen
      .queryAllByTestId('person-item')
      .filter((li) => li.getAttribute('aria-current') === 'true')
      .map((li) => li.getAttribute('data-person-id'));
  // People read numbers from 1 in answer order; the hash keeps NHN's ids ('0', '1', '4').
  const NUMBER_OF: Record<string, number> = { '0': 1, '1': 2, '4': 3 };
  const soloButton = (id: string) => screen.getByRole('button', { name: `Solo: Person ${NUMBER_OF[id]}` });

  it('a link with sel and solo selects and soloes that person once the result is there', async () => {
    history.replaceState(null, '', '/#t=0.3&sel=4&solo=4');
    renderApp();
    // Before any result the link's selection waits, and the hash keeps carrying it.
    fireEvent.change(slider(), { target: { value: '0.4' } });
    await waitFor(() => expect(location.hash).toContain('t=0.4'));
    expect(location.hash).toContain('sel=4&solo=4');

    await analyse(THREE_PEOPLE);
    await waitFor(() => expect(selectedIds()).toEqual(['4']));
    expect(soloButton('4')).toHaveAttribute('aria-pressed', 'true');
    expect(soloButton('0')).toHaveAttribute('aria-pressed', 'false');
    expect(location.hash).toContain('sel=4&solo=4');
  });

  it('ignores ids the result does not have and drops them from the hash', async () => {
    history.replaceState(null, '', '/#t=0.3&sel=9&solo=12');
    renderApp();
    await analyse(THREE_PEOPLE);
    await waitFor(() => expect(location.hash).not.toContain('sel='));
    expect(location.hash).not.toContain('solo=');
    expect(selectedIds()).toEqual([]);
    expect(soloButton('1')).toHaveAttribute('aria-pressed', 'false');
  });

  it('selecting and soloing write sel / solo to the hash but not to localStorage', async () => {
    renderApp();
    await analyse(THREE_PEOPLE);
    fireEvent.click(screen.getByRole('button', { name: /^Person 2/ }));
    await waitFor(() => expect(location.hash).toMatch(/(^#|&)sel=1(&|$)/));
    expect(location.hash).not.toContain('solo=');
    fireEvent.click(soloButton('0'));
    await waitFor(() => expect(location.hash).toContain('sel=0&solo=0'));
    const stored = JSON.parse(localStorage.getItem('posescope.viewOptions') ?? '{}') as Record<
      string,
      unknown
    >;
    expect(stored).toHaveProperty('threshold');
    expect(stored).not.toHaveProperty('selectedPersonId');
    expect(stored).not.toHaveProperty('soloPersonId');
  });

  it('a pasted link changes the selection of the shown result without a reload', async () => {
    renderApp();
    await analyse(THREE_PEOPLE);
    await waitFor(() => expect(location.hash).toContain('c=person'));
    history.replaceState(null, '', '/#t=0.3&sel=1');
    act(() => {
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(selectedIds()).toEqual(['1']);
    // An unknown id in a pasted link selects nobody.
    history.replaceState(null, '', '/#t=0.3&sel=77');
    act(() => {
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(selectedIds()).toEqual([]);
  });
});
