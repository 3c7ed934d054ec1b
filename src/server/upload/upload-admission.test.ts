import { beforeAll, describe, expect, it } from 'vitest';
import type { PoseProvider } from '@/server/providers/pose-provider';
import { buildApp, solidJpeg } from '@/server/testing/route-kit';

// Admission before buffering: past MAX_UPLOADS_IN_FLIGHT the answer is 503 + Retry-After and not
// one byte of the body is read (the body below is a stream that records whether it was pulled).

let jpeg: Uint8Array;
beforeAll(async () => {
  jpeg = await solidJpeg();
});

const BOUNDARY = 'posescope-admission';

function multipartBytes(): Uint8Array {
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  const tail = `\r\n--${BOUNDARY}--\r\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(head), Buffer.from(jpeg), Buffer.from(tail)]));
}

/** A request whose body says whether anybody started reading it. */
function trackedUpload(path = '/api/pose'): { request: Request; pulled: () => boolean } {
  let pulled = false;
  const bytes = multipartBytes();
  // highWaterMark 0: the stream is pulled only when somebody reads, never ahead.
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled = true;
        controller.enqueue(bytes);
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request(`http://127.0.0.1${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    duplex: 'half',
  } as RequestInit);
  return { request, pulled: () => pulled };
}

/** A provider whose analyses finish only when the test says so. */
function heldProvider(): PoseProvider & {
  started: number;
  finishAll: () => void;
  waitStarted: (n: number) => Promise<void>;
} {
  const finishers: Array<() => void> = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const provider = {
    name: 'local' as const,
    started: 0,
    analyse(image: { format: 'jpg' | 'png' | 'webp' | 'gif' | 'avif' | 'tiff' }) {
      provider.started += 1;
      for (const w of waiters.filter((w) => provider.started >= w.n)) w.resolve();
      return new Promise<Awaited<ReturnType<PoseProvider['analyse']>>>((resolve) => {
        finishers.push(() =>
          resolve({
            result: { fileType: image.format, numberOfPerson: 0, keyPointList: [] },
            meta: { provider: 'local', model: 'held' },
          }),
        );
      });
    },
    health: () => ({ ready: true }),
    close: async () => undefined,
    finishAll: () => finishers.splice(0).forEach((f) => f()),
    waitStarted: (n: number) =>
      provider.started >= n
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ n, resolve })),
  };
  return provider as PoseProvider & typeof provider;
}

describe('upload admission (MAX_UPLOADS_IN_FLIGHT)', () => {
  it('answers 503 + Retry-After past the bound without reading the body, then admits again', async () => {
    const provider = heldProvider();
    const { app, lines } = buildApp({ MAX_UPLOADS_IN_FLIGHT: '2' }, provider);
    const first = trackedUpload();
    const second = trackedUpload('/v1.0/appkeys/any/pose');
    const inFlight = [app.request(first.request), app.request(second.request)];
    await provider.waitStarted(2);

    const refused = trackedUpload();
    const res = await app.request(refused.request);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toMatchObject({
      header: {
        isSuccessful: false,
        resultCode: -50303,
        resultMessage: 'PoseScope is already receiving as many images as it can. Try again in a moment.',
      },
    });
    expect(refused.pulled()).toBe(false);
    expect(first.pulled() && second.pulled()).toBe(true);

    provider.finishAll();
    expect((await Promise.all(inFlight)).map((r) => r.status)).toEqual([200, 200]);
    const later = trackedUpload();
    const again = app.request(later.request);
    await provider.waitStarted(3);
    provider.finishAll();
    expect((await again).status).toBe(200);

    const refusedLog = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((r) => r.status === 503);
    expect(refusedLog).toMatchObject({ resultCode: -50303 });
    expect(refusedLog).not.toHaveProperty('bytesIn');
  });

  it('frees the slot when the request fails', async () => {
    const { app } = buildApp({ MAX_UPLOADS_IN_FLIGHT: '1' });
    const bad = await app.request('/api/pose', { method: 'POST', body: 'not multipart' });
    expect(bad.status).toBe(400);
    expect((await app.request(trackedUpload().request)).status).toBe(200);
  });

  it('reports the bound in /api/health', async () => {
    const { app } = buildApp({ MAX_UPLOADS_IN_FLIGHT: '3' });
    expect(await (await app.request('/api/health')).json()).toMatchObject({
      limits: { maxUploadsInFlight: 3 },
    });
  });
});
