import { describe, expect, it } from 'vitest';
import { envelopeOfError, failureEnvelope, successEnvelope } from './envelope-builders';
import { POSE_SUCCESS_EXAMPLE, PoseFailure, PoseSuccess } from './pose-envelope';
import { POSE_ERRORS, PoseError } from './pose-errors';

describe('envelope builders', () => {
  it('wraps a result in a success header, with optional meta', () => {
    const env = successEnvelope(POSE_SUCCESS_EXAMPLE.result);
    expect(env).toEqual(POSE_SUCCESS_EXAMPLE);
    expect('meta' in env).toBe(false);
    const meta = { provider: 'nhn' as const, model: 'nhn-cloud' };
    expect(PoseSuccess.parse(successEnvelope(POSE_SUCCESS_EXAMPLE.result, meta)).meta).toEqual(meta);
  });

  it('builds failures from the error table, with overrides and a field', () => {
    expect(failureEnvelope('UPSTREAM_TIMEOUT')).toEqual({
      header: {
        isSuccessful: false,
        resultCode: -50401,
        resultMessage: POSE_ERRORS.UPSTREAM_TIMEOUT.message,
      },
    });
    const f = failureEnvelope('UPSTREAM_BAD_RESPONSE', 'score out of range', {
      resultCode: -50299,
      field: 'result.keyPointList.0.inferKeypointList.3.score',
    });
    expect(PoseFailure.parse(f)).toEqual({
      header: { isSuccessful: false, resultCode: -50299, resultMessage: 'score out of range' },
      field: 'result.keyPointList.0.inferKeypointList.3.score',
    });
  });

  it('turns a PoseError into its envelope', () => {
    const e = new PoseError('UPSTREAM_REJECTED', 'NHN said: Image is invalid', { resultCode: -50000 });
    expect(envelopeOfError(e)).toEqual({
      header: { isSuccessful: false, resultCode: -50000, resultMessage: 'NHN said: Image is invalid' },
    });
  });
});

describe('error table', () => {
  it('uses unique negative result codes whose leading digits are the HTTP status', () => {
    const codes = Object.values(POSE_ERRORS).map((e) => e.resultCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const [name, e] of Object.entries(POSE_ERRORS)) {
      expect(e.resultCode, name).toBeLessThan(0);
      expect(Math.floor(-e.resultCode / 100), name).toBe(e.status);
      expect(e.message.length, name).toBeGreaterThan(10);
    }
  });

  it('PoseError carries code, status, result code and retry hint', () => {
    const e = new PoseError('RATE_LIMITED', undefined, { retryAfterSec: 30 });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({
      name: 'PoseError',
      code: 'RATE_LIMITED',
      status: 429,
      resultCode: -42901,
      retryAfterSec: 30,
    });
    expect(e.message).toBe(POSE_ERRORS.RATE_LIMITED.message);
  });
});
