import { describe, expect, it } from 'vitest';
import { checkImageFile, imageDimensions } from './file-checks';

// Headers written out byte by byte (no encoder): what the browser reads before uploading.

function png(width: number, height: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const dv = new DataView(b.buffer);
  dv.setUint32(16, width);
  dv.setUint32(20, height);
  return b;
}

function jpeg(width: number, height: number): Uint8Array<ArrayBuffer> {
  // SOI, an APP0 segment of 16 bytes, then SOF0 with height and width.
  return Uint8Array.from([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0x00,
    0x10,
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    0x01,
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00,
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
  ]);
}

describe('imageDimensions', () => {
  it('reads PNG and JPEG headers', () => {
    expect(imageDimensions(png(1, 1))).toEqual({ width: 1, height: 1 });
    expect(imageDimensions(png(641, 479))).toEqual({ width: 641, height: 479 });
    expect(imageDimensions(jpeg(640, 480))).toEqual({ width: 640, height: 480 });
    expect(imageDimensions(Uint8Array.from([1, 2, 3]))).toBeUndefined();
  });
});

describe('checkImageFile', () => {
  it('refuses an image under 32 px a side before upload, naming its size', async () => {
    const tiny = new Blob([png(1, 1)], { type: 'image/png' });
    expect(await checkImageFile(tiny, 1e6)).toEqual({
      kind: 'too-small',
      resultCode: -42203,
      width: 1,
      height: 1,
      min: 32,
    });
    const thin = new Blob([jpeg(400, 31)], { type: 'image/jpeg' });
    expect((await checkImageFile(thin, 1e6))?.kind).toBe('too-small');
    expect(await checkImageFile(new Blob([png(32, 32)], { type: 'image/png' }), 1e6)).toBeUndefined();
  });
});
