import type { z } from 'zod';
import {
  PART_GROUPS,
  RawEnvelope,
  type EnvelopeHeader,
  type PartGroup,
  type PoseFailure,
  type PoseSuccess,
} from './pose-envelope';

export type NormaliseOutcome =
  { ok: true; envelope: PoseSuccess | PoseFailure } | { ok: false; field: string; message: string };

function pathOf(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.') || '(root)';
}

function partOf(part: string | undefined): PartGroup {
  const p = part?.trim().toLowerCase();
  return (PART_GROUPS as readonly string[]).includes(p ?? '') ? (p as PartGroup) : 'other';
}

/** "jpg", ".JPG", "image/jpeg" -> "jpg"; unknown stays as given, lower-cased, without dot. */
export function normaliseFileType(fileType: string | undefined): string {
  const t = (fileType ?? '')
    .trim()
    .toLowerCase()
    .replace(/^\./, '')
    .replace(/^image\//, '');
  return t === 'jpeg' ? 'jpg' : t;
}

const HeaderOnly = RawEnvelope.pick({ header: true });

/** An upstream failure, kept as NHN said it, with the resultCode forced negative. */
function failureOf(header: EnvelopeHeader): NormaliseOutcome {
  return {
    ok: true,
    envelope: {
      header: {
        isSuccessful: false,
        resultCode: header.resultCode < 0 ? header.resultCode : -Math.abs(header.resultCode || 1),
        resultMessage: header.resultMessage,
      },
    },
  };
}

/**
 * Parses any envelope NHN documents (personId string or number, inferKeypointList or
 * inferKeypoints, fileType with or without dot, extra fields) into the strict shape.
 * Rejects what cannot be drawn, naming the field.
 */
export function normaliseEnvelope(input: unknown): NormaliseOutcome {
  const parsed = RawEnvelope.safeParse(input);
  if (!parsed.success) {
    // A failure answer is passed on by its header alone: its result (never drawn) may be junk,
    // and the user should read the upstream's resultMessage, not our schema complaint.
    const headerOnly = HeaderOnly.safeParse(input);
    if (headerOnly.success && !headerOnly.data.header.isSuccessful) return failureOf(headerOnly.data.header);
    const issue = parsed.error.issues[0];
    const field = issue ? pathOf(issue) : '(root)';
    return { ok: false, field, message: `${field}: ${issue?.message ?? 'invalid'}` };
  }
  const { header, result } = parsed.data;
  if (!header.isSuccessful) return failureOf(header);
  if (!result) return { ok: false, field: 'result', message: 'result: missing in a successful answer' };
  const keyPointList = (result.keyPointList ?? []).map((person, index) => ({
    personId: person.personId === undefined ? String(index) : String(person.personId),
    inferKeypointList: (person.inferKeypointList ?? person.inferKeypoints ?? []).map((k) => ({
      name: k.name,
      part: partOf(k.part),
      x: k.x,
      y: k.y,
      score: k.score,
    })),
  }));
  return {
    ok: true,
    envelope: {
      header: { isSuccessful: true, resultCode: header.resultCode, resultMessage: header.resultMessage },
      result: {
        fileType: normaliseFileType(result.fileType),
        numberOfPerson: keyPointList.length,
        keyPointList,
      },
    },
  };
}
