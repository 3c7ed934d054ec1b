// Every failure PoseScope answers, in one table: the NHN-style negative resultCode, the HTTP
// status, and a human default message. Both providers and the browser read this table.

export const POSE_ERRORS = {
  NO_FILE: {
    resultCode: -40001,
    status: 400,
    message: 'No image was sent. Put the file in the multipart field "image".',
  },
  MALFORMED_REQUEST: {
    resultCode: -40002,
    status: 400,
    message: 'The upload could not be read as multipart/form-data.',
  },
  EMPTY_FILE: { resultCode: -40003, status: 400, message: 'The file is empty (0 bytes).' },
  TOO_MANY_FILES: { resultCode: -40004, status: 400, message: 'Send one image per request.' },
  UNAUTHORIZED: {
    resultCode: -40101,
    status: 401,
    message: 'Sign in first: this PoseScope asks for an access token.',
  },
  FORBIDDEN: { resultCode: -40301, status: 403, message: 'The Authorization header does not match.' },
  NOT_FOUND: { resultCode: -40401, status: 404, message: 'There is nothing at this address.' },
  FILE_TOO_LARGE: { resultCode: -41301, status: 413, message: 'The file is larger than the upload limit.' },
  UNSUPPORTED_MEDIA: {
    resultCode: -41501,
    status: 415,
    message: 'This is not an image PoseScope can read. Use JPEG, PNG or WebP.',
  },
  UNDECODABLE_IMAGE: {
    resultCode: -42201,
    status: 422,
    message: 'The image could not be decoded: the file looks damaged or truncated.',
  },
  IMAGE_TOO_MANY_PIXELS: {
    resultCode: -42202,
    status: 422,
    message: 'The image has too many pixels to analyse safely.',
  },
  IMAGE_TOO_SMALL: {
    resultCode: -42203,
    status: 422,
    message: 'The image is too small to hold a person: it needs at least 32 pixels on each side.',
  },
  RATE_LIMITED: {
    resultCode: -42901,
    status: 429,
    message: 'Too many requests. Wait a moment and try again.',
  },
  UPSTREAM_RATE_LIMITED: {
    resultCode: -42902,
    status: 429,
    message: 'NHN Cloud is limiting how often PoseScope may call it. Try again in a moment.',
  },
  INTERNAL: { resultCode: -50001, status: 500, message: 'Something went wrong on the PoseScope server.' },
  UPSTREAM_REJECTED: {
    resultCode: -50201,
    status: 502,
    message: 'The NHN Cloud pose API refused the image.',
  },
  UPSTREAM_BAD_RESPONSE: {
    resultCode: -50202,
    status: 502,
    message: 'The NHN Cloud pose API answered something that is not a valid pose result.',
  },
  UPSTREAM_HTTP_ERROR: {
    resultCode: -50203,
    status: 502,
    message: 'The NHN Cloud pose API answered with an HTTP error.',
  },
  UPSTREAM_UNREACHABLE: {
    resultCode: -50301,
    status: 503,
    message: 'The NHN Cloud pose API cannot be reached.',
  },
  UPSTREAM_CIRCUIT_OPEN: {
    resultCode: -50302,
    status: 503,
    message: 'The NHN Cloud pose API failed several times in a row; PoseScope is pausing calls to it.',
  },
  BUSY: {
    resultCode: -50303,
    status: 503,
    message: 'PoseScope is busy with other images. Try again in a moment.',
  },
  ENGINE_UNAVAILABLE: {
    resultCode: -50304,
    status: 503,
    message: 'The embedded pose engine is not available.',
  },
  UPSTREAM_TIMEOUT: {
    resultCode: -50401,
    status: 504,
    message: 'The NHN Cloud pose API did not answer in time.',
  },
  ENGINE_TIMEOUT: {
    resultCode: -50402,
    status: 504,
    message: 'The embedded pose engine did not finish in time.',
  },
  BODY_TIMEOUT: { resultCode: -40801, status: 408, message: 'The upload was too slow and was stopped.' },
} as const satisfies Record<string, { resultCode: number; status: number; message: string }>;

export type PoseErrorCode = keyof typeof POSE_ERRORS;
export type PoseErrorStatus = (typeof POSE_ERRORS)[PoseErrorCode]['status'];

/** Thrown anywhere on the server; the app turns it into a failure envelope with the right status. */
export class PoseError extends Error {
  readonly code: PoseErrorCode;
  readonly status: PoseErrorStatus;
  readonly resultCode: number;
  /** Seconds, sent as Retry-After for 429/503. */
  readonly retryAfterSec: number | undefined;

  constructor(
    code: PoseErrorCode,
    message?: string,
    options: { resultCode?: number; retryAfterSec?: number; cause?: unknown } = {},
  ) {
    super(message ?? POSE_ERRORS[code].message, { cause: options.cause });
    this.name = 'PoseError';
    this.code = code;
    this.status = POSE_ERRORS[code].status;
    this.resultCode = options.resultCode ?? POSE_ERRORS[code].resultCode;
    this.retryAfterSec = options.retryAfterSec;
  }
}
