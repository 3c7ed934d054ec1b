import sharp from 'sharp';
import type { PoseProvider, UploadedImage } from '@/server/providers/pose-provider';
import { createApp } from '@/server/app';
import { loadConfig } from '@/server/config';

// Shared by route tests that drive the real app through app.request(): a provider that records
// its calls and answers one person, a multipart builder and a small real JPEG.

export function recordingProvider(name: 'local' | 'nhn' = 'local'): PoseProvider & {
  calls: UploadedImage[];
} {
  const calls: UploadedImage[] = [];
  return {
    name,
    calls,
    analyse(image) {
      calls.push(image);
      return Promise.resolve({
        result: {
          fileType: image.format,
          numberOfPerson: 1,
          keyPointList: [
            {
              personId: '0',
              inferKeypointList: [{ name: 'nose', part: 'body', x: 1, y: 1, score: 0.9 }],
            },
          ],
        },
        meta: { provider: name, model: 'fake' },
      });
    },
    health: () => ({ ready: true, workers: 1 }),
    close: async () => undefined,
  };
}

export function buildApp<P extends PoseProvider = ReturnType<typeof recordingProvider>>(
  env: Record<string, string> = {},
  provider: P = recordingProvider() as unknown as P,
) {
  const lines: string[] = [];
  const config = loadConfig({ LOG_FORMAT: 'off', ...env });
  const { app } = createApp({ config, provider, logSink: (line) => lines.push(line) });
  return { app, provider, lines, config };
}

export function imageForm(bytes: Uint8Array, filename = 'photo.jpg'): FormData {
  const data = new FormData();
  data.append('image', new Blob([bytes as Uint8Array<ArrayBuffer>]), filename);
  return data;
}

export async function solidJpeg(width = 64, height = 48): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: '#a63' } })
      .jpeg()
      .toBuffer(),
  );
}

/** The Node bindings app.request() lacks: a socket whose peer is `remoteAddress`. */
export function fromSocket(remoteAddress: string) {
  return { incoming: { socket: { remoteAddress, remotePort: 40000, remoteFamily: 'IPv4' } } };
}
