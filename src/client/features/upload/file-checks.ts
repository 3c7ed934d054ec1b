import { POSE_ERRORS } from '@/contract/pose-errors';

// Browser-side refusal of files that cannot be analysed, before any byte goes up. The server
// checks again and is the authority; this only saves the user a pointless upload.

export const ACCEPTED_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** The server's default MAX_UPLOAD_BYTES (10 MiB); /api/health may announce another. */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Images smaller than this on a side cannot hold a person worth finding (px). */
export const MIN_IMAGE_SIDE = 32;
/**
 * Code of the "image too small" refusal. The browser's own check uses it so that its message and
 * the server's 422 (when the server refuses first) read the same.
 */
export const IMAGE_TOO_SMALL_CODE = -42203;

export type FileProblem =
  | { kind: 'not-image'; resultCode: number }
  | { kind: 'too-large'; resultCode: number; limit: number }
  | { kind: 'empty'; resultCode: number }
  | { kind: 'too-small'; resultCode: number; width: number; height: number; min: number };

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

function u16be(b: Uint8Array, i: number): number {
  return ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
}
function u32be(b: Uint8Array, i: number): number {
  return u16be(b, i) * 65536 + u16be(b, i + 2);
}
function u16le(b: Uint8Array, i: number): number {
  return (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
}
function u24le(b: Uint8Array, i: number): number {
  return u16le(b, i) | ((b[i + 2] ?? 0) << 16);
}

/**
 * Width and height stored in the header of a JPEG, PNG or WebP (before EXIF rotation, which does
 * not change the smaller side). undefined when the header is not there or not understood.
 */
export function imageDimensions(head: Uint8Array): { width: number; height: number } | undefined {
  const type = sniffImageType(head);
  if (type === 'image/png') {
    // IHDR is the first chunk: width and height at bytes 16 and 20.
    return head.length >= 24 ? { width: u32be(head, 16), height: u32be(head, 20) } : undefined;
  }
  if (type === 'image/jpeg') {
    // Walk the markers up to the first start-of-frame (SOF0..SOF15 but DHT, JPG, DAC).
    let i = 2;
    while (i + 9 < head.length) {
      if (head[i] !== 0xff) return undefined;
      const marker = head[i + 1]!;
      if (marker === 0xff) {
        i += 1;
        continue;
      }
      const len = u16be(head, i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
        return { width: u16be(head, i + 7), height: u16be(head, i + 5) };
      i += 2 + len;
    }
    return undefined;
  }
  if (type === 'image/webp' && head.length >= 30) {
    const chunk = String.fromCharCode(...head.slice(12, 16));
    if (chunk === 'VP8 ') return { width: u16le(head, 26) & 0x3fff, height: u16le(head, 28) & 0x3fff };
    if (chunk === 'VP8L') {
      const bits = u32be(Uint8Array.from(head.slice(21, 25)).reverse(), 0);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8X') return { width: u24le(head, 24) + 1, height: u24le(head, 27) + 1 };
  }
  return undefined;
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
  // 128 KB reaches a JPEG's frame header past a big EXIF block (thumbnails live there).
  const head = await readHead(file, 128 * 1024);
  if (!sniffImageType(head)) {
    return { kind: 'not-image', resultCode: POSE_ERRORS.UNSUPPORTED_MEDIA.resultCode };
  }
  const size = imageDimensions(head);
  if (size && Math.min(size.width, size.height) < MIN_IMAGE_SIDE) {
    return { kind: 'too-small', resultCode: IMAGE_TOO_SMALL_CODE, ...size, min: MIN_IMAGE_SIDE };
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
