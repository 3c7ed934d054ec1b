import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS, analysisQueryOptions, parseStoredSettings } from './analysis-settings';
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
    expect(parseStoredSettings('{"detect":"body-foot"}')).toEqual({
      detect: 'body-foot',
      quality: 'balanced',
    });
    // Stored before "balanced" existed: a kept choice stays; an unknown one falls back alone.
    expect(parseStoredSettings('{"detect":"body","quality":"fast"}')).toEqual({
      detect: 'body',
      quality: 'fast',
    });
    expect(parseStoredSettings('{"detect":"body","quality":"max"}')).toEqual({
      detect: 'body',
      quality: 'balanced',
    });
  });

  it('defaults to body only at balanced quality, the engine default', () => {
    expect(DEFAULT_ANALYSIS_SETTINGS).toEqual({ detect: 'body', quality: 'balanced' });
  });

  it('turns each choice into the parts query, and quality into itself unless it is the default', () => {
    // Quality decides how hard the engine looks for people, so it applies to body-only requests too.
    expect(analysisQueryOptions({ detect: 'body', quality: 'accurate' }, 'local')).toEqual({
      parts: 'body',
      quality: 'accurate',
    });
    expect(analysisQueryOptions({ detect: 'body', quality: 'fast' }, 'local')).toEqual({
      parts: 'body',
      quality: 'fast',
    });
    expect(analysisQueryOptions({ detect: 'body-foot', quality: 'balanced' }, 'local')).toEqual({
      parts: 'body,foot',
    });
    expect(analysisQueryOptions({ detect: 'whole-body', quality: 'accurate' }, 'local')).toEqual({
      parts: 'body,foot,face,hand',
      quality: 'accurate',
    });
    // The default keys like a request without options: history written before still matches.
    expect(historyEntryKey('abc', analysisQueryOptions(DEFAULT_ANALYSIS_SETTINGS, 'local'))).toBe('abc');
    expect(historyEntryKey('abc', analysisQueryOptions({ detect: 'body', quality: 'fast' }, 'local'))).toBe(
      'abc:quality=fast',
    );
  });

  it('sends no engine settings to NHN (it decides its keypoints), nothing before the provider is known', () => {
    const whole = { detect: 'whole-body', quality: 'accurate' } as const;
    expect(analysisQueryOptions(whole, 'nhn')).toEqual({ provider: 'nhn' });
    expect(analysisQueryOptions(whole, undefined)).toBeUndefined();
  });

  it("keys NHN's answers apart from the offline engine's, so switching providers never serves the wrong one", () => {
    const body = { detect: 'body', quality: 'balanced' } as const;
    const local = analysisQueryOptions(body, 'local');
    const nhn = analysisQueryOptions(body, 'nhn');
    expect(historyEntryKey('abc', local)).toBe('abc');
    expect(historyEntryKey('abc', nhn)).toBe('abc:provider=nhn');
    expect(poseResultKey('abc', nhn)).not.toEqual(poseResultKey('abc', local));
    // Asking the offline engine explicitly finds the same entry as its default answer.
    expect(historyEntryKey('abc', { provider: 'local' })).toBe('abc');
  });
});
