import type { PoseQueryOptions } from '@/client/api/post-pose';

// react-query keys of analysis results: the image's SHA-256 plus the options that change the
// answer, so the same photo analysed "fast" and "accurate" are two cache entries.

/** Stable text of the options: keys sorted, empty values dropped ("default" when none). */
export function optionsKey(options: PoseQueryOptions | undefined): string {
  const parts = Object.entries(options ?? {})
    .filter(([, v]) => v !== undefined && v !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join('&') : 'default';
}

export const historyQueryKey = ['history'] as const;

export function poseResultKey(hash: string, options?: PoseQueryOptions) {
  return ['pose-result', hash, optionsKey(options)] as const;
}

/** The history's IndexedDB key space is for default-option results only. */
export function isDefaultOptions(options: PoseQueryOptions | undefined): boolean {
  return optionsKey(options) === 'default';
}
