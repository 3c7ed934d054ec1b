import { PoseError } from '@/contract/pose-errors';
import { tooLargeMessage } from './read-body';

export interface MultipartImage {
  bytes: Uint8Array;
  /** The client's file name: basename only, sanitised; undefined if none was sent. */
  filename: string | undefined;
}

/** Basename, no control or path characters, at most 120 chars; keeps the extension. */
export function sanitiseFilename(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').trim();
  if (!clean || clean === '.' || clean === '..') return undefined;
  if (clean.length <= 120) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, 120 - ext.length) + ext;
}

/**
 * Parses a buffered multipart/form-data body with the platform's (undici) parser and returns
 * exactly one file from field `image`. Each way of getting it wrong has its own message.
 */
export async function extractImageField(
  body: Uint8Array,
  contentType: string | undefined,
  maxFileBytes: number,
): Promise<MultipartImage> {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType) || !/boundary=/i.test(contentType)) {
    throw new PoseError(
      'MALFORMED_REQUEST',
      'Send the image as multipart/form-data with the file in the field "image".',
    );
  }
  let form: FormData;
  try {
    form = await new Request('http://upload.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: body as Uint8Array<ArrayBuffer>,
    }).formData();
  } catch (error) {
    throw new PoseError('MALFORMED_REQUEST', undefined, { cause: error });
  }

  const files: Array<{ field: string; file: File }> = [];
  for (const [field, value] of form.entries()) {
    if (typeof value !== 'string') files.push({ field, file: value });
  }
  const images = files.filter((f) => f.field === 'image');
  const imageText = form.get('image');

  if (images.length === 0) {
    if (typeof imageText === 'string') {
      throw new PoseError(
        'NO_FILE',
        'The field "image" holds text, not a file. Attach the image file itself.',
      );
    }
    const other = files[0];
    if (other) {
      throw new PoseError(
        'NO_FILE',
        `The file was sent in the field "${other.field.slice(0, 40)}"; PoseScope reads the field "image".`,
      );
    }
    throw new PoseError('NO_FILE');
  }
  if (files.length > 1) {
    throw new PoseError(
      'TOO_MANY_FILES',
      `Send one image per request (this request had ${files.length} files).`,
    );
  }
  const file = images[0]!.file;
  if (file.size === 0) throw new PoseError('EMPTY_FILE');
  if (file.size > maxFileBytes) {
    throw new PoseError('FILE_TOO_LARGE', tooLargeMessage(maxFileBytes));
  }
  return { bytes: new Uint8Array(await file.arrayBuffer()), filename: sanitiseFilename(file.name) };
}
