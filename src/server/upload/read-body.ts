import { PoseError } from '@/contract/pose-errors';

/** FILE_TOO_LARGE that remembers the limit, so the answer can bound what it still discards. */
export class UploadTooLargeError extends PoseError {
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super('FILE_TOO_LARGE', tooLargeMessage(limitBytes));
    this.limitBytes = limitBytes;
  }
}

/**
 * Reads a request body into memory, but never more than `maxBytes` and never for longer than
 * `timeoutMs` in total (a slow-loris upload trickling a byte a second is cut off).
 * Content-Length is checked first, so an honest oversized upload is refused before any byte is read
 * (the answer then discards the rest of the body for a bounded time: see http/linger-close.ts).
 */
export async function readBodyLimited(
  request: Request,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    throw new UploadTooLargeError(maxBytes);
  }
  if (!request.body) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PoseError('BODY_TIMEOUT')), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw new UploadTooLargeError(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    // Stop the stream so no more bytes are buffered; the socket is closed by the server.
    reader.cancel().catch(() => undefined);
    if (error instanceof PoseError) throw error;
    throw new PoseError('MALFORMED_REQUEST', 'The upload was interrupted before it was complete.', {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export function tooLargeMessage(maxBytes: number): string {
  return `The file is larger than the upload limit of ${formatBytes(maxBytes)}.`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
