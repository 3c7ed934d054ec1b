import type { PoseSuccess } from '@/contract/pose-envelope';
import { exportSequenceCsv, exportSequenceJsonl, type PoseSequence } from '@/pose/pose-sequence';
import type { RecordedFrame } from './use-live-analysis';

// A recorded stretch of the live camera as a PoseSequence (src/pose/pose-sequence.ts), so it
// exports exactly like an analysed video: JSON Lines (one NHN envelope per frame plus frame,
// time and track ids) and CSV. The track ids are the live view's own (tracked as the frames
// came in), not recomputed, so the export names people as the screen did.

export function recordingToSequence(frames: readonly RecordedFrame[]): PoseSequence {
  return {
    frames: frames.map((f, index) => {
      const envelope: PoseSuccess = {
        header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
        result: f.answer.result,
        ...(f.answer.meta ? { meta: f.answer.meta } : {}),
      };
      return { index, time: f.time, envelope, trackIds: f.trackIds, colourIndices: f.colourIndices };
    }),
  };
}

export function recordingToJsonl(frames: readonly RecordedFrame[]): Blob {
  return new Blob([exportSequenceJsonl(recordingToSequence(frames))], { type: 'application/x-ndjson' });
}

export function recordingToCsv(frames: readonly RecordedFrame[]): Blob {
  return new Blob([exportSequenceCsv(recordingToSequence(frames))], { type: 'text/csv' });
}
