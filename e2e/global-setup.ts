import { ensureFixtureImages } from './fixture-images';
import { ensureClips } from './make-clips';

// Runs after the web servers are up and before any spec: writes the generated test images and
// the video clips (ffmpeg, cached in .cache/clips).
export default async function globalSetup(): Promise<void> {
  await ensureFixtureImages();
  await ensureClips();
}
