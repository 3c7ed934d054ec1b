import { z } from 'zod';
import type { PartGroup } from '@/contract/pose-envelope';
import { ALL_PART_GROUPS } from './pose-view-model';

// View options <-> URL hash (so a link reproduces the view) and <-> localStorage JSON.
// Every field is validated on its own with zod: a bad or unknown value falls back to that
// field's default instead of throwing away the whole view.
//
// Hash form (keys short, values URI-encoded), e.g.
//   #t=0.35&p=body,hand&m=emphasised&l=1&b=0&c=person&sel=2
// t threshold 0..1 · p parts shown (comma list; "none" = all hidden) · m opacity mapping ·
// l labels · b person boxes · a joint angles · c colour by person|part · sel selected person · solo solo person

// 0: low scores fade but stay visible until the user raises the threshold (issue 2).
export const DEFAULT_THRESHOLD = 0;

const Parts = z.object({
  body: z.boolean(),
  foot: z.boolean(),
  face: z.boolean(),
  hand: z.boolean(),
  other: z.boolean(),
});

const ALL_ON = { body: true, foot: true, face: true, hand: true, other: true };

/** Each field falls back to its default when missing or invalid. */
export const ViewOptionsState = z.object({
  threshold: z.number().min(0).max(1).catch(DEFAULT_THRESHOLD),
  parts: Parts.catch(() => ({ ...ALL_ON })),
  mapping: z.enum(['linear', 'emphasised']).catch('linear'),
  labels: z.boolean().catch(false),
  boxes: z.boolean().catch(false),
  angles: z.boolean().catch(false),
  colourBy: z.enum(['person', 'part']).catch('person'),
  selectedPersonId: z.string().min(1).max(64).optional().catch(undefined),
  soloPersonId: z.string().min(1).max(64).optional().catch(undefined),
});
export type ViewOptionsState = z.infer<typeof ViewOptionsState>;

export const DEFAULT_VIEW_OPTIONS: Readonly<ViewOptionsState> = Object.freeze({
  ...ViewOptionsState.parse({}),
  parts: Object.freeze({ ...ALL_ON }),
});

/** For stored JSON (localStorage) or anything else untrusted: never throws. */
export function coerceViewOptions(input: unknown): ViewOptionsState {
  const r = ViewOptionsState.safeParse(
    input && typeof input === 'object' && !Array.isArray(input) ? input : {},
  );
  // Every field has a catch, so this only fails if zod itself changes; stay total anyway.
  return r.success ? r.data : { ...DEFAULT_VIEW_OPTIONS, parts: { ...ALL_ON } };
}

const KEYS = ['t', 'p', 'm', 'l', 'b', 'a', 'c', 'sel', 'solo'] as const;

function parseHashParams(hash: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of hash.replace(/^#/, '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    try {
      params.set(decodeURIComponent(rawKey), decodeURIComponent(rawValue.replace(/\+/g, ' ')));
    } catch {
      // Malformed %-escape: ignore this pair only.
    }
  }
  return params;
}

function flag(v: string | undefined): boolean | undefined {
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  return undefined;
}

function partsFrom(v: string | undefined): Record<PartGroup, boolean> | undefined {
  if (v === undefined) return undefined;
  if (v === 'none') return { body: false, foot: false, face: false, hand: false, other: false };
  const listed = v.split(',').map((s) => s.trim().toLowerCase());
  if (listed.some((p) => !(ALL_PART_GROUPS as readonly string[]).includes(p))) return undefined;
  return Object.fromEntries(ALL_PART_GROUPS.map((p) => [p, listed.includes(p)])) as Record<
    PartGroup,
    boolean
  >;
}

/** Reads the view options from a location hash ("#t=0.3&..." or without "#"). */
export function decodeViewOptions(hash: string): ViewOptionsState {
  const q = parseHashParams(hash);
  const t = q.get('t');
  return coerceViewOptions({
    threshold: t === undefined || t.trim() === '' ? undefined : Number(t),
    parts: partsFrom(q.get('p')),
    mapping: q.get('m'),
    labels: flag(q.get('l')),
    boxes: flag(q.get('b')),
    angles: flag(q.get('a')),
    colourBy: q.get('c'),
    selectedPersonId: q.get('sel'),
    soloPersonId: q.get('solo'),
  });
}

/**
 * Hash text (without "#") for the options. Keys of `preserveFrom` (another hash) that are not
 * ours are kept, so other features can share the hash.
 */
export function encodeViewOptions(options: ViewOptionsState, preserveFrom = ''): string {
  const o = coerceViewOptions(options);
  const shown = ALL_PART_GROUPS.filter((p) => o.parts[p]);
  const pairs: [string, string][] = [
    ['t', String(Math.round(o.threshold * 1000) / 1000)],
    ['p', shown.length ? shown.join(',') : 'none'],
    ['m', o.mapping],
    ['l', o.labels ? '1' : '0'],
    ['b', o.boxes ? '1' : '0'],
    ['a', o.angles ? '1' : '0'],
    ['c', o.colourBy],
  ];
  if (o.selectedPersonId !== undefined) pairs.push(['sel', o.selectedPersonId]);
  if (o.soloPersonId !== undefined) pairs.push(['solo', o.soloPersonId]);
  for (const [k, v] of parseHashParams(preserveFrom))
    if (!(KEYS as readonly string[]).includes(k)) pairs.push([k, v]);
  // Commas are legal in a fragment and keep "p=body,hand" readable.
  const enc = (s: string) => encodeURIComponent(s).replace(/%2C/g, ',');
  return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}
