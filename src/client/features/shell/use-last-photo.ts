import { useEffect, useMemo, useRef, useState } from 'react';
import type { PoseAnswer, PoseQueryOptions } from '@/client/api/post-pose';
import type { Analysis } from '@/client/features/analysis/use-analysis';

// Reload keeps the photo: each finished single-image result is saved to the local history, and
// on start the last one is shown again (as a stored result: no request is sent) until the user
// puts in another image. The history code is imported on demand, not with the first screen.

const lastPhoto = () => import('@/client/features/history/last-photo');

interface Restored {
  file: Blob;
  name: string;
  hash: string;
  url: string;
  answer: PoseAnswer;
}

/** The restored Analysis while it is shown, else undefined (the live one applies). */
export function useLastPhoto(
  analysis: Analysis,
  options: PoseQueryOptions | undefined,
): Analysis | undefined {
  const [restored, setRestored] = useState<Restored | undefined>(undefined);
  const pickedRef = useRef(false);
  pickedRef.current = analysis.image !== undefined;

  // Start: show the last photo, unless the user was quicker.
  useEffect(() => {
    let cancelled = false;
    void lastPhoto()
      .then((m) => (m.hasLastPhoto() ? m.loadLastPhoto() : undefined))
      .then((last) => {
        if (!last || cancelled || pickedRef.current) return;
        setRestored({ ...last, url: URL.createObjectURL(last.file) });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  // A new image replaces the restored one.
  const imageId = analysis.image?.id;
  useEffect(() => {
    if (imageId !== undefined) setRestored(undefined);
  }, [imageId]);
  useEffect(() => () => restored && URL.revokeObjectURL(restored.url), [restored]);

  // Save each finished result of a picked image (once per image and answer).
  const saved = useRef<PoseAnswer | undefined>(undefined);
  const { answer, image } = analysis;
  useEffect(() => {
    if (!answer || !image?.hash || saved.current === answer) return;
    saved.current = answer;
    const hash = image.hash;
    void lastPhoto()
      .then((m) => m.saveLastPhoto({ hash, file: image.file, name: image.name }, answer, options))
      .catch(() => undefined);
  }, [answer, image, options]);

  const { pickFile, dismiss } = analysis;
  // A file refused while the restored photo shows: its message shows over the kept photo.
  const fileError = analysis.error?.kind === 'file' ? analysis.error : undefined;
  return useMemo<Analysis | undefined>(
    () =>
      restored
        ? {
            // Negative id: never equal to a picked image's (those count up from 1).
            image: {
              id: -1_000_000,
              file: restored.file,
              name: restored.name,
              url: restored.url,
              hash: restored.hash,
            },
            phase: restored.answer.result.keyPointList.length === 0 ? 'empty' : 'done',
            progress: 1,
            answer: restored.answer,
            error: fileError,
            pickFile,
            retry: () => undefined,
            dismiss,
          }
        : undefined,
    [restored, pickFile, fileError, dismiss],
  );
}
