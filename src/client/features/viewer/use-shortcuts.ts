import { useEffect, useRef } from 'react';
import type { PartGroup } from '@/contract/pose-envelope';
import { THRESHOLD_STEP, type ViewAction } from './view-state';
import type { ZoomCommands } from './zoom-controls';

// Page keys (ignored while typing in a field): F presentation, H overlays, 1-4 parts,
// [ ] threshold, + - 0 zoom, arrows move through people, Esc clears selection / measurement.

const PART_KEYS: Record<string, PartGroup> = { '1': 'body', '2': 'foot', '3': 'face', '4': 'hand' };

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    // Checkboxes and buttons do not take text; sliders use the arrows themselves.
    return !['checkbox', 'radio', 'button', 'submit', 'file'].includes(target.type);
  }
  return false;
}

/**
 * `dispatch` receives every key's view action; the workspace passes one that also shows a short
 * note of what changed (shortcut-feedback.ts), zoom commands likewise.
 */
export function useShortcuts(
  dispatch: (action: ViewAction) => void,
  personIds: readonly string[],
  zoom: ZoomCommands,
  enabled: boolean,
): void {
  const live = useRef({ personIds, zoom });
  live.current = { personIds, zoom };
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const { personIds: ids, zoom: z } = live.current;
      const part = PART_KEYS[e.key];
      let handled = true;
      if (part) dispatch({ type: 'toggle-part', part });
      else if (e.key === 'f' || e.key === 'F') dispatch({ type: 'toggle-presentation' });
      else if (e.key === 'h' || e.key === 'H') dispatch({ type: 'toggle-overlays' });
      else if (e.key === '[') dispatch({ type: 'nudge-threshold', delta: -THRESHOLD_STEP });
      else if (e.key === ']') dispatch({ type: 'nudge-threshold', delta: THRESHOLD_STEP });
      else if (e.key === '+' || e.key === '=') z.zoomIn();
      else if (e.key === '-' || e.key === '_') z.zoomOut();
      else if (e.key === '0') z.fit();
      else if (e.key === 'Escape') dispatch({ type: 'clear-selection' });
      else if ((e.key === 'ArrowDown' || e.key === 'ArrowRight') && !isInteractive(e.target))
        dispatch({ type: 'select-step', personIds: ids, step: 1 });
      else if ((e.key === 'ArrowUp' || e.key === 'ArrowLeft') && !isInteractive(e.target))
        dispatch({ type: 'select-step', personIds: ids, step: -1 });
      else handled = false;
      if (handled) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [dispatch, enabled]);
}

/** Arrows inside a slider, select or table keep their own meaning. */
function isInteractive(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement;
}
