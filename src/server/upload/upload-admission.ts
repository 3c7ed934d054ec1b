import { PoseError } from '@/contract/pose-errors';

/**
 * BUSY refusal of an upload that was not admitted. Sent before any byte of the body is read; the
 * answer then discards the rest of the body (bounded) and closes, like an oversized upload's 413.
 */
export class UploadNotAdmittedError extends PoseError {
  constructor(retryAfterSec: number) {
    super('BUSY', 'PoseScope is already receiving as many images as it can. Try again in a moment.', {
      retryAfterSec,
    });
  }
}

/**
 * Admission before buffering: at most `maxInFlight` uploads are read, checked and analysed at
 * once; one more is refused at once (503 + Retry-After) without reading its body. Every admitted
 * request holds at most ~3 copies of one upload (body, multipart part, file bytes), so memory is
 * bounded by maxInFlight x 3 x MAX_UPLOAD_BYTES however many clients send at the same time.
 */
export class UploadAdmission {
  private inFlight = 0;

  constructor(
    readonly maxInFlight: number,
    /** Suggested wait for a refused client, seconds. */
    private readonly retryAfterSec = 2,
  ) {}

  /** Throws UploadNotAdmittedError when full; otherwise returns the release function (call once). */
  admit(): () => void {
    if (this.inFlight >= this.maxInFlight) throw new UploadNotAdmittedError(this.retryAfterSec);
    this.inFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
    };
  }

  stats(): { uploadsInFlight: number; maxUploadsInFlight: number } {
    return { uploadsInFlight: this.inFlight, maxUploadsInFlight: this.maxInFlight };
  }
}
