import { successEnvelope } from '@/contract/envelope-builders';
import { PoseSuccess, type PoseMeta, type PoseResult } from '@/contract/pose-envelope';

/**
 * The normalised NHN envelope as pretty JSON (2-space indent, trailing newline): exactly what
 * `POST /api/pose` answered, readable by any NHN client. Parsed once more on the way out so a
 * download can never hold something our own contract would reject.
 */
export function exportNhnJson(result: PoseResult, meta?: PoseMeta): string {
  const envelope = PoseSuccess.parse(successEnvelope(result, meta));
  return `${JSON.stringify(envelope, null, 2)}\n`;
}
