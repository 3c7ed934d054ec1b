// Test inputs of the engine's tests: the real photos and their COCO-WholeBody ground truth in
// test-data/images (SOURCES.md), and image fixtures built in code (no binary files to keep in sync).
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { z } from 'zod';

const IMAGES = new URL('../../../test-data/images/', import.meta.url);

export function readTestImage(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, IMAGES)));
}

const GroundTruth = z.object({
  images: z.array(
    z.object({
      file: z.string(),
      persons: z.array(
        z.object({
          keypoints: z.array(z.object({ name: z.string(), part: z.string(), x: z.number(), y: z.number() })),
        }),
      ),
    }),
  ),
});

/** test-data/images/gt.json: labelled keypoints in image pixels per person and photo. */
export const gt = GroundTruth.parse(JSON.parse(readFileSync(new URL('gt.json', IMAGES), 'utf8')));

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A PNG whose header claims width x height pixels followed by a tiny IDAT: a decompression bomb
 * as far as any header check is concerned (decoding it would need width*height*3 bytes).
 */
export function pngHeaderOnly(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}
