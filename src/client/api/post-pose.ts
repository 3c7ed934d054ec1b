import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { normaliseEnvelope } from '@/contract/normalise';
import { PoseMeta, type PoseResult } from '@/contract/pose-envelope';
import { parseRetryAfter } from '@/contract/retry-after';

// POST /api/pose: one file per API operation (fetcher + zod parse + react-query hook).
// XMLHttpRequest instead of fetch because only XHR reports upload progress.

/** Analysis options the server accepts as query parameters. */
export interface PoseQueryOptions {
  inputSize?: number;
  mode?: string;
  parts?: string;
  quality?: string;
  /** Which provider answers this request (GET /api/health lists what the server can use). */
  provider?: 'local' | 'nhn';
}

export type UploadPhase = 'uploading' | 'analysing';

export interface UploadProgress {
  phase: UploadPhase;
  /** 0..1 of the request body sent; 1 once the body is fully sent. */
  fraction: number;
}

export interface PostPoseVariables {
  file: Blob;
  fileName: string;
  /** SHA-256 of the file's bytes (hex): the key that ties an answer to the image it belongs to. */
  hash: string;
  options?: PoseQueryOptions;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

export interface PoseAnswer {
  hash: string;
  result: PoseResult;
  meta: PoseMeta | undefined;
  /** From the X-Pose-Provider header ('local' | 'nhn'), when sent. */
  providerHeader: string | undefined;
  /** Server-Timing entries, milliseconds by name. */
  serverTiming: Record<string, number>;
  /** Measured in the browser, milliseconds. */
  clientTiming: { uploadMs: number; waitMs: number; totalMs: number };
}

export type PoseErrorKind = 'envelope' | 'http' | 'schema' | 'network' | 'timeout' | 'aborted';

/** A failed analysis: the envelope's resultCode/resultMessage, or what the browser saw instead. */
export class PoseRequestError extends Error {
  readonly kind: PoseErrorKind;
  /** NHN-style negative code; undefined when the server never answered an envelope. */
  readonly resultCode: number | undefined;
  /** HTTP status; 0 when there was no HTTP answer. */
  readonly status: number;
  /** For schema failures: the path of the offending field. */
  readonly field: string | undefined;
  /** From a Retry-After header (429/503), in ms: how long the server asks us to wait. */
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: PoseErrorKind,
    message: string,
    extra: { resultCode?: number; status?: number; field?: string; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'PoseRequestError';
    this.kind = kind;
    this.resultCode = extra.resultCode;
    this.status = extra.status ?? 0;
    this.field = extra.field;
    this.retryAfterMs = extra.retryAfterMs;
  }
}

/** Browser-side ceiling for one request (ms): the server has its own, shorter timeouts. */
export const CLIENT_TIMEOUT_MS = 120_000;

const ExtraFields = z.looseObject({ meta: z.unknown().optional(), field: z.string().optional() });

/** "upload;dur=12.5, inference;dur=80" -> { upload: 12.5, inference: 80 } */
export function parseServerTiming(header: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!header) return out;
  for (const entry of header.split(',')) {
    const [rawName, ...params] = entry.trim().split(';');
    const name = rawName?.trim();
    if (!name) continue;
    for (const p of params) {
      const m = /^\s*dur=([\d.]+)\s*$/.exec(p);
      if (m?.[1]) out[name] = Number(m[1]);
    }
  }
  return out;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * FNV-1a (two 32-bit lanes) over the bytes: only for pages where crypto.subtle is missing
 * (plain http on a LAN address is not a secure context). Identity, not security, is needed.
 */
export function fallbackHashHex(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193) >>> 0;
    b = Math.imul(b ^ bytes[i]!, 0x5bd1e995) >>> 0;
  }
  return `fnv-${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}-${bytes.length}`;
}

/** SHA-256 of the file (hex): the key that ties an answer to its image. Never rejects. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  try {
    if (globalThis.crypto?.subtle) return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
  } catch {
    // Fall through to the non-cryptographic key.
  }
  return fallbackHashHex(bytes);
}

function queryString(options: PoseQueryOptions | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(options ?? {})) {
    if (v !== undefined && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * Turns the HTTP answer into a PoseAnswer or throws PoseRequestError. Reads the envelope first
 * (NHN answers failures with HTTP 200 too), then the status.
 */
export function interpretPoseResponse(
  status: number,
  bodyText: string,
  headers: { provider: string | null; serverTiming: string | null },
  hash: string,
  clientTiming: PoseAnswer['clientTiming'],
): PoseAnswer {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    throw new PoseRequestError(
      'http',
      `The server answered HTTP ${status} without a pose result (not JSON).`,
      {
        status,
      },
    );
  }
  const outcome = normaliseEnvelope(json);
  if (!outcome.ok) {
    throw new PoseRequestError('schema', `The answer does not fit the pose schema at ${outcome.message}`, {
      status,
      field: outcome.field,
    });
  }
  const extra = ExtraFields.safeParse(json);
  const envelope = outcome.envelope;
  if (!envelope.header.isSuccessful) {
    throw new PoseRequestError('envelope', envelope.header.resultMessage, {
      status,
      resultCode: envelope.header.resultCode,
      ...(extra.success && extra.data.field ? { field: extra.data.field } : {}),
    });
  }
  if (!('result' in envelope)) {
    throw new PoseRequestError('schema', 'The answer does not fit the pose schema at result: missing', {
      status,
      field: 'result',
    });
  }
  if (status < 200 || status >= 300) {
    throw new PoseRequestError('http', `The server answered HTTP ${status}.`, { status });
  }
  let meta: PoseMeta | undefined;
  if (extra.success && extra.data.meta !== undefined) {
    const parsedMeta = PoseMeta.safeParse(extra.data.meta);
    if (!parsedMeta.success) {
      const issue = parsedMeta.error.issues[0];
      const field = `meta.${issue?.path.map(String).join('.') ?? ''}`;
      throw new PoseRequestError(
        'schema',
        `The answer does not fit the pose schema at ${field}: ${issue?.message}`,
        {
          status,
          field,
        },
      );
    }
    meta = parsedMeta.data;
  }
  return {
    hash,
    result: envelope.result,
    meta,
    providerHeader: headers.provider ?? undefined,
    serverTiming: parseServerTiming(headers.serverTiming),
    clientTiming,
  };
}

/** Sends the image as multipart field `image`, reporting upload progress; abortable. */
export function postPose(vars: PostPoseVariables): Promise<PoseAnswer> {
  return new Promise<PoseAnswer>((resolve, reject) => {
    if (vars.signal?.aborted) {
      reject(new PoseRequestError('aborted', 'The request was cancelled.'));
      return;
    }
    const xhr = new XMLHttpRequest();
    const started = performance.now();
    let uploadDone = started;
    const form = new FormData();
    form.append('image', vars.file, vars.fileName);
    xhr.open('POST', `/api/pose${queryString(vars.options)}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.timeout = CLIENT_TIMEOUT_MS;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) {
        vars.onProgress?.({ phase: 'uploading', fraction: Math.min(1, e.loaded / e.total) });
      }
    };
    xhr.upload.onload = () => {
      uploadDone = performance.now();
      vars.onProgress?.({ phase: 'analysing', fraction: 1 });
    };
    const onAbort = () => xhr.abort();
    vars.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => vars.signal?.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      cleanup();
      const end = performance.now();
      try {
        resolve(
          interpretPoseResponse(
            xhr.status,
            xhr.responseText,
            {
              provider: xhr.getResponseHeader('X-Pose-Provider'),
              serverTiming: xhr.getResponseHeader('Server-Timing'),
            },
            vars.hash,
            { uploadMs: uploadDone - started, waitMs: end - uploadDone, totalMs: end - started },
          ),
        );
      } catch (err) {
        // Retry-After (429/503): seconds or an HTTP date; the batch queue waits at least this long.
        const retryAfterMs = parseRetryAfter(xhr.getResponseHeader('Retry-After'));
        if (err instanceof PoseRequestError && retryAfterMs !== undefined) {
          reject(
            new PoseRequestError(err.kind, err.message, {
              status: err.status,
              ...(err.resultCode !== undefined ? { resultCode: err.resultCode } : {}),
              ...(err.field !== undefined ? { field: err.field } : {}),
              retryAfterMs,
            }),
          );
        } else reject(err);
      }
    };
    xhr.onerror = () => {
      cleanup();
      reject(new PoseRequestError('network', 'The server could not be reached (network error).'));
    };
    xhr.ontimeout = () => {
      cleanup();
      reject(
        new PoseRequestError('timeout', `The server did not answer within ${CLIENT_TIMEOUT_MS / 1000} s.`),
      );
    };
    xhr.onabort = () => {
      cleanup();
      reject(new PoseRequestError('aborted', 'The request was cancelled.'));
    };
    vars.onProgress?.({ phase: 'uploading', fraction: 0 });
    xhr.send(form);
  });
}

export const poseMutationKey = ['pose'] as const;

/**
 * The upload as a react-query mutation. The image hash travels in the variables and comes
 * back in the answer, so the UI can refuse an answer that belongs to an older image.
 */
export function usePoseMutation() {
  return useMutation<PoseAnswer, PoseRequestError | Error, PostPoseVariables>({
    mutationKey: poseMutationKey,
    mutationFn: postPose,
    retry: false,
  });
}
