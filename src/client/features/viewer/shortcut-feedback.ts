import type { ViewAction, ViewState } from './view-state';

// What a key press did, as a short note for the screen ("Threshold 0.30", "Hands hidden"):
// with no pointer on a control, a change that only shows on the canvas is easy to miss, most of
// all on a projector. Pure: the action and the state after it; i18n keys and their values out.

export interface ShortcutNote {
  key: string;
  values?: Record<string, string | number>;
}

export function shortcutFeedback(
  action: ViewAction,
  after: ViewState,
  /** Answer position + 1 of a person id, for "Person 2 selected". */
  numberOf: (personId: string) => number | undefined,
): ShortcutNote | undefined {
  switch (action.type) {
    case 'nudge-threshold':
      return { key: 'toast.threshold', values: { value: after.threshold.toFixed(2) } };
    case 'toggle-part':
      return {
        key: after.parts[action.part] ? 'toast.partShown' : 'toast.partHidden',
        values: { partKey: `toast.part_${action.part}` },
      };
    case 'toggle-overlays':
      return { key: after.overlaysHidden ? 'toast.overlaysHidden' : 'toast.overlaysShown' };
    case 'toggle-presentation':
      return { key: after.presentation ? 'toast.presentationOn' : 'toast.presentationOff' };
    case 'select-step': {
      const n = after.selectedPersonId === undefined ? undefined : numberOf(after.selectedPersonId);
      return n === undefined ? undefined : { key: 'toast.selected', values: { id: n } };
    }
    case 'clear-selection':
      return { key: 'toast.cleared' };
    default:
      return undefined;
  }
}
