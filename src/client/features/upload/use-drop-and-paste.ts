import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { firstImageFile } from './file-checks';

// Page-wide drop target and document-level paste. A counter tracks dragenter/dragleave pairs,
// because leaving a child element fires dragleave on the page while still over it.

export interface DropHandlers {
  onDragEnter: (e: DragEvent) => void;
  onDragOver: (e: DragEvent) => void;
  onDragLeave: (e: DragEvent) => void;
  onDrop: (e: DragEvent) => void;
}

function carriesFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

export function useDropAndPaste(onFile: (file: File) => void): {
  dragActive: boolean;
  handlers: DropHandlers;
} {
  const [dragActive, setDragActive] = useState(false);
  const depth = useRef(0);

  const onDragEnter = useCallback((e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth.current += 1;
    setDragActive(true);
  }, []);
  const onDragOver = useCallback((e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    setDragActive(true);
  }, []);
  const onDragLeave = useCallback((e: DragEvent) => {
    if (!carriesFiles(e)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragActive(false);
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      e.preventDefault();
      depth.current = 0;
      setDragActive(false);
      const file = firstImageFile(e.dataTransfer?.files);
      if (file) onFile(file);
    },
    [onFile],
  );

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const files = e.clipboardData?.files;
      let file = firstImageFile(files);
      if (!file) {
        for (const item of Array.from(e.clipboardData?.items ?? [])) {
          if (item.kind === 'file') {
            const f = item.getAsFile();
            if (f) {
              file = f;
              break;
            }
          }
        }
      }
      if (!file) return; // Plain text paste (e.g. into the filter box) stays untouched.
      e.preventDefault();
      onFile(file);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [onFile]);

  return { dragActive, handlers: { onDragEnter, onDragOver, onDragLeave, onDrop } };
}
