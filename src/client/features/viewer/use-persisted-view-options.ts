import { useEffect, useRef, type Dispatch } from 'react';
import {
  coerceViewOptions,
  decodeViewOptions,
  encodeViewOptions,
  type ViewOptionsState,
} from '@/pose/view-options-codec';
import { type ViewAction, type ViewOptions, type ViewState } from './view-state';

// View options survive reloads (localStorage) and travel in links (URL hash). A hash with our
// keys wins over storage, so opening a shared link shows the sender's view.

const STORAGE_KEY = 'posescope.viewOptions';
/** Quiet time before the hash and storage are written, ms. */
const WRITE_DELAY_MS = 150;
const HASH_KEYS = /(^|&)(t|p|m|l|b|a|c)=/;

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

function toCodec(o: ViewOptions): ViewOptionsState {
  return coerceViewOptions({
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

export function usePersistedViewOptions(view: ViewState, dispatch: Dispatch<ViewAction>): void {
  const { threshold, mapping, parts, labels, bbox, angles, colourBy } = view;
  const lastWritten = useRef<string | undefined>(undefined);

  // Writes are debounced (a dragged slider fires dozens of changes a second and replaceState
  // costs milliseconds in Chromium) and flushed when the page goes away, so a reload right
  // after a change still keeps it.
  const pending = useRef<(() => void) | undefined>(undefined);
  useEffect(() => {
    const write = () => {
      pending.current = undefined;
      const codec = toCodec({ threshold, mapping, parts, labels, bbox, angles, colourBy });
      const hash = encodeViewOptions(codec, globalThis.location.hash);
      lastWritten.current = hash;
      try {
        globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(codec));
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
  }, [threshold, mapping, parts, labels, bbox, angles, colourBy]);

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
      if (hash === lastWritten.current || !hashHasOptions(hash)) return;
      dispatch({ type: 'apply-options', options: toViewOptions(decodeViewOptions(hash)) });
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [dispatch]);
}
