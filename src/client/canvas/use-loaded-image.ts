import { useEffect, useState } from 'react';
import { bitmapDownscale } from '@/pose/geometry';

// Decodes the picked image for the canvas. An HTMLImageElement follows the file's EXIF
// orientation (CSS `image-orientation: from-image`, the default in every current browser), and
// so do its naturalWidth/naturalHeight and drawImage(): the same oriented frame our server's
// coordinates refer to.

export interface LoadedImage {
  /** Full-resolution, orientation-corrected source (PNG export draws this); a video's element. */
  full: HTMLImageElement | HTMLVideoElement;
  /**
   * What the live stage draws: `full`, or a smaller copy for huge photos (faster pans); for a
   * video, the <video> element at its current frame.
   */
  display: HTMLImageElement | HTMLCanvasElement | HTMLVideoElement;
  /** Oriented natural size in image pixels: the frame of the keypoint coordinates. */
  width: number;
  height: number;
}

export type ImageLoadState =
  | { status: 'none' }
  | { status: 'loading'; url: string }
  | { status: 'ready'; url: string; image: LoadedImage }
  | { status: 'error'; url: string };

/** Longest side of the live display copy (px): plenty for a 4K screen at 2x zoom-out. */
const DISPLAY_MAX_SIDE = 4096;

function displayCopy(img: HTMLImageElement): HTMLImageElement | HTMLCanvasElement {
  const w = img.naturalWidth;
  const h = img.naturalHeight;
  const factor = Math.min(
    bitmapDownscale(w, h),
    bitmapDownscale(w, h, { maxSide: DISPLAY_MAX_SIDE, maxArea: DISPLAY_MAX_SIDE * DISPLAY_MAX_SIDE }),
  );
  if (factor >= 1) return img;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(w * factor));
  canvas.height = Math.max(1, Math.round(h * factor));
  const ctx = canvas.getContext('2d');
  if (!ctx) return img;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas;
}

export function useLoadedImage(url: string | undefined): ImageLoadState {
  const [state, setState] = useState<ImageLoadState>({ status: 'none' });
  useEffect(() => {
    if (!url) {
      setState({ status: 'none' });
      return;
    }
    let cancelled = false;
    setState({ status: 'loading', url });
    const img = new Image();
    img.decoding = 'async';
    img.onload = () => {
      if (cancelled) return;
      if (!(img.naturalWidth > 0 && img.naturalHeight > 0)) {
        setState({ status: 'error', url });
        return;
      }
      setState({
        status: 'ready',
        url,
        image: { full: img, display: displayCopy(img), width: img.naturalWidth, height: img.naturalHeight },
      });
    };
    img.onerror = () => {
      if (!cancelled) setState({ status: 'error', url });
    };
    img.src = url;
    return () => {
      cancelled = true;
      img.onload = null;
      img.onerror = null;
    };
  }, [url]);
  return state;
}
