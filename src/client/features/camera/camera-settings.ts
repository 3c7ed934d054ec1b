import { z } from 'zod';
import type { PoseQueryOptions } from '@/client/api/post-pose';
import { clampRate, DEFAULT_NHN_RATE_PER_SECOND } from './send-gate';

// The live camera's own settings, kept in localStorage: quality of live frames (the offline
// engine), the NHN rate cap, mirroring and the chosen camera. Pure apart from load/save.

/** `quality` of POST /api/pose for live frames; fast (one MultiPose pass) keeps up with a camera. */
export const LiveQuality = z.enum(['fast', 'balanced', 'accurate']);
export type LiveQuality = z.infer<typeof LiveQuality>;
export const LIVE_QUALITIES: readonly LiveQuality[] = LiveQuality.options;

/** Stored as JSON, e.g. `{"quality":"fast","ratePerSecond":2,"mirrored":true}`; bad fields fall back alone. */
export const CameraSettings = z.object({
  quality: LiveQuality.catch('fast'),
  ratePerSecond: z.number().transform(clampRate).catch(DEFAULT_NHN_RATE_PER_SECOND),
  mirrored: z.boolean().catch(true),
  deviceId: z.string().optional().catch(undefined),
});
export type CameraSettings = z.infer<typeof CameraSettings>;

export const DEFAULT_CAMERA_SETTINGS: CameraSettings = {
  quality: 'fast',
  ratePerSecond: DEFAULT_NHN_RATE_PER_SECOND,
  mirrored: true,
};

export const CAMERA_SETTINGS_KEY = 'posescope.camera';

export function parseCameraSettings(text: string | null): CameraSettings {
  if (text === null) return DEFAULT_CAMERA_SETTINGS;
  try {
    const parsed = CameraSettings.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : DEFAULT_CAMERA_SETTINGS;
  } catch {
    return DEFAULT_CAMERA_SETTINGS;
  }
}

export function loadCameraSettings(): CameraSettings {
  try {
    return parseCameraSettings(globalThis.localStorage?.getItem(CAMERA_SETTINGS_KEY) ?? null);
  } catch {
    return DEFAULT_CAMERA_SETTINGS;
  }
}

export function saveCameraSettings(s: CameraSettings): void {
  try {
    globalThis.localStorage?.setItem(CAMERA_SETTINGS_KEY, JSON.stringify(s));
  } catch {
    // Not persisting is acceptable.
  }
}

/**
 * Query options of a live frame. The offline engine: body only at the chosen quality. NHN: the
 * provider only (NHN chooses its keypoints). Unknown provider (health not answered yet): nothing
 * is sent, so a paid call is never made before the rate cap is known.
 */
export function liveQueryOptions(
  s: CameraSettings,
  provider: 'local' | 'nhn' | undefined,
): PoseQueryOptions | undefined {
  if (provider === 'nhn') return { provider: 'nhn' };
  if (provider === 'local') return { parts: 'body', quality: s.quality };
  return undefined;
}

/** The rate cap that applies: NHN's configured one; none for the offline engine. */
export function liveRateCap(s: CameraSettings, provider: 'local' | 'nhn' | undefined): number | undefined {
  return provider === 'nhn' ? s.ratePerSecond : undefined;
}
