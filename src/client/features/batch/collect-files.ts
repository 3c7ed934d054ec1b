import { checkImageFile, formatBytes, type FileProblem } from '@/client/features/upload/file-checks';

// Files out of a drop (folders walked through their directory entries) or a multi-pick,
// and the browser-side verdict on each: send it, or list it as skipped with the reason.

/** The parts of the File and Directory Entries API we use (typed here: tests pass plain objects). */
export interface DroppedEntry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?: (ok: (f: File) => void, fail: (e: unknown) => void) => void;
  createReader?: () => {
    readEntries: (ok: (es: DroppedEntry[]) => void, fail: (e: unknown) => void) => void;
  };
}

export interface CollectedFile {
  file: File;
  /** Path inside the dropped folder ("trip/day1/a.jpg"), else the file name. */
  path: string;
}

/** Deepest folder level walked: guards against symlink loops some file systems expose. */
const MAX_DEPTH = 16;

async function readAll(entry: DroppedEntry): Promise<DroppedEntry[]> {
  const reader = entry.createReader?.();
  if (!reader) return [];
  const out: DroppedEntry[] = [];
  // readEntries answers in pages (100 entries in Chromium) until it answers an empty page.
  for (;;) {
    const page = await new Promise<DroppedEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (page.length === 0) return out;
    out.push(...page);
  }
}

export async function walkEntry(entry: DroppedEntry, depth = 0): Promise<CollectedFile[]> {
  if (entry.isFile && entry.file) {
    const file = await new Promise<File>((ok, fail) => entry.file!(ok, fail));
    return [{ file, path: entry.fullPath.replace(/^\//, '') || file.name }];
  }
  if (entry.isDirectory && depth < MAX_DEPTH) {
    const children = await readAll(entry);
    const nested = await Promise.all(children.map((c) => walkEntry(c, depth + 1)));
    return nested.flat().sort((a, b) => a.path.localeCompare(b.path));
  }
  return [];
}

interface EntryItem {
  kind: string;
  getAsFile: () => File | null;
  webkitGetAsEntry?: () => unknown;
}

function isDroppedEntry(v: unknown): v is DroppedEntry {
  return typeof v === 'object' && v !== null && 'isFile' in v && 'isDirectory' in v && 'fullPath' in v;
}

/** Every file of a drop: folders are walked; without entry support, the flat file list. */
export async function collectDropped(data: {
  items?: ArrayLike<EntryItem> | null;
  files?: ArrayLike<File> | null;
}): Promise<CollectedFile[]> {
  const items = Array.from(data.items ?? []).filter((i) => i.kind === 'file');
  // Entries must be taken synchronously, before the drop event handler returns.
  const entries = items.map((i) => i.webkitGetAsEntry?.());
  if (entries.length > 0 && entries.every(isDroppedEntry)) {
    const nested = await Promise.all(entries.map((e) => walkEntry(e)));
    return nested.flat();
  }
  return Array.from(data.files ?? []).map((file) => ({ file, path: file.name }));
}

export type Verdict = { ok: true } | { ok: false; reason: string };

export function problemReason(problem: FileProblem, file: File): string {
  switch (problem.kind) {
    case 'not-image':
      return `Not a JPEG, PNG or WebP image (${file.type || 'unknown type'})`;
    case 'too-large':
      return `Too large: ${formatBytes(file.size)} (limit ${formatBytes(problem.limit)})`;
    case 'empty':
      return 'Empty file (0 bytes)';
    case 'too-small':
      return `Too small: ${problem.width}x${problem.height} px (at least ${problem.min} px a side)`;
  }
}

/** `describe` words the reason (the UI passes its translated wording; English by default). */
export async function judgeFile(
  file: File,
  maxBytes: number,
  describe: (problem: FileProblem, file: File) => string = problemReason,
): Promise<Verdict> {
  const problem = await checkImageFile(file, maxBytes);
  return problem ? { ok: false, reason: describe(problem, file) } : { ok: true };
}
