import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sanitiseFilename } from '@/server/upload/multipart-file';
import { mapResultToOriginal, prepareForNhn, renameExtension } from './nhn-image-prep';

describe('prepareForNhn', () => {
  it('forwards a small upright JPEG untouched', async () => {
    const bytes = new Uint8Array(
      await sharp({ create: { width: 50, height: 40, channels: 3, background: '#123' } })
        .jpeg()
        .toBuffer(),
    );
    const prepared = await prepareForNhn({ bytes, format: 'jpg', width: 50, height: 40, filename: 'ok.jpg' });
    expect(prepared.bytes).toBe(bytes);
    expect(prepared.converted).toBeUndefined();
    expect(prepared.filename).toBe('ok.jpg');
  });

  it('applies EXIF rotation itself, so NHN coordinates are in the frame the browser shows', async () => {
    const bytes = new Uint8Array(
      await sharp({ create: { width: 60, height: 40, channels: 3, background: '#123' } })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .toBuffer(),
    );
    const prepared = await prepareForNhn({
      bytes,
      format: 'jpg',
      width: 40,
      height: 60,
      filename: 'ok-phone.jpg',
    });
    const meta = await sharp(prepared.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([40, 60, 1]);
    expect(prepared.converted).toMatch(/EXIF rotation applied/);
  });

  it('shrinks to fit a byte limit and reports the new size', async () => {
    const noise = randomBytes(300 * 300 * 3);
    const bytes = new Uint8Array(
      await sharp(noise, { raw: { width: 300, height: 300, channels: 3 } })
        .png()
        .toBuffer(),
    );
    const prepared = await prepareForNhn(
      { bytes, format: 'png', width: 300, height: 300, filename: 'big.png' },
      20_000,
    );
    expect(prepared.bytes.byteLength).toBeLessThanOrEqual(20_000);
    expect(prepared.sentWidth).toBeLessThan(300);
    expect(prepared.filename).toBe('big.jpg');
  });
});

describe("NHN's 5 MB limit", () => {
  it('is 5,000,000 bytes: a 5.1 MB PNG (under 5 MiB) is re-encoded, not forwarded', async () => {
    const noise = randomBytes(1310 * 1300 * 3);
    const bytes = new Uint8Array(
      await sharp(noise, { raw: { width: 1310, height: 1300, channels: 3 } })
        .png({ compressionLevel: 0 })
        .toBuffer(),
    );
    expect(bytes.byteLength).toBeGreaterThan(5_000_000);
    expect(bytes.byteLength).toBeLessThan(5 * 1024 * 1024);
    const prepared = await prepareForNhn({
      bytes,
      format: 'png',
      width: 1310,
      height: 1300,
      filename: 'p.png',
    });
    expect(prepared.converted).toMatch(/png re-encoded as jpeg/);
    expect(prepared.bytes.byteLength).toBeLessThanOrEqual(5_000_000);
  });

  it('refuses with a clear 413 when no downscale fits, instead of sending the oversize file', async () => {
    const bytes = new Uint8Array(
      await sharp(randomBytes(200 * 200 * 3), { raw: { width: 200, height: 200, channels: 3 } })
        .png()
        .toBuffer(),
    );
    // Smaller than any JPEG's own headers: no pass can meet it.
    const refusal = prepareForNhn({ bytes, format: 'png', width: 200, height: 200, filename: 'p.png' }, 100);
    await expect(refusal).rejects.toMatchObject({
      status: 413,
      resultCode: -41301,
      message: expect.stringMatching(/^This image cannot be made to fit NHN Cloud's 0 MB limit/),
    });
  });
});

describe('helpers', () => {
  it('maps coordinates from the sent image back to the original', () => {
    const result = {
      fileType: 'png',
      numberOfPerson: 1,
      keyPointList: [
        {
          personId: '0',
          inferKeypointList: [{ name: 'nose', part: 'body' as const, x: 50, y: 25, score: 0.9 }],
        },
      ],
    };
    const mapped = mapResultToOriginal(result, { width: 100, height: 50 }, { width: 400, height: 200 });
    expect(mapped.keyPointList[0]!.inferKeypointList[0]).toMatchObject({ x: 200, y: 100 });
  });

  it('renames extensions and sanitises client file names', () => {
    expect(renameExtension('holiday photo.webp', 'jpg')).toBe('holiday photo.jpg');
    expect(renameExtension(undefined, 'jpg')).toBe('image.jpg');
    expect(renameExtension('.hidden', 'jpg')).toBe('.hidden.jpg');
    expect(sanitiseFilename('C:\\Users\\me\\ok-1.jpg')).toBe('ok-1.jpg');
    expect(sanitiseFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFilename('a\u0000b\r\n"c".png')).toBe('a_b___c_.png');
    expect(sanitiseFilename('..')).toBeUndefined();
    const long = sanitiseFilename(`${'x'.repeat(300)}.jpeg`)!;
    expect(long).toHaveLength(120);
    expect(long.endsWith('.jpeg')).toBe(true);
  });
});
