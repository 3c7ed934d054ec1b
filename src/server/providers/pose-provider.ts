import type { PartGroup, PoseMeta, PoseResult } from '@/contract/pose-envelope';

/** What the request route hands to a provider, after the upload was read, sniffed and checked. */
export interface UploadedImage {
  bytes: Uint8Array;
  /** Sniffed from magic bytes, never from the file name or Content-Type. */
  format: 'jpg' | 'png' | 'webp' | 'gif' | 'avif' | 'tiff';
  /** Size after EXIF orientation: the frame every coordinate refers to. */
  width: number;
  height: number;
  filename?: string;
}

/** Per-request analysis options (query string of POST /api/pose). Providers ignore what they cannot do. */
export interface AnalyseOptions {
  /** Model input size of the embedded engine, in pixels. */
  inputSize?: 256 | 384 | 512;
  /** multipose: MoveNet MultiPose; topdown: person detector + single-person pose per crop. */
  mode?: 'multipose' | 'topdown';
  /** Which part groups to estimate; body is always included. */
  parts?: PartGroup[];
  /**
   * Embedded engine: fast = one MultiPose pass, balanced (default) = the top-down search,
   * accurate = the search looking harder plus the full hand model. NHN ignores it.
   */
  quality?: 'fast' | 'balanced' | 'accurate';
  signal?: AbortSignal;
}

export interface ProviderAnswer {
  result: PoseResult;
  meta: PoseMeta;
}

export interface PoseProvider {
  readonly name: 'local' | 'nhn';
  /** Throws PoseError (src/contract/pose-errors.ts) for every failure it can name. */
  analyse(image: UploadedImage, options: AnalyseOptions): Promise<ProviderAnswer>;
  /** Facts for GET /api/health (never a secret). */
  health(): Record<string, unknown>;
  close(): Promise<void>;
}
