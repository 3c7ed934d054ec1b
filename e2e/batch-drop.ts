import type { Page } from '@playwright/test';

/** A file to drop, carried into the page as base64. */
export interface DropFile {
  name: string;
  mime: string;
  base64: string;
}

/** Drops files on the batch drop zone as a real DataTransfer, the way a file manager does. */
export async function dropOnBatch(page: Page, files: DropFile[]): Promise<void> {
  const zone = await page.getByTestId('batch-drop-zone').elementHandle();
  if (!zone) throw new Error('no batch drop zone');
  await page.evaluate(
    ({ el, files }) => {
      const dt = new DataTransfer();
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: f.mime }));
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    },
    { el: zone, files },
  );
}
