import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PoseSuccess } from '@/contract/pose-envelope';
import { PoseError } from '@/contract/pose-errors';
import { createApp } from '@/server/app';
import { loadConfig } from '@/server/config';
import { createPoseEngine } from '@/server/engine/pose-engine';
import { createLocalProvider } from './local-provider';

// The local provider with the REAL embedded engine (one worker, multipose only, to keep CI light),
// driven through the app like a browser would.

const photo = readFileSync(join(import.meta.dirname, '..', '..', '..', 'test-data', 'images', 'messi5.jpg'));
const provider = createLocalProvider(async () => createPoseEngine({ workers: 1, topdown: false }));

afterAll(async () => {
  await provider.close();
});

describe('local provider (real engine)', () => {
  it('analyses a real photo through POST /api/pose and answers image-pixel coordinates', async () => {
    const { app } = createApp({ config: loadConfig({ LOG_FORMAT: 'off' }), provider });
    const data = new FormData();
    data.append('image', new Blob([photo]), 'messi5.jpg');
    const res = await app.request('/api/pose', { method: 'POST', body: data });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-pose-provider')).toBe('local');
    expect(res.headers.get('server-timing')).toMatch(/inference;dur=/);
    const body = PoseSuccess.parse(await res.json());
    expect(body.meta).toMatchObject({ provider: 'local', imageWidth: 548, imageHeight: 342 });
    expect(body.result.numberOfPerson).toBeGreaterThanOrEqual(1);
    const nose = body.result.keyPointList[0]!.inferKeypointList.find((k) => k.name === 'nose')!;
    expect(nose.x).toBeGreaterThan(0);
    expect(nose.x).toBeLessThan(548);
    expect(nose.y).toBeLessThan(342);
    expect(provider.health()).toMatchObject({ ready: true, workers: 1 });

    const compat = new FormData();
    compat.append('image', new Blob([photo]), 'sample.jpg');
    const nhnPath = await app.request('/v1.0/appkeys/any/pose', { method: 'POST', body: compat });
    expect(nhnPath.status).toBe(200);
    expect(PoseSuccess.parse(await nhnPath.json()).result.numberOfPerson).toBe(body.result.numberOfPerson);
  }, 60_000);

  it('keeps the server up and answers 503 with the reason when the engine cannot load', async () => {
    const broken = createLocalProvider(async () => {
      throw new Error('models missing in .cache/models');
    });
    await expect(
      broken.analyse({ bytes: new Uint8Array(photo), format: 'jpg', width: 548, height: 342 }, {}),
    ).rejects.toSatisfy(
      (e) => e instanceof PoseError && e.code === 'ENGINE_UNAVAILABLE' && /models missing/.test(e.message),
    );
    expect(broken.health()).toMatchObject({ ready: false, reason: expect.stringMatching(/models missing/) });
  });
});
