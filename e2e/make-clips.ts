import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { REAL_PHOTOS_DIR } from './fixture-images';

// Video clips made from the real test photos with Debian's ffmpeg (/usr/bin/ffmpeg; .ci/run
// installs it), for the video e2e story (WebM), the bench (720p WebM) and Chromium's fake camera
// (--use-file-for-fake-video-capture takes .y4m or .mjpeg). Each photo is scaled to fit the
// clip's frame (aspect kept, centred on grey) and held for a known time, optionally sliding
// sideways, so a test knows which photo shows when and where its pixels land. Clips are cached in
// .cache/clips/ (git-ignored) under a hash of their spec; Playwright empties test-results/.

const here = dirname(fileURLToPath(import.meta.url));
export const CLIPS_DIR = resolve(here, '..', '.cache', 'clips');
export const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';

const run = promisify(execFile);

export type ClipFormat = 'webm' | 'y4m' | 'mjpeg';

export interface ClipSegment {
  /** A file in test-data/images (or an absolute path). */
  photo: string;
  /** How long it shows (seconds). */
  seconds: number;
  /** Horizontal slide over the segment: the photo's left edge moves by this many clip pixels. */
  slideX?: number;
}

export interface ClipSpec {
  width: number;
  height: number;
  /** The clip's own frame rate. */
  fps: number;
  segments: readonly ClipSegment[];
}

/** Where a segment's photo lies in the clip: clip = photo * scale + offset (offset at time t). */
export interface Placement {
  photo: string;
  /** Seconds, the segment's start (inclusive) and end (exclusive). */
  start: number;
  end: number;
  photoWidth: number;
  photoHeight: number;
  scale: number;
  /** Clip pixels of the photo's top-left corner at the segment's start. */
  offsetX: number;
  offsetY: number;
  /** Horizontal speed of the photo (clip pixels per second); 0 for a still segment. */
  speedX: number;
}

export interface Clip {
  path: string;
  spec: ClipSpec;
  placements: Placement[];
  duration: number;
}

/** Maps a photo pixel to the clip pixel at time t (seconds, within the placement). */
export function photoToClip(p: Placement, x: number, y: number, t: number): { x: number; y: number } {
  return { x: x * p.scale + p.offsetX + p.speedX * (t - p.start), y: y * p.scale + p.offsetY };
}

/** The placement showing at time t, if any. */
export function placementAt(clip: Clip, t: number): Placement | undefined {
  return clip.placements.find((p) => t >= p.start && t < p.end);
}

const BACKGROUND = { r: 110, g: 110, b: 110 };

function photoPath(photo: string): string {
  return photo.startsWith('/') ? photo : join(REAL_PHOTOS_DIR, photo);
}

async function placements(spec: ClipSpec): Promise<Placement[]> {
  let start = 0;
  const out: Placement[] = [];
  for (const seg of spec.segments) {
    const meta = await sharp(photoPath(seg.photo)).metadata();
    const w = meta.width ?? 0;
    const h = meta.height ?? 0;
    if (!(w > 0 && h > 0)) throw new Error(`cannot read the size of ${seg.photo}`);
    const slide = seg.slideX ?? 0;
    // A sliding photo is scaled to leave room for its slide inside the frame.
    const scale = Math.min((spec.width - Math.abs(slide)) / w, spec.height / h);
    const rw = Math.round(w * scale);
    const rh = Math.round(h * scale);
    const offsetX = Math.round((spec.width - Math.abs(slide) - rw) / 2) + (slide < 0 ? -slide : 0);
    const offsetY = Math.round((spec.height - rh) / 2);
    out.push({
      photo: seg.photo,
      start,
      end: start + seg.seconds,
      photoWidth: w,
      photoHeight: h,
      // The exact scale of the resized pixels, per axis averaged (rounding to whole pixels).
      scale: (rw / w + rh / h) / 2,
      offsetX,
      offsetY,
      speedX: slide / seg.seconds,
    });
    start += seg.seconds;
  }
  return out;
}

const ENCODERS: Record<ClipFormat, string[]> = {
  // VP8 at real-time speed: quick to make, decoded by every Chromium; a key frame each second
  // keeps seeks cheap.
  webm: ['-c:v', 'libvpx', '-b:v', '2M', '-deadline', 'realtime', '-cpu-used', '8', '-f', 'webm'],
  y4m: ['-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe'],
  mjpeg: ['-c:v', 'mjpeg', '-q:v', '3', '-f', 'mjpeg'],
};

/**
 * Makes (or finds in the cache) a clip of the spec in the format. Photos are resized with sharp
 * (exact placement known) and composed by ffmpeg: each segment a looped still overlaid on grey,
 * sliding when asked, then concatenated.
 */
export async function makeClip(spec: ClipSpec, format: ClipFormat, name = 'clip'): Promise<Clip> {
  const place = await placements(spec);
  const duration = place.at(-1)?.end ?? 0;
  const key = createHash('sha256')
    .update(JSON.stringify({ spec, format, v: 1 }))
    .digest('hex')
    .slice(0, 12);
  mkdirSync(CLIPS_DIR, { recursive: true });
  const path = join(CLIPS_DIR, `${name}-${key}.${format}`);
  const clip: Clip = { path, spec, placements: place, duration };
  if (existsSync(path)) return clip;

  const work = join(CLIPS_DIR, `work-${key}-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    const inputs: string[] = [];
    const chains: string[] = [];
    for (const [i, p] of place.entries()) {
      const still = join(work, `still-${i}.png`);
      await sharp(photoPath(p.photo))
        .resize(Math.round(p.photoWidth * p.scale), Math.round(p.photoHeight * p.scale), { fit: 'fill' })
        .png()
        .toFile(still);
      const seconds = p.end - p.start;
      inputs.push('-loop', '1', '-framerate', String(spec.fps), '-t', String(seconds), '-i', still);
      const bg = `color=c=0x${[BACKGROUND.r, BACKGROUND.g, BACKGROUND.b].map((c) => c.toString(16).padStart(2, '0')).join('')}:s=${spec.width}x${spec.height}:r=${spec.fps}:d=${seconds}`;
      chains.push(
        `${bg}[bg${i}]`,
        `[bg${i}][${i}:v]overlay=x='${p.offsetX}+${p.speedX}*t':y=${p.offsetY}:eof_action=pass,setsar=1,format=yuv420p[s${i}]`,
      );
    }
    const concat = `${place.map((_, i) => `[s${i}]`).join('')}concat=n=${place.length}:v=1:a=0[out]`;
    const tmp = join(work, `out.${format}`);
    await run(
      FFMPEG,
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        ...inputs,
        '-filter_complex',
        [...chains, concat].join(';'),
        '-map',
        '[out]',
        '-r',
        String(spec.fps),
        '-g',
        String(spec.fps),
        ...ENCODERS[format],
        tmp,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    renameSync(tmp, path);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return clip;
}

/**
 * The video story's clip: four COCO photos with ground truth, 2 s each, then the first one again
 * sliding 160 px to the right over 2 s (a person moving across the frame); 640x480, 10 frames/s.
 */
export const PHOTO_CLIP_SPEC: ClipSpec = {
  width: 640,
  height: 480,
  fps: 10,
  segments: [
    { photo: '000000000785.jpg', seconds: 2 },
    { photo: '000000040083.jpg', seconds: 2 },
    { photo: '000000196141.jpg', seconds: 2 },
    { photo: '000000197388.jpg', seconds: 2 },
    { photo: '000000000785.jpg', seconds: 2, slideX: 160 },
  ],
};

/**
 * A clip for Chromium's fake camera: the photos in turn, `seconds` each, at 640x480 (the live
 * target's size) and 15 frames/s. Chromium loops the file. MJPEG is small; y4m is what older
 * Chromium builds need.
 */
export function makeFakeCameraClip(
  photos: readonly string[] = ['000000000785.jpg', 'messi5.jpg'],
  seconds = 3,
  format: 'y4m' | 'mjpeg' = 'mjpeg',
): Promise<Clip> {
  return makeClip(
    { width: 640, height: 480, fps: 15, segments: photos.map((photo) => ({ photo, seconds })) },
    format,
    'camera',
  );
}

/** Every clip the e2e stories use, made once (cached): called by global-setup.ts. */
export async function ensureClips(): Promise<void> {
  await makeClip(PHOTO_CLIP_SPEC, 'webm', 'photos');
  await makeFakeCameraClip();
}
