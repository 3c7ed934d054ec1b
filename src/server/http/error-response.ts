import { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { envelopeOfError, failureEnvelope } from '@/contract/envelope-builders';
import { POSE_ERRORS, PoseError, type PoseErrorCode } from '@/contract/pose-errors';
import type { PoseFailure } from '@/contract/pose-envelope';
import { UploadTooLargeError } from '../upload/read-body';
import { UploadNotAdmittedError } from '../upload/upload-admission';
import { LINGER_MAX_BYTES_CAP, LINGER_MAX_MS, lingerBeforeClose, lingerBudgetBytes } from './linger-close';

/** A PoseError that also names a field (schema failures). */
export class FieldPoseError extends PoseError {
  readonly field: string;
  constructor(code: PoseErrorCode, message: string, field: string, options: { resultCode?: number } = {}) {
    super(code, message, options);
    this.field = field;
  }
}

export function failureOf(error: PoseError): PoseFailure {
  const envelope = envelopeOfError(error);
  return error instanceof FieldPoseError ? { ...envelope, field: error.field } : envelope;
}

/** The one way every failure leaves the server: NHN envelope, status from POSE_ERRORS, Retry-After. */
export function errorResponse(c: Context, error: PoseError): Response {
  if (error.status === 429 || error.status === 503) {
    c.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSec ?? 5))));
  }
  c.header('Cache-Control', 'no-store');
  // The rest of an oversized or trickling body is not worth reading: close the connection so a
  // slow-loris client cannot keep the socket busy after its answer.
  // An upload refused before its body was read (not admitted) is closed the same way.
  const unread = error instanceof UploadNotAdmittedError;
  if (error.code === 'FILE_TOO_LARGE' || error.code === 'BODY_TIMEOUT' || unread)
    c.header('Connection', 'close');
  // A client still streaming an oversized body must be able to read its 413 (or 503): discard
  // the rest (bounded in bytes and time) before closing, instead of resetting the connection.
  if (error.code === 'FILE_TOO_LARGE' || unread) {
    const incoming: unknown = c.env?.incoming;
    lingerBeforeClose(incoming instanceof IncomingMessage ? incoming : undefined, {
      maxBytes:
        error instanceof UploadTooLargeError ? lingerBudgetBytes(error.limitBytes) : LINGER_MAX_BYTES_CAP,
      maxMs: LINGER_MAX_MS,
    });
  }
  return c.json(failureOf(error), error.status);
}

export function internalErrorResponse(c: Context): Response {
  c.header('Cache-Control', 'no-store');
  return c.json(failureEnvelope('INTERNAL'), POSE_ERRORS.INTERNAL.status);
}
