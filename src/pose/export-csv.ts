import type { PoseResult } from '@/contract/pose-envelope';
import { partOfKeypoint } from './keypoint-catalogue';

// One row per keypoint, RFC 4180: comma separated, CRLF line ends, a header row, fields with
// comma, quote, CR or LF wrapped in double quotes with inner quotes doubled. Numbers are
// written in full JavaScript precision (x, y in image pixels; score 0..1).

export const CSV_COLUMNS = ['image', 'personId', 'name', 'part', 'x', 'y', 'score'] as const;

export interface CsvImage {
  /** File name (or any label) of the image the result belongs to. */
  image: string;
  result: PoseResult;
}

export interface CsvOptions {
  /**
   * Spreadsheet apps run cells starting with = + - @ as formulas ("CSV injection"). Text cells
   * (never numbers) that start so get a leading apostrophe. Default true.
   */
  guardFormulas?: boolean;
  /** Also include keypoints below this score (default 0: every keypoint). */
  threshold?: number;
}

/** Quote one field per RFC 4180 when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function textCell(value: string, guard: boolean): string {
  return csvField(guard && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

export function numberCell(n: number): string {
  return Number.isFinite(n) ? String(n) : '';
}

/** CSV text for one or more images (batch), header first, CRLF after every row. */
export function exportCsv(images: readonly CsvImage[], options: CsvOptions = {}): string {
  const guard = options.guardFormulas ?? true;
  const threshold = options.threshold ?? 0;
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const { image, result } of images)
    for (const person of result.keyPointList)
      for (const kp of person.inferKeypointList) {
        if (kp.score < threshold) continue;
        rows.push(
          [
            textCell(image, guard),
            textCell(person.personId, guard),
            textCell(kp.name, guard),
            textCell(partOfKeypoint(kp.name, kp.part), guard),
            numberCell(kp.x),
            numberCell(kp.y),
            numberCell(kp.score),
          ].join(','),
        );
      }
  return rows.map((r) => `${r}\r\n`).join('');
}
