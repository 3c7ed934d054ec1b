import { useCallback, useEffect, useRef, useState } from 'react';
import {
  PoseRequestError,
  sha256Hex,
  usePoseMutation,
  type PoseAnswer,
  type PoseQueryOptions,
  type UploadProgress,
} from '@/client/api/post-pose';
import { optionsKey } from '@/client/features/history/result-cache-keys';
import { checkImageFile, type FileProblem } from '@/client/features/upload/file-checks';

// The upload flow: show the picked image at once (object URL), hash it, send it, track
// progress, and make sure an answer is only ever shown over the image it belongs to.
// New analysis options (parts, quality) re-analyse the shown image; its last answer stays
// drawn until the new one arrives.

export interface CurrentImage {
  /** Increments per picked image: tells two picks of the same file apart. */
  id: number;
  file: Blob;
  name: string;
  url: string;
  /** SHA-256 hex, once computed. */
  hash: string | undefined;
}

export type AnalysisPhase = 'idle' | 'uploading' | 'analysing' | 'done' | 'error' | 'empty';

export type AnalysisError =
  | { kind: 'file'; problem: FileProblem; fileName: string; size: number }
  | { kind: 'request'; error: PoseRequestError | Error };

export interface Analysis {
  image: CurrentImage | undefined;
  phase: AnalysisPhase;
  /** Upload fraction 0..1 while uploading. */
  progress: number;
  answer: PoseAnswer | undefined;
  error: AnalysisError | undefined;
  pickFile: (file: File | Blob, name?: string) => void;
  retry: () => void;
  /** Closes the message: a refused file's, or a failed request's (the image stays). */
  dismiss: () => void;
}

/**
 * @param options query options sent with every analysis (undefined: none). Pass a stable
 * object (memoised): a change of its content re-analyses the current image.
 */
export function useAnalysis(maxUploadBytes: number, options?: PoseQueryOptions): Analysis {
  const mutation = usePoseMutation();
  const { mutate, reset } = mutation;
  const [image, setImage] = useState<CurrentImage | undefined>(undefined);
  const [progress, setProgress] = useState<UploadProgress>({ phase: 'uploading', fraction: 0 });
  const [fileError, setFileError] = useState<AnalysisError | undefined>(undefined);
  // The last successful answer and the image it belongs to: it stays on screen while the same
  // image is re-analysed with other options, and is dropped when another image is picked.
  const [settled, setSettled] = useState<{ imageId: number; answer: PoseAnswer } | undefined>(undefined);
  const abortRef = useRef<AbortController | undefined>(undefined);
  const nextId = useRef(1);
  // Counts picks: each pick's async file check may resolve after a later pick's; only the latest
  // pick may change the screen (latest wins, whatever order the checks finish in).
  const pickSeq = useRef(0);
  const imageRef = useRef<CurrentImage | undefined>(undefined);
  const optionsRef = useRef(options);
  // optionsKey of the request last started for the current image.
  const sentKeyRef = useRef<string | undefined>(undefined);

  const analyse = useCallback(
    (img: CurrentImage) => {
      abortRef.current?.abort();
      const ac = new AbortController();
      abortRef.current = ac;
      reset();
      setProgress({ phase: 'uploading', fraction: 0 });
      const requestOptions = optionsRef.current;
      sentKeyRef.current = optionsKey(requestOptions);
      const send = (hash: string) => {
        if (ac.signal.aborted) return;
        mutate(
          {
            file: img.file,
            fileName: img.name,
            hash,
            ...(requestOptions ? { options: requestOptions } : {}),
            signal: ac.signal,
            onProgress: (p) => {
              if (!ac.signal.aborted) setProgress(p);
            },
          },
          {
            onSuccess: (answer) => {
              if (!ac.signal.aborted && imageRef.current?.id === img.id) {
                setSettled({ imageId: img.id, answer });
              }
            },
          },
        );
      };
      if (img.hash) {
        send(img.hash);
        return;
      }
      // An unreadable file still gets a key (its id), so the flow can never stall here.
      void sha256Hex(img.file)
        .catch(() => `image-${img.id}`)
        .then((hash) => {
          if (ac.signal.aborted || imageRef.current?.id !== img.id) return;
          const withHash = { ...img, hash };
          imageRef.current = withHash;
          setImage(withHash);
          send(hash);
        });
    },
    [mutate, reset],
  );

  const pickFile = useCallback(
    (file: File | Blob, name?: string) => {
      const fileName = name ?? (file instanceof File ? file.name : 'image');
      const seq = ++pickSeq.current;
      void checkImageFile(file, maxUploadBytes).then((problem) => {
        if (seq !== pickSeq.current) return;
        if (problem) {
          // The current image and its result stay; only the message is new.
          setFileError({ kind: 'file', problem, fileName, size: file.size });
          return;
        }
        setFileError(undefined);
        const prev = imageRef.current;
        if (prev) URL.revokeObjectURL(prev.url);
        const img: CurrentImage = {
          id: nextId.current++,
          file,
          name: fileName,
          url: URL.createObjectURL(file),
          hash: undefined,
        };
        imageRef.current = img;
        setImage(img);
        setSettled(undefined);
        analyse(img);
      });
    },
    [analyse, maxUploadBytes],
  );

  const dismiss = useCallback(() => {
    setFileError(undefined);
    if (!fileErrorRef.current) reset();
    fileErrorRef.current = false;
  }, [reset]);
  const fileErrorRef = useRef(false);
  fileErrorRef.current = fileError !== undefined;

  const retry = useCallback(() => {
    setFileError(undefined);
    const img = imageRef.current;
    if (img) analyse(img);
  }, [analyse]);

  // New options: the image on screen is analysed again with them (the request in flight, if
  // any, is cancelled). Nothing happens before the first image or when the content is equal.
  useEffect(() => {
    optionsRef.current = options;
    const img = imageRef.current;
    if (img && sentKeyRef.current !== optionsKey(options)) {
      setFileError(undefined);
      analyse(img);
    }
  }, [options, analyse]);

  // Unmount: stop the request and free the object URL.
  useEffect(
    () => () => {
      abortRef.current?.abort();
      if (imageRef.current) URL.revokeObjectURL(imageRef.current.url);
    },
    [],
  );

  const answer =
    settled && image && settled.imageId === image.id && settled.answer.hash === image.hash
      ? settled.answer
      : undefined;
  const requestError =
    mutation.isError && !(mutation.error instanceof PoseRequestError && mutation.error.kind === 'aborted')
      ? mutation.error
      : undefined;
  // A request is under way: a new image (hashing, then the mutation) or a re-analysis.
  const inFlight = image !== undefined && (mutation.isPending || (!answer && !mutation.isError));

  let phase: AnalysisPhase = 'idle';
  let error: AnalysisError | undefined = fileError;
  // A refused file is only an error state when nothing else is on screen; over an earlier
  // image, that image and its result stay as they were and the refusal is a dismissable note.
  if (fileError && !image) phase = 'error';
  else if (fileError) phase = answer ? (answer.result.keyPointList.length === 0 ? 'empty' : 'done') : 'idle';
  else if (requestError) {
    phase = 'error';
    error = { kind: 'request', error: requestError };
  } else if (inFlight) phase = progress.phase;
  else if (answer) phase = answer.result.keyPointList.length === 0 ? 'empty' : 'done';
  else if (image) phase = progress.phase;

  return { image, phase, progress: progress.fraction, answer, error, pickFile, retry, dismiss };
}
