import sharp from 'sharp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Small generated test images. The fake NHN upstream picks its scenario from the file-name
// prefix (ok*, fail*, timeout*, ...) and answers keypoints as fractions of the image size, so
// the pictures themselves only need the right size, format and orientation.

const here = dirname(fileURLToPath(import.meta.url));
export const IMAGES_DIR = join(here, 'fixtures', 'images');
export const REAL_PHOTOS_DIR = resolve(here, '..', 'test-data', 'images');
/** CC BY 2.0 COCO photo of one skier (test-data/images/SOURCES.md): shippable in docs/. */
export const REAL_PHOTO = join(REAL_PHOTOS_DIR, '000000000785.jpg');

/** Uniform mid-grey: far from every palette colour, so a dot's centre pixel is unmistakable. */
const BACKGROUND = { r: 128, g: 128, b: 128 };

interface ImageSpec {
  file: string;
  width: number;
  height: number;
  format: 'png' | 'jpeg' | 'webp';
  /** EXIF orientation tag written into the file (6 = rotate 90° clockwise to display). */
  orientation?: number;
}

/** Stored sizes; an orientation-6 image displays with width and height swapped. */
export const IMAGE_SPECS: readonly ImageSpec[] = [
  { file: 'ok-people.png', width: 640, height: 480, format: 'png' },
  { file: 'ok-people.jpg', width: 640, height: 480, format: 'jpeg' },
  { file: 'ok-people.webp', width: 640, height: 480, format: 'webp' },
  { file: 'ok-portrait.jpg', width: 480, height: 800, format: 'jpeg' },
  { file: 'ok-exif6.jpg', width: 640, height: 400, format: 'jpeg', orientation: 6 },
  { file: 'ok-second.png', width: 500, height: 500, format: 'png' },
  { file: 'whole-body.png', width: 800, height: 600, format: 'png' },
  { file: 'none-empty-room.png', width: 400, height: 300, format: 'png' },
  { file: 'none-second.png', width: 500, height: 500, format: 'png' },
  { file: 'fail-x.png', width: 400, height: 300, format: 'png' },
  { file: 'timeout-x.png', width: 400, height: 300, format: 'png' },
  { file: 'slow-first.png', width: 400, height: 300, format: 'png' },
  { file: 'html500-x.png', width: 400, height: 300, format: 'png' },
  { file: 'html502-x.png', width: 400, height: 300, format: 'png' },
  { file: 'html503-x.png', width: 400, height: 300, format: 'png' },
  { file: 'badjson-x.png', width: 400, height: 300, format: 'png' },
  { file: 'schema-x.png', width: 400, height: 300, format: 'png' },
  { file: 'reset-x.png', width: 400, height: 300, format: 'png' },
  // Last, so the grey of the files above stays as it was. Odd sizes (per-axis scale) and a PNG eXIf orientation chunk (Chromium and sharp both apply it).
  { file: 'ok-odd.png', width: 641, height: 479, format: 'png' },
  { file: 'ok-exif6.png', width: 641, height: 479, format: 'png', orientation: 6 },
];

export function imagePath(file: string): string {
  return join(IMAGES_DIR, file);
}

async function writeImage(spec: ImageSpec, index: number): Promise<void> {
  // A slightly different grey per file: the client may cache answers by the image's hash, and
  // the scenario lives in the name, so no two fixtures may share their bytes.
  const background = { ...BACKGROUND, b: BACKGROUND.b + index };
  let img = sharp({
    create: { width: spec.width, height: spec.height, channels: 3, background },
  });
  if (spec.format === 'png') img = img.png();
  else if (spec.format === 'jpeg') img = img.jpeg({ quality: 90 });
  else img = img.webp({ quality: 90 });
  if (spec.orientation) img = img.withMetadata({ orientation: spec.orientation });
  await img.toFile(imagePath(spec.file));
}

/** (Re)writes every fixture image: deterministic and fast (~0.2 s), so they never go stale. */
export async function ensureFixtureImages(): Promise<void> {
  mkdirSync(IMAGES_DIR, { recursive: true });
  for (const [i, spec] of IMAGE_SPECS.entries()) await writeImage(spec, i);
  // Text bytes behind a .png name: the browser and the server must sniff, not trust the name.
  writeFileSync(imagePath('not-image.png'), 'This is a text file pretending to be a PNG.\n'.repeat(20));
}

/** An 11 MB ".png" (PNG signature, then zeros): above the 10 MiB default upload limit. */
export function writeTooLargeFile(dir: string): string {
  const path = join(dir, 'ok-too-large.png');
  const bytes = Buffer.alloc(11 * 1024 * 1024);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  writeFileSync(path, bytes);
  return path;
}
