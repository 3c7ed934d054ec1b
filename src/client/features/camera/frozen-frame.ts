import type { Analysis } from '@/client/features/analysis/use-analysis';
import type { LiveFrame } from './use-live-analysis';

// A paused live frame as the inspector's input: the JPEG that was analysed is the image, its
// answer the result, so every tool (hover, select, angles, exports) works on it unchanged.
// People carry their track id as personId, so exports and the person list name the same
// people as the live view's numbers.

export function frozenAnalysis(
  frame: LiveFrame,
  url: string,
  pickFile: Analysis['pickFile'],
  takenAt: Date,
): Analysis {
  const result = {
    ...frame.answer.result,
    keyPointList: frame.answer.result.keyPointList.map((p, i) => ({
      ...p,
      personId: frame.trackIds[i] === undefined ? p.personId : String(frame.trackIds[i]),
    })),
  };
  const stamp = takenAt.toISOString().replace(/[:.]/g, '-');
  return {
    image: {
      // Negative and far from the batch's and the restored photo's ids.
      id: -2_000_000 - frame.seq,
      file: frame.jpeg,
      name: `camera-${stamp}.jpg`,
      url,
      hash: frame.answer.hash,
    },
    phase: result.keyPointList.length === 0 ? 'empty' : 'done',
    progress: 1,
    answer: { ...frame.answer, result },
    error: undefined,
    pickFile,
    retry: () => undefined,
    dismiss: () => undefined,
  };
}
