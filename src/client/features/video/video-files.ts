import { sha256Hex } from '@/client/api/post-pose';

// Which dropped or picked files are videos, and the key a clip's results are cached under.

const VIDEO_EXTENSIONS = ['webm', 'mp4', 'm4v', 'mov', 'mkv', 'ogv'];

/** A video by its MIME type, or by its extension when the OS gave no type (common for .mkv). */
export function isVideoFile(file: Blob, name = file instanceof File ? file.name : ''): boolean {
  if (file.type.startsWith('video/')) return true;
  if (file.type !== '' && file.type !== 'application/octet-stream') return false;
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  return VIDEO_EXTENSIONS.includes(ext);
}

/** What the file input accepts: images as before, and videos. */
export const MEDIA_ACCEPT = `image/*,video/*,${VIDEO_EXTENSIONS.map((e) => `.${e}`).join(',')}`;

/** Hashing reads at most this much of a long clip (both ends), to keep memory flat. */
const HASH_SLICE_BYTES = 16 * 1024 * 1024;

/**
 * The clip's identity: SHA-256 of the whole file up to 32 MB; for longer files, of its first and
 * last 16 MB and its size (a different clip of equal size and ends is not a realistic case).
 */
export async function videoHash(file: Blob): Promise<string> {
  if (file.size <= 2 * HASH_SLICE_BYTES) return sha256Hex(file);
  const sample = new Blob([
    file.slice(0, HASH_SLICE_BYTES),
    file.slice(file.size - HASH_SLICE_BYTES),
    String(file.size),
  ]);
  return `v2-${await sha256Hex(sample)}`;
}

/** Cache key of one frame's result: the clip's hash and the frame time (microseconds). */
export function frameCacheKey(videoHashHex: string, time: number): string {
  return `video:${videoHashHex}@${Math.round(time * 1e6)}us`;
}
