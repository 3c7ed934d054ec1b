import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { EN_KEYPOINT_WORDS, type KeypointVocabulary } from '@/pose/keypoint-names';
import { en, type Strings } from './en';

export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'posescope.language';

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/** Stored choice, else the browser's first language we speak, else English. */
export function initialLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be blocked (privacy mode); fall through to the browser language.
  }
  const nav = globalThis.navigator?.languages ?? [];
  for (const l of nav) {
    const base = l.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function rememberLanguage(lang: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisting is acceptable.
  }
}

// Korean (UI strings and keypoint words) is a separate chunk, loaded when the language is
// first chosen: an English first screen does not carry it.
const keypointWords: Partial<Record<Language, KeypointVocabulary>> = { en: EN_KEYPOINT_WORDS };

/** Keypoint words of a language once loaded; English until then. */
export function keypointWordsFor(lang: string): KeypointVocabulary {
  return (isLanguage(lang) ? keypointWords[lang] : undefined) ?? EN_KEYPOINT_WORDS;
}

/** Makes `lng` available on this instance (fetching its strings once), without switching to it. */
export async function loadLanguage(i18n: I18n, lng: Language): Promise<void> {
  if (lng !== 'ko' || (i18n.hasResourceBundle('ko', 'translation') && keypointWords.ko)) return;
  const [{ ko }, { KO_KEYPOINT_WORDS }] = await Promise.all([
    import('./ko'),
    import('@/pose/keypoint-names-ko'),
  ]);
  i18n.addResourceBundle('ko', 'translation', ko);
  keypointWords.ko = KO_KEYPOINT_WORDS;
}

/** Loads the language if needed, then switches to it. */
export async function switchLanguage(i18n: I18n, lng: Language): Promise<void> {
  await loadLanguage(i18n, lng);
  await i18n.changeLanguage(lng);
}

/**
 * A fresh i18next instance (tests create their own; the app creates one at start). Only English
 * is built in; pass other languages' strings (tests) or call switchLanguage (the app).
 */
export function createI18n(
  lng: Language = initialLanguage(),
  extra: Partial<Record<Language, Strings>> = {},
  extraKeypointWords: Partial<Record<Language, KeypointVocabulary>> = {},
): I18n {
  Object.assign(keypointWords, extraKeypointWords);
  const resources: Record<string, { translation: Strings }> = { en: { translation: en } };
  for (const [l, strings] of Object.entries(extra)) resources[l] = { translation: strings };
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources,
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}
