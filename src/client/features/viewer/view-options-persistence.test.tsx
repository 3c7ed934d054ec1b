// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installBrowserStubs, renderApp } from '@/client/testing/render-app';

beforeEach(() => {
  installBrowserStubs();
  localStorage.clear();
  history.replaceState(null, '', '/');
});
afterEach(() => cleanup());

const slider = () => screen.getByRole('slider', { name: 'Score threshold' });

describe('view options persistence', () => {
  it('a link hash sets the view', () => {
    history.replaceState(null, '', '/#t=0.65&p=body,hand&m=emphasised&l=1&b=1&c=part');
    renderApp();
    expect(slider()).toHaveValue('0.65');
    expect(screen.getByTestId('threshold-value')).toHaveTextContent('0.65');
    expect(screen.getByRole('checkbox', { name: /^face/ })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: /^hand/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Labels' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Boxes' })).toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Opacity mapping' })).toHaveValue('emphasised');
    expect(screen.getByRole('combobox', { name: 'Colour by' })).toHaveValue('part');
  });

  it('changes are written to the hash and to localStorage, and survive a remount', async () => {
    const first = renderApp();
    fireEvent.change(slider(), { target: { value: '0.42' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /^foot/ }));
    // Debounced: written after a short quiet time.
    await waitFor(() => expect(location.hash).toContain('t=0.42'));
    expect(location.hash).toContain('p=body,face,hand,other');
    expect(JSON.parse(localStorage.getItem('posescope.viewOptions') ?? '{}')).toMatchObject({
      threshold: 0.42,
    });
    first.unmount();

    // Without a hash, storage restores the view.
    history.replaceState(null, '', '/');
    renderApp();
    expect(slider()).toHaveValue('0.42');
    expect(screen.getByRole('checkbox', { name: /^foot/ })).not.toBeChecked();
  });

  it('a change is flushed at once when the page goes away', () => {
    renderApp();
    fireEvent.change(slider(), { target: { value: '0.77' } });
    expect(location.hash).not.toContain('t=0.77');
    window.dispatchEvent(new Event('pagehide'));
    expect(location.hash).toContain('t=0.77');
  });

  it('with no hash and nothing stored, the threshold starts at 0 (weak points fade, none hidden)', () => {
    renderApp();
    expect(slider()).toHaveValue('0');
    expect(screen.getByTestId('threshold-value')).toHaveTextContent('0.00');
    // [ cannot go below 0; ] moves one 0.05 step.
    fireEvent.keyDown(document.body, { key: '[' });
    expect(screen.getByTestId('threshold-value')).toHaveTextContent('0.00');
    fireEvent.keyDown(document.body, { key: ']' });
    expect(screen.getByTestId('threshold-value')).toHaveTextContent('0.05');
  });

  it('keyboard: ] and [ move the threshold, 1-4 toggle parts', () => {
    // Start mid-range (from a link) so both directions are exercised.
    history.replaceState(null, '', '/#t=0.3');
    renderApp();
    expect(screen.getByTestId('threshold-value')).toHaveTextContent('0.30');
    fireEvent.keyDown(document.body, { key: ']' });
    expect(screen.getByTestId('threshold-value')).toHaveTextContent('0.35');
    fireEvent.keyDown(document.body, { key: '[' });
    fireEvent.keyDown(document.body, { key: '[' });
    expect(screen.getByTestId('threshold-value')).toHaveTextContent('0.25');
    fireEvent.keyDown(document.body, { key: '3' });
    expect(screen.getByRole('checkbox', { name: /^face/ })).not.toBeChecked();
    // Typing in a text field never triggers shortcuts.
    const box = document.createElement('input');
    document.body.append(box);
    fireEvent.keyDown(box, { key: '3' });
    expect(screen.getByRole('checkbox', { name: /^face/ })).not.toBeChecked();
    box.remove();
  });
});
