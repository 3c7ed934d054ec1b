import { POSE_ERRORS } from '@/contract/pose-errors';

// Browser-side refusal of files that cannot be analysed, before any byte goes up. The server
// checks again and is the authority; this only saves the user a pointless upload.

export const ACCEPTED_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** The server's default MAX_UPLOAD_BYTES (10 MiB); /api/health may announce another. */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type FileProblem =
  | { kind: 'not-image'; resultCode: number }
  | { kind: 'too-large'; resultCode: number; limit: number }
  | { kind: 'empty'; resultCode: number };

/** JPEG FF D8 FF; PNG 89 50 4E 47; WebP "RIFF" .... "WEBP". */
export function sniffImageType(head: Uint8Array): (typeof ACCEPTED_MIME_TYPES)[number] | undefined {
  const b = (i: number) => head[i];
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'image/jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...head.slice(from, to));
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

async function readHead(file: Blob, bytes: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, bytes).arrayBuffer());
}

/** undefined when the file may be uploaded. */
export async function checkImageFile(file: Blob, maxBytes: number): Promise<FileProblem | undefined> {
  if (file.size === 0) return { kind: 'empty', resultCode: POSE_ERRORS.EMPTY_FILE.resultCode };
  if (file.size > maxBytes) {
    return { kind: 'too-large', resultCode: POSE_ERRORS.FILE_TOO_LARGE.resultCode, limit: maxBytes };
  }
  if (file.type && !file.type.startsWith('image/')) {
    return { kind: 'not-image', resultCode: POSE_ERRORS.UNSUPPORTED_MEDIA.resultCode };
  }
  if (!sniffImageType(await readHead(file, 12))) {
    return { kind: 'not-image', resultCode: POSE_ERRORS.UNSUPPORTED_MEDIA.resultCode };
  }
  return undefined;
}

/** 5242880 -> "5.0 MB" (binary megabytes, as the limit is set). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The first image file of a drop or paste, if any. */
export function firstImageFile(files: FileList | readonly File[] | null | undefined): File | undefined {
  if (!files) return undefined;
  const list = Array.from(files);
  return list.find((f) => f.type.startsWith('image/')) ?? list[0];
}
