// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useReducer } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { PERSON_PALETTE } from '@/pose/person-palette';
import { createI18n } from '@/client/i18n/i18n';
import { initialViewState, viewReducer } from '@/client/features/viewer/view-state';
import { PersonList } from './person-list';

afterEach(() => cleanup());

const result: PoseResult = {
  fileType: 'jpg',
  numberOfPerson: 3,
  keyPointList: ['a', 'b', 'c'].map((personId, i) => ({
    personId,
    inferKeypointList: [
      { name: 'nose', part: 'body', x: 10 * i, y: 5, score: 0.9 },
      { name: 'left_eye', part: 'body', x: 10 * i + 2, y: 4, score: 0.2 },
    ],
  })),
};

/**
 * The real list wired to the real reducer; the state is shown for assertions. `threshold`, when
 * given, is set through the reducer's own action, as the slider would.
 */
function Harness({ threshold }: { threshold?: number } = {}) {
  const [view, dispatch] = useReducer(viewReducer, undefined, () =>
    threshold === undefined
      ? initialViewState()
      : viewReducer(initialViewState(), { type: 'set-threshold', value: threshold }),
  );
  return (
    <I18nextProvider i18n={createI18n('en')}>
      <PersonList
        result={result}
        threshold={view.threshold}
        selectedPersonId={view.selectedPersonId}
        soloPersonId={view.soloPersonId}
        dispatch={dispatch}
      />
      <output data-testid="state">
        {JSON.stringify({
          hovered: view.hoveredPersonId,
          selected: view.selectedPersonId,
          solo: view.soloPersonId,
        })}
      </output>
    </I18nextProvider>
  );
}

const state = () =>
  JSON.parse(screen.getByTestId('state').textContent ?? '{}') as Record<string, string | undefined>;

describe('person list', () => {
  it('shows colour, number (from 1), mean score (3 decimals) and counts per person', () => {
    render(<Harness threshold={0.3} />);
    const items = screen.getAllByTestId('person-item');
    expect(items).toHaveLength(3);
    // NHN id 'b', second in the answer: people read "Person 2".
    expect(items[1]).toHaveTextContent('Person 2');
    expect(within(items[1]!).getByTestId('person-score')).toHaveTextContent('mean 0.550');
    // Threshold 0.3: the 0.2 eye is below it and counted as hidden.
    expect(within(items[1]!).getByTestId('person-count')).toHaveTextContent(
      '1 keypoints ≥ threshold · 1 hidden',
    );
    expect(within(items[2]!).getByTestId('person-swatch')).toHaveAttribute(
      'data-colour',
      PERSON_PALETTE[2]!.colour,
    );
  });

  it('by default (threshold 0) counts every keypoint and hides none', () => {
    render(<Harness />);
    for (const item of screen.getAllByTestId('person-item')) {
      const count = within(item).getByTestId('person-count');
      expect(count).toHaveTextContent('2 keypoints ≥ threshold');
      expect(count).not.toHaveTextContent('hidden');
    }
  });

  it('hover highlights, click selects and toggles, Solo isolates', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const second = screen.getAllByTestId('person-item')[1]!;
    fireEvent.mouseEnter(second);
    expect(state().hovered).toBe('b');
    fireEvent.mouseLeave(second);
    expect(state().hovered).toBeUndefined();

    await user.click(within(second).getByRole('button', { pressed: false, name: /^Person 2/ }));
    expect(state().selected).toBe('b');
    expect(second).toHaveAttribute('aria-current', 'true');
    await user.click(within(second).getByRole('button', { name: /^Person 2/, pressed: true }));
    expect(state().selected).toBeUndefined();

    await user.click(within(second).getByRole('button', { name: 'Solo: Person 2' }));
    expect(state()).toMatchObject({ solo: 'b', selected: 'b' });
    expect(within(second).getByRole('button', { name: 'Solo: Person 2' })).toHaveTextContent('Show all');
  });

  it('arrow keys on the focused list move the selection and wrap', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    screen.getByRole('list', { name: 'People' }).focus();
    await user.keyboard('{ArrowDown}');
    expect(state().selected).toBe('a');
    await user.keyboard('{ArrowUp}');
    expect(state().selected).toBe('c');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(state().selected).toBe('b');
  });
});
