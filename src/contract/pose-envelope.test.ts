import { describe, expect, it } from 'vitest';
import {
  POSE_SUCCESS_EXAMPLE,
  PoseEnvelope,
  PoseFailure,
  PoseMeta,
  PoseSuccess,
  RawEnvelope,
  RawKeypoint,
} from './pose-envelope';

describe('strict (normalised) schemas', () => {
  it('accept the example payload', () => {
    expect(PoseSuccess.parse(POSE_SUCCESS_EXAMPLE)).toEqual(POSE_SUCCESS_EXAMPLE);
    expect(PoseEnvelope.safeParse(POSE_SUCCESS_EXAMPLE).success).toBe(true);
  });

  it('reject the lenient variants that normalise() exists to remove', () => {
    const numericId = structuredClone(POSE_SUCCESS_EXAMPLE) as unknown as {
      result: { keyPointList: { personId: unknown }[] };
    };
    numericId.result.keyPointList[0]!.personId = 2;
    expect(PoseSuccess.safeParse(numericId).success).toBe(false);

    const wrongPart = structuredClone(POSE_SUCCESS_EXAMPLE);
    (wrongPart.result.keyPointList[0]!.inferKeypointList[0] as { part: string }).part = 'tailbone';
    expect(PoseSuccess.safeParse(wrongPart).success).toBe(false);

    const renamed = {
      ...POSE_SUCCESS_EXAMPLE,
      result: { fileType: 'png', numberOfPerson: 1, keyPointList: [{ personId: '0', inferKeypoints: [] }] },
    };
    expect(PoseSuccess.safeParse(renamed).success).toBe(false);
  });

  it('tell success from failure by isSuccessful', () => {
    const failure = {
      header: { isSuccessful: false, resultCode: -50401, resultMessage: 'timeout' },
      field: 'x',
    };
    expect(PoseFailure.parse(failure)).toEqual(failure);
    expect(PoseSuccess.safeParse(failure).success).toBe(false);
    expect(PoseFailure.safeParse(POSE_SUCCESS_EXAMPLE).success).toBe(false);
    expect(
      PoseEnvelope.safeParse({ header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' } })
        .success,
    ).toBe(false);
  });

  it('validates meta', () => {
    expect(
      PoseMeta.safeParse({ provider: 'local', model: 'movenet-multipose@256', timings: { inference: 41.5 } })
        .success,
    ).toBe(true);
    expect(PoseMeta.safeParse({ provider: 'cloud', model: 'x' }).success).toBe(false);
    expect(PoseMeta.safeParse({ provider: 'nhn', model: 'x', imageWidth: 0 }).success).toBe(false);
    expect(PoseMeta.safeParse({ provider: 'nhn', model: 'x', timings: { upload: -1 } }).success).toBe(false);
  });
});

describe('raw (lenient) schemas', () => {
  it('keep unknown fields on keypoints and envelopes', () => {
    expect(RawKeypoint.parse({ name: 'nose', x: 1, y: 2, score: 0.3, z: 9 })).toMatchObject({ z: 9 });
    expect(
      RawEnvelope.safeParse({ header: { isSuccessful: true, resultCode: 0, resultMessage: '' }, trace: 1 })
        .success,
    ).toBe(true);
  });

  it('reject infinite and NaN coordinates and out-of-range scores', () => {
    expect(RawKeypoint.safeParse({ name: 'nose', x: Infinity, y: 2, score: 0.3 }).success).toBe(false);
    expect(RawKeypoint.safeParse({ name: 'nose', x: 1, y: Number.NaN, score: 0.3 }).success).toBe(false);
    expect(RawKeypoint.safeParse({ name: 'nose', x: 1, y: 2, score: 1.0001 }).success).toBe(false);
  });
});
