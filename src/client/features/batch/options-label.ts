import type { PoseQueryOptions } from '@/client/api/post-pose';
import type { BatchStringKey } from './batch-i18n';

// The small label under a gallery cell saying which analysis options produced that result,
// e.g. "whole body · accurate". Pure: returns string keys (or raw values) for the caller's `t`.

export type LabelPart = { key: BatchStringKey } | { text: string };

const PARTS_KEYS: Record<string, BatchStringKey> = {
  body: 'optBody',
  'body,foot': 'optBodyFoot',
  'body,foot,face,hand': 'optWholeBody',
};

const KNOWN: Record<string, BatchStringKey> = {
  fast: 'fast',
  balanced: 'balanced',
  accurate: 'accurate',
  local: 'local',
  nhn: 'nhn',
};

/** Parts, quality, provider, then anything else raw; `[optDefault]` for default options. */
export function optionsLabelParts(options: PoseQueryOptions | undefined): LabelPart[] {
  const out: LabelPart[] = [];
  if (options?.parts) {
    const key = PARTS_KEYS[options.parts];
    out.push(key ? { key } : { text: options.parts });
  }
  for (const value of [options?.quality, options?.provider]) {
    if (!value) continue;
    const key = KNOWN[value];
    out.push(key ? { key } : { text: value });
  }
  if (options?.mode) out.push({ text: `mode ${options.mode}` });
  if (options?.inputSize !== undefined) out.push({ text: `${options.inputSize} px` });
  return out.length ? out : [{ key: 'optDefault' }];
}

export function optionsLabel(
  options: PoseQueryOptions | undefined,
  t: (key: BatchStringKey) => string,
): string {
  return optionsLabelParts(options)
    .map((p) => ('key' in p ? t(p.key) : p.text))
    .join(' · ');
}
