import type { PoseQueryOptions } from '@/client/api/post-pose';
import type { BatchStringKey } from './batch-i18n';

// What the compare panel puts side by side (issue 7): the two providers when the server can use
// both (GET /api/health `providers`), else two settings of the one it has. Colours are from the
// Okabe-Ito palette (colour-blind safe); each pair differs in lightness as well as hue.

export interface CompareSide {
  /** Legend / tooltip name (batch i18n key). */
  label: BatchStringKey;
  /** Query options of POST /api/pose for this side (also its react-query cache key). */
  options: PoseQueryOptions;
  colour: string;
}

export interface CompareMode {
  id: 'providers' | 'settings';
  /** Text of the button that starts it (batch i18n key). */
  button: BatchStringKey;
  sides: readonly [CompareSide, CompareSide];
}

/** NHN Cloud vs the embedded engine, each asked for explicitly with ?provider=. */
export const PROVIDER_COMPARISON: CompareMode = {
  id: 'providers',
  button: 'compareProvidersButton',
  sides: [
    { label: 'nhn', options: { provider: 'nhn' }, colour: '#0072B2' },
    { label: 'local', options: { provider: 'local' }, colour: '#D55E00' },
  ],
};

/** The server's default provider with quality=fast vs quality=accurate. */
export const SETTINGS_COMPARISON: CompareMode = {
  id: 'settings',
  button: 'compareButton',
  sides: [
    { label: 'fast', options: { quality: 'fast' }, colour: '#E69F00' },
    { label: 'accurate', options: { quality: 'accurate' }, colour: '#56B4E9' },
  ],
};

/**
 * The comparisons to offer, the preferred one first: providers when health lists both local and
 * nhn, then (always) the settings comparison, as before this option existed.
 */
export function compareModesFor(providers: readonly string[] | undefined): readonly CompareMode[] {
  const both = providers?.includes('local') === true && providers.includes('nhn');
  return both ? [PROVIDER_COMPARISON, SETTINGS_COMPARISON] : [SETTINGS_COMPARISON];
}
