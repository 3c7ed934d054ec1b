import { useEffect, useRef, type Dispatch } from 'react';
import {
  coerceViewOptions,
  decodeViewOptions,
  encodeViewOptions,
  type ViewOptionsState,
} from '@/pose/view-options-codec';
import { type LinkedSelection, type ViewAction, type ViewOptions, type ViewState } from './view-state';

// View options survive reloads (localStorage) and travel in links (URL hash). A hash with our
// keys wins over storage, so opening a shared link shows the sender's view. The selected / solo
// person travel in the hash only (`sel`, `solo`): they name persons of one result, so storage
// would apply them to the next photo. A link's selection waits for a result and keeps only the
// ids that result has (view-state.ts, `linkedSelection`).

const STORAGE_KEY = 'posescope.viewOptions';
/** Quiet time before the hash and storage are written, ms. */
const WRITE_DELAY_MS = 150;
const HASH_KEYS = /(^|&)(t|p|m|l|b|a|c)=/;
const SELECTION_KEYS = /(^|&)(sel|solo)=/;

function toViewOptions(s: ViewOptionsState): ViewOptions {
  return {
    threshold: s.threshold,
    mapping: s.mapping,
    parts: { ...s.parts },
    labels: s.labels,
    bbox: s.boxes,
    angles: s.angles,
    colourBy: s.colourBy,
  };
}

function toCodec(o: ViewOptions, selection: LinkedSelection = {}): ViewOptionsState {
  return coerceViewOptions({
    selectedPersonId: selection.selectedPersonId,
    soloPersonId: selection.soloPersonId,
    threshold: o.threshold,
    mapping: o.mapping,
    parts: o.parts,
    labels: o.labels,
    boxes: o.bbox,
    angles: o.angles,
    colourBy: o.colourBy,
  });
}

function hashHasOptions(hash: string): boolean {
  return HASH_KEYS.test(hash.replace(/^#/, ''));
}

function selectionOf(hash: string): LinkedSelection {
  const decoded = decodeViewOptions(hash);
  return { selectedPersonId: decoded.selectedPersonId, soloPersonId: decoded.soloPersonId };
}

/** The selection a link carries (`sel` / `solo` in the URL hash); undefined when none. */
export function loadLinkedSelection(): LinkedSelection | undefined {
  const hash = (globalThis.location?.hash ?? '').replace(/^#/, '');
  if (!SELECTION_KEYS.test(hash)) return undefined;
  const selection = selectionOf(hash);
  return selection.selectedPersonId === undefined && selection.soloPersonId === undefined
    ? undefined
    : selection;
}

/** Options at start-up: the URL hash, else the stored ones, else the defaults. */
export function loadViewOptions(): ViewOptions {
  const hash = globalThis.location?.hash ?? '';
  if (hashHasOptions(hash)) return toViewOptions(decodeViewOptions(hash));
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored) return toViewOptions(coerceViewOptions(JSON.parse(stored)));
  } catch {
    // Unreadable storage or JSON: defaults.
  }
  return toViewOptions(coerceViewOptions({}));
}

/**
 * `personIds`: the persons of the result on screen (undefined while there is none), so a link
 * pasted into the address bar can check its selection against them.
 */
export function usePersistedViewOptions(
  view: ViewState,
  dispatch: Dispatch<ViewAction>,
  personIds: readonly string[] | undefined,
): void {
  const { threshold, mapping, parts, labels, bbox, angles, colourBy } = view;
  // A link's selection still waiting for a result stays in the hash; otherwise the live one.
  const selectedPersonId = view.linkedSelection
    ? view.linkedSelection.selectedPersonId
    : view.selectedPersonId;
  const soloPersonId = view.linkedSelection ? view.linkedSelection.soloPersonId : view.soloPersonId;
  const lastWritten = useRef<string | undefined>(undefined);
  const currentIds = useRef(personIds);
  currentIds.current = personIds;

  // Writes are debounced (a dragged slider fires dozens of changes a second and replaceState
  // costs milliseconds in Chromium) and flushed when the page goes away, so a reload right
  // after a change still keeps it.
  const pending = useRef<(() => void) | undefined>(undefined);
  useEffect(() => {
    const write = () => {
      pending.current = undefined;
      const options = { threshold, mapping, parts, labels, bbox, angles, colourBy };
      const hash = encodeViewOptions(
        toCodec(options, { selectedPersonId, soloPersonId }),
        globalThis.location.hash,
      );
      lastWritten.current = hash;
      try {
        globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(toCodec(options)));
      } catch {
        // Full or blocked storage: the hash still carries the view.
      }
      if (globalThis.location.hash.replace(/^#/, '') !== hash) {
        // replaceState: no history entry per slider step, and no hashchange event back to us.
        history.replaceState(history.state, '', `${location.pathname}${location.search}#${hash}`);
      }
    };
    pending.current = write;
    const timer = setTimeout(write, WRITE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [threshold, mapping, parts, labels, bbox, angles, colourBy, selectedPersonId, soloPersonId]);

  useEffect(() => {
    const flush = () => pending.current?.();
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', flush);
    return () => {
      flush();
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', flush);
    };
  }, []);

  // A pasted link (hash edited by hand) applies without reload.
  useEffect(() => {
    const onHash = () => {
      const hash = location.hash.replace(/^#/, '');
      if (hash === lastWritten.current) return;
      const hasOptions = hashHasOptions(hash);
      if (!hasOptions && !SELECTION_KEYS.test(hash)) return;
      if (hasOptions) dispatch({ type: 'apply-options', options: toViewOptions(decodeViewOptions(hash)) });
      // The link's selection replaces the current one (none named = none selected).
      dispatch({ type: 'link-selection', selection: selectionOf(hash), personIds: currentIds.current });
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [dispatch]);
}
