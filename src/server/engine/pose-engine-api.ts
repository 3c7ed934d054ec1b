import type { PoseMeta, PoseResult } from '@/contract/pose-envelope';
import type { AnalyseOptions } from '@/server/providers/pose-provider';

/** The embedded engine as the local provider sees it. Implemented by createPoseEngine(). */
export interface PoseEngine {
  /** Resolves once every worker has loaded its models and run a warm-up inference. */
  ready(): Promise<void>;
  /**
   * Decodes (with EXIF orientation), runs the models in a worker, and answers coordinates in the
   * oriented image's pixels. Throws PoseError: BUSY (queue full, with retryAfterSec),
   * ENGINE_TIMEOUT, UNDECODABLE_IMAGE, IMAGE_TOO_MANY_PIXELS, ENGINE_UNAVAILABLE.
   */
  estimate(image: Uint8Array, options: AnalyseOptions): Promise<{ result: PoseResult; meta: PoseMeta }>;
  stats(): { workers: number; busy: number; queued: number; ready: boolean; models: string[] };
  close(): Promise<void>;
}
