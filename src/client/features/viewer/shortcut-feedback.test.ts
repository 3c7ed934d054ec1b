import { describe, expect, it } from 'vitest';
import { shortcutFeedback } from './shortcut-feedback';
import { initialViewState, viewReducer, type ViewAction } from './view-state';

function after(action: ViewAction, from = initialViewState()) {
  return shortcutFeedback(action, viewReducer(from, action), (id) => ({ a: 1, b: 2 })[id]);
}

describe('shortcutFeedback', () => {
  it('says the new threshold with two decimals', () => {
    const from = viewReducer(initialViewState(), { type: 'set-threshold', value: 0.25 });
    expect(after({ type: 'nudge-threshold', delta: 0.05 }, from)).toEqual({
      key: 'toast.threshold',
      values: { value: '0.30' },
    });
  });

  it('says which part was hidden or shown', () => {
    expect(after({ type: 'toggle-part', part: 'hand' })).toEqual({
      key: 'toast.partHidden',
      values: { partKey: 'toast.part_hand' },
    });
    const hidden = viewReducer(initialViewState(), { type: 'toggle-part', part: 'hand' });
    expect(after({ type: 'toggle-part', part: 'hand' }, hidden)?.key).toBe('toast.partShown');
  });

  it('names overlays, presentation, the selected person by number and a cleared selection', () => {
    expect(after({ type: 'toggle-overlays' })).toEqual({ key: 'toast.overlaysHidden' });
    expect(after({ type: 'toggle-presentation' })).toEqual({ key: 'toast.presentationOn' });
    expect(after({ type: 'select-step', personIds: ['a', 'b'], step: -1 })).toEqual({
      key: 'toast.selected',
      values: { id: 2 },
    });
    expect(after({ type: 'clear-selection' })).toEqual({ key: 'toast.cleared' });
    expect(after({ type: 'toggle-labels' })).toBeUndefined();
  });
});
