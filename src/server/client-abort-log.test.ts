import { beforeAll, describe, expect, it } from 'vitest';
import { PoseError } from '@/contract/pose-errors';
import type { PoseProvider } from './providers/pose-provider';
import { buildApp, imageForm, solidJpeg } from './testing/route-kit';

let jpeg: Uint8Array;
beforeAll(async () => {
  jpeg = await solidJpeg();
});

/** Rejects like a provider does when the request's signal aborts: with `failure(reason)`. */
function providerFailingOnAbort(
  failure: (reason: unknown) => unknown,
): PoseProvider & { started: Promise<void> } {
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  return {
    name: 'nhn',
    started,
    analyse: (_image, options) =>
      new Promise((_, reject) => {
        markStarted();
        options.signal?.addEventListener('abort', () => reject(failure(options.signal?.reason)), {
          once: true,
        });
      }),
    health: () => ({ ready: true }),
    close: async () => undefined,
  };
}

describe('a client that goes away mid-request', () => {
  it.each([
    ['the abort reason itself', (reason: unknown) => reason],
    [
      'a PoseError raised because of it',
      () => new PoseError('UPSTREAM_TIMEOUT', 'The request was cancelled.'),
    ],
  ])('is logged as 499, not as a server error (%s)', async (_name, failure) => {
    const provider = providerFailingOnAbort(failure);
    const { app, lines } = buildApp({}, provider);
    const controller = new AbortController();
    const answer = app.request(
      new Request('http://127.0.0.1/api/pose', {
        method: 'POST',
        body: imageForm(jpeg),
        signal: controller.signal,
      }),
    );
    await provider.started;
    controller.abort(new Error('Client connection prematurely closed.'));
    const res = await answer;
    expect(res.status).toBe(499);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.filter((r) => r.msg === 'unhandled-error')).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        msg: 'request',
        path: '/api/pose',
        status: 499,
        error: 'client closed the request',
      }),
    ]);
    expect(records[0]).not.toHaveProperty('resultCode');
  });
});
