import { describe, expect, it } from 'vitest';
import { isRetryable } from './retryable';

describe('isRetryable', () => {
  it('offers Retry for the network, timeouts, 429 and 5xx', () => {
    expect(isRetryable({ kind: 'network', status: 0, resultCode: undefined })).toBe(true);
    expect(isRetryable({ kind: 'timeout', status: 0, resultCode: undefined })).toBe(true);
    expect(isRetryable({ kind: 'envelope', status: 429, resultCode: -42901 })).toBe(true);
    expect(isRetryable({ kind: 'envelope', status: 503, resultCode: -50303 })).toBe(true);
    expect(isRetryable({ kind: 'envelope', status: 504, resultCode: -50401 })).toBe(true);
    expect(isRetryable({ kind: 'http', status: 502, resultCode: undefined })).toBe(true);
  });

  it('offers no Retry for a damaged, unsupported, too small or refused image, or a broken answer', () => {
    expect(isRetryable({ kind: 'envelope', status: 422, resultCode: -42201 })).toBe(false);
    expect(isRetryable({ kind: 'envelope', status: 422, resultCode: -42203 })).toBe(false);
    expect(isRetryable({ kind: 'envelope', status: 415, resultCode: -41501 })).toBe(false);
    // NHN's own "Invalid image" (-41000), passed on with a 502: still about the image.
    expect(isRetryable({ kind: 'envelope', status: 502, resultCode: -41000 })).toBe(false);
    expect(isRetryable({ kind: 'envelope', status: 502, resultCode: -50201 })).toBe(false);
    expect(isRetryable({ kind: 'schema', status: 200, resultCode: undefined })).toBe(false);
    expect(isRetryable({ kind: 'http', status: 404, resultCode: undefined })).toBe(false);
  });
});
