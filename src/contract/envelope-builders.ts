import { POSE_ERRORS, PoseError, type PoseErrorCode } from './pose-errors';
import type { PoseFailure, PoseMeta, PoseResult, PoseSuccess } from './pose-envelope';

export function successEnvelope(result: PoseResult, meta?: PoseMeta): PoseSuccess {
  return {
    header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
    result,
    ...(meta ? { meta } : {}),
  };
}

export function failureEnvelope(
  code: PoseErrorCode,
  message?: string,
  extra: { resultCode?: number; field?: string } = {},
): PoseFailure {
  return {
    header: {
      isSuccessful: false,
      resultCode: extra.resultCode ?? POSE_ERRORS[code].resultCode,
      resultMessage: message ?? POSE_ERRORS[code].message,
    },
    ...(extra.field ? { field: extra.field } : {}),
  };
}

export function envelopeOfError(error: PoseError): PoseFailure {
  return failureEnvelope(error.code, error.message, { resultCode: error.resultCode });
}
