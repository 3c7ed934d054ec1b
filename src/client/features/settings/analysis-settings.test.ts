import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ANALYSIS_SETTINGS,
  analysisQueryOptions,
  parseStoredSettings,
  qualityApplies,
} from './analysis-settings';
import { historyEntryKey, poseResultKey } from '@/client/features/history/result-cache-keys';

describe('analysis settings', () => {
  it('reads back what was stored, and falls back per field or wholesale on bad input', () => {
    expect(parseStoredSettings('{"detect":"whole-body","quality":"accurate"}')).toEqual({
      detect: 'whole-body',
      quality: 'accurate',
    });
    expect(parseStoredSettings(null)).toEqual(DEFAULT_ANALYSIS_SETTINGS);
    expect(parseStoredSettings('not json')).toEqual(DEFAULT_ANALYSIS_SETTINGS);
    expect(parseStoredSettings('[1,2]')).toEqual(DEFAULT_ANALYSIS_SETTINGS);
    expect(parseStoredSettings('{"detect":"everything","quality":"accurate"}')).toEqual({
      detect: 'body',
      quality: 'accurate',
    });
    expect(parseStoredSettings('{"detect":"body-foot"}')).toEqual({ detect: 'body-foot', quality: 'fast' });
  });

  it('defaults to body only at fast quality, the engine default', () => {
    expect(DEFAULT_ANALYSIS_SETTINGS).toEqual({ detect: 'body', quality: 'fast' });
  });

  it('turns each choice into the parts query, with quality only when hands are asked for', () => {
    expect(analysisQueryOptions({ detect: 'body', quality: 'accurate' }, 'local')).toEqual({ parts: 'body' });
    expect(analysisQueryOptions({ detect: 'body-foot', quality: 'accurate' }, 'local')).toEqual({
      parts: 'body,foot',
    });
    expect(analysisQueryOptions({ detect: 'whole-body', quality: 'accurate' }, 'local')).toEqual({
      parts: 'body,foot,face,hand',
      quality: 'accurate',
    });
    expect(analysisQueryOptions({ detect: 'whole-body', quality: 'fast' }, 'local')).toEqual({
      parts: 'body,foot,face,hand',
      quality: 'fast',
    });
    expect(qualityApplies('whole-body')).toBe(true);
    expect(qualityApplies('body-foot')).toBe(false);
  });

  it('sends no engine settings to NHN (it decides its keypoints), nothing before the provider is known', () => {
    const whole = { detect: 'whole-body', quality: 'accurate' } as const;
    expect(analysisQueryOptions(whole, 'nhn')).toEqual({ provider: 'nhn' });
    expect(analysisQueryOptions(whole, undefined)).toBeUndefined();
  });

  it("keys NHN's answers apart from the offline engine's, so switching providers never serves the wrong one", () => {
    const body = { detect: 'body', quality: 'fast' } as const;
    const local = analysisQueryOptions(body, 'local');
    const nhn = analysisQueryOptions(body, 'nhn');
    expect(historyEntryKey('abc', local)).toBe('abc');
    expect(historyEntryKey('abc', nhn)).toBe('abc:provider=nhn');
    expect(poseResultKey('abc', nhn)).not.toEqual(poseResultKey('abc', local));
    // Asking the offline engine explicitly finds the same entry as its default answer.
    expect(historyEntryKey('abc', { provider: 'local' })).toBe('abc');
  });
});
