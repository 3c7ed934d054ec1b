import { useCallback, useEffect, useRef } from 'react';
import type { Analysis } from '@/client/features/analysis/use-analysis';
import { CameraPanel } from './camera-panel';
import { frozenAnalysis } from './frozen-frame';
import type { LiveFrame } from './use-live-analysis';

// The live camera behind one lazily loaded component (app-shell.tsx imports it with React.lazy
// on the first click of "Camera"). It reports up what the viewer should show instead of the
// single image: the paused frame, or undefined. Picking a new image closes the camera.

export function CameraHost({
  single,
  provider,
  onFrozen,
  onClose,
}: {
  single: Analysis;
  provider: 'local' | 'nhn' | undefined;
  onFrozen: (analysis: Analysis | undefined) => void;
  onClose: () => void;
}) {
  const urlRef = useRef<string | undefined>(undefined);
  const { pickFile } = single;

  const release = useCallback(() => {
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    urlRef.current = undefined;
  }, []);

  const onFreeze = useCallback(
    (frame: LiveFrame | undefined) => {
      release();
      if (!frame) {
        onFrozen(undefined);
        return;
      }
      const url = URL.createObjectURL(frame.jpeg);
      urlRef.current = url;
      onFrozen(
        frozenAnalysis(
          frame,
          url,
          (file, name) => {
            onClose();
            pickFile(file, name);
          },
          new Date(),
        ),
      );
    },
    [onFrozen, onClose, pickFile, release],
  );

  // A new single image (pick, drop, paste) takes the viewer back.
  const singleId = single.image?.id;
  const first = useRef(singleId);
  useEffect(() => {
    if (singleId !== first.current) onClose();
  }, [singleId, onClose]);

  useEffect(
    () => () => {
      release();
      onFrozen(undefined);
    },
    [release, onFrozen],
  );

  return <CameraPanel provider={provider} onFreeze={onFreeze} onClose={onClose} />;
}
