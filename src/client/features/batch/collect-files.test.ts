// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { collectDropped, judgeFile, type DroppedEntry } from './collect-files';

function fileEntry(path: string, content = 'x'): DroppedEntry {
  const name = path.split('/').pop()!;
  return {
    isFile: true,
    isDirectory: false,
    name,
    fullPath: `/${path}`,
    file: (ok) => ok(new File([content], name)),
  };
}

/** A directory whose reader answers in pages of `pageSize`, then an empty page (as Chromium does). */
function dirEntry(path: string, children: DroppedEntry[], pageSize = 2): DroppedEntry {
  return {
    isFile: false,
    isDirectory: true,
    name: path.split('/').pop()!,
    fullPath: `/${path}`,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok) => {
          const page = children.slice(at, at + pageSize);
          at += pageSize;
          ok(page);
        },
      };
    },
  };
}

describe('collectDropped', () => {
  it('walks folders (paged reads, nested) and keeps their relative paths', async () => {
    const trip = dirEntry('trip', [
      fileEntry('trip/c.jpg'),
      fileEntry('trip/a.jpg'),
      fileEntry('trip/b.txt'),
      dirEntry('trip/day2', [fileEntry('trip/day2/d.png')]),
    ]);
    const loose = fileEntry('z.webp');
    const items = [trip, loose].map((e) => ({
      kind: 'file',
      getAsFile: () => null,
      webkitGetAsEntry: () => e,
    }));
    const files = await collectDropped({ items, files: [] });
    expect(files.map((f) => f.path)).toEqual([
      'trip/a.jpg',
      'trip/b.txt',
      'trip/c.jpg',
      'trip/day2/d.png',
      'z.webp',
    ]);
    expect(files[0]!.file).toBeInstanceOf(File);
  });

  it('falls back to the flat file list without entry support', async () => {
    const f = new File(['x'], 'one.jpg');
    const files = await collectDropped({ items: [{ kind: 'file', getAsFile: () => f }], files: [f] });
    expect(files).toEqual([{ file: f, path: 'one.jpg' }]);
  });
});

describe('judgeFile', () => {
  it('says why a file is skipped', async () => {
    const jpegBytes = new Uint8Array(64);
    jpegBytes.set([0xff, 0xd8, 0xff]);
    expect(await judgeFile(new File([jpegBytes], 'a.jpg', { type: 'image/jpeg' }), 1000)).toEqual({
      ok: true,
    });
    expect(await judgeFile(new File(['%PDF'], 'a.pdf', { type: 'application/pdf' }), 1000)).toEqual({
      ok: false,
      reason: 'Not a JPEG, PNG or WebP image (application/pdf)',
    });
    expect(await judgeFile(new File([new Uint8Array(0)], 'e.jpg'), 1000)).toEqual({
      ok: false,
      reason: 'Empty file (0 bytes)',
    });
    expect(await judgeFile(new File([jpegBytes], 'big.jpg', { type: 'image/jpeg' }), 10)).toEqual({
      ok: false,
      reason: 'Too large: 64 B (limit 10 B)',
    });
    // Corrupt "image": right extension and type, wrong bytes.
    expect(await judgeFile(new File(['garbage'], 'bad.jpg', { type: 'image/jpeg' }), 1000)).toMatchObject({
      ok: false,
    });
  });
});
