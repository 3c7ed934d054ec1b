// The worker's side of decoding: sharp errors become codes the main thread turns into PoseErrors
// (an Error subclass does not survive postMessage with its fields).
import { PoseError } from '../../contract/pose-errors';
import { decodeOriented, type DecodedImage } from './image-decode';

export interface WorkerDecodeError {
  code: 'UNDECODABLE_IMAGE' | 'IMAGE_TOO_MANY_PIXELS';
  message: string;
}

export async function decodeImageForWorker(
  bytes: Uint8Array,
  maxSide: number,
  maxPixels: number,
): Promise<DecodedImage | WorkerDecodeError> {
  try {
    return await decodeOriented(bytes, maxSide, maxPixels);
  } catch (error) {
    if (
      error instanceof PoseError &&
      (error.code === 'UNDECODABLE_IMAGE' || error.code === 'IMAGE_TOO_MANY_PIXELS')
    ) {
      return { code: error.code, message: error.message };
    }
    throw error;
  }
}
