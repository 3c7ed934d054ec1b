import { z } from 'zod';
import type { PoseQueryOptions } from '@/client/api/post-pose';

// What the single-image analysis asks the server for: which keypoint groups and at which
// quality. Pure: the stored form, its defaults, and the query options it turns into.

/** Which keypoint groups to detect: body (17), + feet (23), or the whole body (133). */
export const DetectChoice = z.enum(['body', 'body-foot', 'whole-body']);
export type DetectChoice = z.infer<typeof DetectChoice>;

/**
 * How hard the offline engine looks for people (src/server/engine/person-finder.ts):
 * fast = one MultiPose pass; balanced (the engine's default) = two person finders, every person
 * re-posed; accurate = a finer finder pass and more crops ("look harder"), plus the full hand model.
 */
export const QualityChoice = z.enum(['fast', 'balanced', 'accurate']);
export type QualityChoice = z.infer<typeof QualityChoice>;

/**
 * Stored in localStorage as JSON, e.g. `{"detect":"whole-body","quality":"accurate"}`.
 * A field that does not parse (an older or tampered value) falls back to its default alone.
 */
export const AnalysisSettings = z.object({
  detect: DetectChoice.catch('body'),
  quality: QualityChoice.catch('balanced'),
});
export type AnalysisSettings = z.infer<typeof AnalysisSettings>;

/** Body only, balanced: the engine's own default (docs/engine.md), so nothing extra is sent. */
export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = { detect: 'body', quality: 'balanced' };

export const ANALYSIS_SETTINGS_KEY = 'posescope.analysis-settings';

export const DETECT_CHOICES: readonly DetectChoice[] = DetectChoice.options;
export const QUALITY_CHOICES: readonly QualityChoice[] = QualityChoice.options;

/** The `parts` query value of each choice (body is always part of the answer). */
const PARTS: Record<DetectChoice, string> = {
  body: 'body',
  'body-foot': 'body,foot',
  'whole-body': 'body,foot,face,hand',
};

/** Parses what localStorage held; anything unreadable gives the defaults. */
export function parseStoredSettings(text: string | null): AnalysisSettings {
  if (text === null) return DEFAULT_ANALYSIS_SETTINGS;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return DEFAULT_ANALYSIS_SETTINGS;
  }
  const parsed = AnalysisSettings.safeParse(json);
  return parsed.success ? parsed.data : DEFAULT_ANALYSIS_SETTINGS;
}

export function loadAnalysisSettings(): AnalysisSettings {
  try {
    return parseStoredSettings(globalThis.localStorage?.getItem(ANALYSIS_SETTINGS_KEY) ?? null);
  } catch {
    // Storage can be blocked (privacy mode): the defaults apply.
    return DEFAULT_ANALYSIS_SETTINGS;
  }
}

export function saveAnalysisSettings(settings: AnalysisSettings): void {
  try {
    globalThis.localStorage?.setItem(ANALYSIS_SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // Not persisting is acceptable: the choice still applies to this page.
  }
}

/** Whether the server lets the client choose parts: NHN Cloud decides its keypoints itself. */
export function settingsAvailable(provider: 'local' | 'nhn' | undefined): boolean {
  return provider === 'local';
}

/**
 * Query options of POST /api/pose for these settings, or undefined when nothing may be sent:
 * while GET /api/health has not said which provider answers (an image dropped that early is
 * re-analysed with the settings once it has). For NHN no engine settings, but the provider itself:
 * it is part of the cache key, so answers of the offline engine are never served as NHN's
 * after the server switched providers (and the other way round).
 */
export function analysisQueryOptions(
  settings: AnalysisSettings,
  provider: 'local' | 'nhn' | undefined,
): PoseQueryOptions | undefined {
  if (provider === 'nhn') return { provider: 'nhn' };
  if (!settingsAvailable(provider)) return undefined;
  return {
    parts: PARTS[settings.detect],
    // balanced is what a request without `quality` gets: left out, it keys like history before.
    ...(settings.quality !== 'balanced' ? { quality: settings.quality } : {}),
  };
}
