import type { PoseErrorKind } from '@/client/api/post-pose';

// Which failures a Retry can fix: the network, a timeout, the server or the upstream being
// overloaded or down (429, 5xx). A damaged or unsupported file, a refusal of the image, or an
// answer that breaks the schema will fail the same way again, so no Retry is offered for them.

export interface FailureFacts {
  kind: PoseErrorKind;
  status: number;
  resultCode: number | undefined;
}

/** Codes of the 5xx family that are about the image itself (NHN refused it): not retryable. */
const IMAGE_REFUSED = new Set([-50201]);

export function isRetryable(f: FailureFacts): boolean {
  if (f.kind === 'network' || f.kind === 'timeout') return true;
  if (f.kind === 'aborted' || f.kind === 'schema') return false;
  if (f.resultCode !== undefined) {
    if (IMAGE_REFUSED.has(f.resultCode)) return false;
    // NHN-style codes carry their class: -429xx too many requests, -408xx timeout, -5xxxx server.
    const cls = Math.floor(-f.resultCode / 100);
    if (cls === 429 || cls === 408) return true;
    if (cls >= 400 && cls < 500) return false;
    if (cls >= 500 && cls < 600) return true;
  }
  return f.status === 408 || f.status === 429 || f.status >= 500;
}
