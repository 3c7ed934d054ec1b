import { useCallback, useEffect, useState } from 'react';

// Light / dark theme: follows prefers-color-scheme unless the user picks one (remembered).
// CSS reads `data-theme` on <html>; "system" removes it so the media query decides.

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'posescope.theme';

function readChoice(): ThemeChoice {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (v === 'light' || v === 'dark' || v === 'system') return v;
  } catch {
    // Blocked storage: follow the system.
  }
  return 'system';
}

export function useTheme(): [ThemeChoice, (t: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(readChoice);
  useEffect(() => {
    const root = document.documentElement;
    if (choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = choice;
  }, [choice]);
  const set = useCallback((t: ThemeChoice) => {
    setChoice(t);
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, t);
    } catch {
      // Not persisting is acceptable.
    }
  }, []);
  return [choice, set];
}
