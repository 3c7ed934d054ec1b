import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PoseError } from '@/contract/pose-errors';
import { decodeOriented, probeImage } from './image-decode';
import { pngHeaderOnly } from './test-images';

const photo = readFileSync(new URL('../../../test-data/images/000000000785.jpg', import.meta.url));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof PoseError ? e.code : `other: ${String(e)}`;
  }
}

describe('probeImage', () => {
  it('sniffs the format from the bytes and reads the size', async () => {
    expect(await probeImage(photo, 40e6)).toEqual({ fileType: 'jpg', width: 640, height: 425 });
    const webp = await sharp(photo).webp().toBuffer();
    expect((await probeImage(webp, 40e6)).fileType).toBe('webp');
    const png = readFileSync(new URL('../../../test-data/images/basketball1.png', import.meta.url));
    expect(await probeImage(png, 40e6)).toEqual({ fileType: 'png', width: 640, height: 480 });
  });

  it('reports the size after EXIF orientation (6 = rotate 90 degrees: width and height swap)', async () => {
    const rotated = await sharp(photo).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect(await probeImage(rotated, 40e6)).toEqual({ fileType: 'jpg', width: 425, height: 640 });
  });

  it('refuses a 30000x30000 PNG from its header, and calls garbage undecodable', async () => {
    expect(await codeOf(probeImage(pngHeaderOnly(30_000, 30_000), 40e6))).toBe('IMAGE_TOO_MANY_PIXELS');
    expect(await codeOf(probeImage(new TextEncoder().encode('this is not an image at all'), 40e6))).toBe(
      'UNDECODABLE_IMAGE',
    );
  });
});

describe('decodeOriented', () => {
  it('applies EXIF orientation and shrinks to the longest side asked for', async () => {
    const rotated = await sharp(photo).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const d = await decodeOriented(rotated, 384, 40e6);
    expect([d.width, d.height]).toEqual([255, 384]);
    expect([d.originalWidth, d.originalHeight]).toEqual([425, 640]);
    expect(d.data.length).toBe(255 * 384 * 3);
  });

  it('turns a grayscale PNG into RGB', async () => {
    const grey = await sharp(photo).greyscale().png().toBuffer();
    const d = await decodeOriented(grey, 2000, 40e6);
    expect(d.data.length).toBe(640 * 425 * 3);
  });

  it('fails cleanly on a truncated JPEG and on a bomb', async () => {
    expect(await codeOf(decodeOriented(photo.subarray(0, 2000), 384, 40e6))).toBe('UNDECODABLE_IMAGE');
    expect(await codeOf(decodeOriented(pngHeaderOnly(30_000, 30_000), 384, 40e6))).toBe(
      'IMAGE_TOO_MANY_PIXELS',
    );
  });
});
