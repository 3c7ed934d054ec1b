import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CAMERA_SETTINGS,
  liveQueryOptions,
  liveRateCap,
  parseCameraSettings,
} from './camera-settings';

describe('camera settings', () => {
  it('live frames ask the offline engine for body keypoints at fast quality by default', () => {
    expect(liveQueryOptions(DEFAULT_CAMERA_SETTINGS, 'local')).toEqual({ parts: 'body', quality: 'fast' });
    expect(liveQueryOptions({ ...DEFAULT_CAMERA_SETTINGS, quality: 'accurate' }, 'local')).toEqual({
      parts: 'body',
      quality: 'accurate',
    });
  });

  it('NHN: only the provider, capped at 2 calls/s by default; nothing before the provider is known', () => {
    expect(liveQueryOptions(DEFAULT_CAMERA_SETTINGS, 'nhn')).toEqual({ provider: 'nhn' });
    expect(liveRateCap(DEFAULT_CAMERA_SETTINGS, 'nhn')).toBe(2);
    expect(liveRateCap(DEFAULT_CAMERA_SETTINGS, 'local')).toBeUndefined();
    expect(liveQueryOptions(DEFAULT_CAMERA_SETTINGS, undefined)).toBeUndefined();
  });

  it('reads stored settings field by field', () => {
    expect(parseCameraSettings('{"quality":"balanced","ratePerSecond":50,"mirrored":false}')).toEqual({
      quality: 'balanced',
      ratePerSecond: 10,
      mirrored: false,
    });
    expect(parseCameraSettings('{"quality":"turbo","ratePerSecond":"x"}')).toEqual({
      quality: 'fast',
      ratePerSecond: 2,
      mirrored: true,
    });
    expect(parseCameraSettings('not json')).toEqual(DEFAULT_CAMERA_SETTINGS);
  });
});
