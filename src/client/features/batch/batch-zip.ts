import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { PoseMeta, PoseResult } from '@/contract/pose-envelope';
import { exportCoco } from '@/pose/export-coco';
import { exportNhnJson } from '@/pose/export-nhn-json';

// The batch ZIP, streamed with fflate: files are added one by one (JSON deflated, PNGs stored
// since they are compressed already) and chunks are collected as they come, so the progress
// bar moves per file and no second copy of the whole archive is built in one step.
//   nhn/<name>.json          each image's normalised NHN envelope
//   coco-keypoints.json      one COCO keypoints file for all images
//   annotated/<name>.png     each image with its skeletons, full resolution

export interface ZipItem {
  fileName: string;
  width: number;
  height: number;
  result: PoseResult;
  meta: PoseMeta | undefined;
  /** The annotated PNG; undefined leaves it out (e.g. the original was not kept). */
  annotatedPng: () => Promise<Blob | undefined>;
}

/** "a.jpg", "a.jpg" -> "a", "a-2": safe, unique base names inside the archive. */
export function uniqueBaseNames(fileNames: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return fileNames.map((name) => {
    const base = (name.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'image').slice(0, 100);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

const encoder = new TextEncoder();

/** Builds the ZIP; onProgress gets 0..1 as files are added. */
export async function buildBatchZip(
  items: readonly ZipItem[],
  options: { threshold: number; onProgress?: (fraction: number) => void; signal?: AbortSignal },
): Promise<Blob> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let failure: Error | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    const zip = new Zip((err, chunk, final) => {
      if (err) {
        failure = err;
        reject(err);
        return;
      }
      chunks.push(new Uint8Array(chunk));
      if (final) resolve();
    });
    void (async () => {
      try {
        const names = uniqueBaseNames(items.map((i) => i.fileName));
        const total = items.length * 2 + 1;
        let doneSteps = 0;
        const step = () => options.onProgress?.(++doneSteps / total);
        const addText = (path: string, text: string) => {
          const f = new ZipDeflate(path, { level: 6 });
          zip.add(f);
          f.push(encoder.encode(text), true);
        };
        for (const [i, item] of items.entries()) {
          if (options.signal?.aborted) throw new Error('cancelled');
          addText(`nhn/${names[i]}.json`, exportNhnJson(item.result, item.meta));
          step();
          const png = await item.annotatedPng();
          if (png) {
            const f = new ZipPassThrough(`annotated/${names[i]}.png`);
            zip.add(f);
            f.push(new Uint8Array(await png.arrayBuffer()), true);
          }
          step();
          // Let the page paint the progress bar between images.
          await new Promise((r) => setTimeout(r, 0));
        }
        const coco = exportCoco(
          // Images of unknown size cannot be described in COCO (width/height are required).
          items
            .filter((it) => it.width > 0 && it.height > 0)
            .map((it) => ({
              fileName: it.fileName,
              width: it.width,
              height: it.height,
              result: it.result,
            })),
          { threshold: options.threshold },
        );
        addText('coco-keypoints.json', `${JSON.stringify(coco, null, 2)}\n`);
        step();
        zip.end();
      } catch (e) {
        zip.terminate();
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    })();
  });
  await finished;
  if (failure) throw failure;
  return new Blob(chunks, { type: 'application/zip' });
}
