// What went wrong when the camera was asked for, in the few kinds a person can act on.
// getUserMedia rejects with a DOMException whose `name` is the only reliable signal (messages
// differ per browser); see https://developer.mozilla.org/docs/Web/API/MediaDevices/getUserMedia.

export type CameraProblem =
  /** No navigator.mediaDevices: an insecure page (plain http away from localhost) or an old browser. */
  | 'unsupported'
  /** No video input device, or none matches the chosen one. */
  | 'no-camera'
  /** The user (or a site setting / policy) refused access. */
  | 'denied'
  /** The device exists but another application holds it (or the OS failed to open it). */
  | 'in-use'
  /** The stream stopped by itself after it started (camera unplugged, taken, or turned off). */
  | 'ended'
  | 'other';

/** Classifies a getUserMedia / enumerateDevices failure. */
export function cameraProblemOf(error: unknown): CameraProblem {
  const name =
    typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
      ? error.name
      : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError': // older Chromium
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError': // older Chromium
    case 'OverconstrainedError':
      return 'no-camera';
    case 'NotReadableError':
    case 'TrackStartError': // older Chromium
    case 'AbortError':
      return 'in-use';
    default:
      return 'other';
  }
}

/** The error's own words for the details line (never shown as the main message). */
export function cameraErrorDetail(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.message ? `${error.name}: ${error.message}` : error.name;
  return String(error);
}
