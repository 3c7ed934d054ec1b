import { useSyncExternalStore } from 'react';

// Whether the page is visible (document.visibilityState): the live camera sends nothing while
// the tab is hidden or minimised, and picks up again when it is shown.

function subscribe(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

const isVisible = () => document.visibilityState !== 'hidden';

export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribe, isVisible, () => true);
}
