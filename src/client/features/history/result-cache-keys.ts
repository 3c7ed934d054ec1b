import type { PoseQueryOptions } from '@/client/api/post-pose';

// Keys of analysis results: the image's SHA-256 plus the options that change the answer, so the
// same photo analysed "fast" and "accurate" are two cache entries (react-query and IndexedDB).

/**
 * The answering provider is part of the key: `provider=nhn` keys apart, the offline engine is the
 * default (history written before kept its keys).
 * `parts=body` asks for exactly what a request without `parts` gets (the engine's DEFAULT_PARTS,
 * src/server/engine/worker-protocol.ts), so it keys like no options: the header's default
 * settings (Body, Fast) still find history written before the batch sent settings.
 */
function isDefaultValue(key: string, value: unknown): boolean {
  return (
    value === undefined ||
    value === '' ||
    (key === 'parts' && value === 'body') ||
    // The offline engine answers keyless requests; NHN's answers always carry provider=nhn.
    (key === 'provider' && value === 'local')
  );
}

/** Stable text of the options: keys sorted, empty/default values dropped ("default" when none). */
export function optionsKey(options: PoseQueryOptions | undefined): string {
  const parts = Object.entries(options ?? {})
    .filter(([k, v]) => !isDefaultValue(k, v))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join('&') : 'default';
}

/** The options with empty/default values left out (undefined when nothing remains). */
export function canonicalOptions(options: PoseQueryOptions | undefined): PoseQueryOptions | undefined {
  if (!options) return undefined;
  const { inputSize, mode, parts, quality, provider } = options;
  const out: PoseQueryOptions = {
    ...(inputSize !== undefined ? { inputSize } : {}),
    ...(!isDefaultValue('mode', mode) ? { mode } : {}),
    ...(!isDefaultValue('parts', parts) ? { parts } : {}),
    ...(!isDefaultValue('quality', quality) ? { quality } : {}),
    ...(!isDefaultValue('provider', provider) ? { provider } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

export const historyQueryKey = ['history'] as const;

export function poseResultKey(hash: string, options?: PoseQueryOptions) {
  return ['pose-result', hash, optionsKey(options)] as const;
}

export function isDefaultOptions(options: PoseQueryOptions | undefined): boolean {
  return optionsKey(options) === 'default';
}

/**
 * Identity of one stored result: `<hash>` for default options (the key history had before
 * options were part of it), `<hash>:<optionsKey>` otherwise.
 */
export function historyEntryKey(hash: string, options: PoseQueryOptions | undefined): string {
  return isDefaultOptions(options) ? hash : `${hash}:${optionsKey(options)}`;
}
