import { ensureFixtureImages } from './fixture-images';

// Runs after the web servers are up and before any spec: writes the generated test images.
export default async function globalSetup(): Promise<void> {
  await ensureFixtureImages();
}
