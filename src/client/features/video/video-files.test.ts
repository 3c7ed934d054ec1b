import { describe, expect, it } from 'vitest';
import { angleRuns } from './angle-chart';
import { videoQueryOptions } from './use-video';
import { frameCacheKey, isVideoFile, MEDIA_ACCEPT, videoHash } from './video-files';

describe('isVideoFile', () => {
  it('knows videos by type, or by extension when the type is missing', () => {
    expect(isVideoFile(new File([], 'a.bin', { type: 'video/webm' }))).toBe(true);
    expect(isVideoFile(new File([], 'clip.MOV'))).toBe(true);
    expect(isVideoFile(new File([], 'clip.mkv', { type: 'application/octet-stream' }))).toBe(true);
    expect(isVideoFile(new File([], 'photo.jpg', { type: 'image/jpeg' }))).toBe(false);
    expect(isVideoFile(new File([], 'x.webm', { type: 'image/png' }))).toBe(false);
    expect(isVideoFile(new Blob([]), 'pasted.mp4')).toBe(true);
    expect(MEDIA_ACCEPT).toContain('video/*');
    expect(MEDIA_ACCEPT).toContain('image/*');
  });
});

describe('cache keys of frames', () => {
  it('key a frame by the clip hash and its time in microseconds', async () => {
    const a = await videoHash(new Blob(['clip one']));
    const b = await videoHash(new Blob(['clip two']));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(frameCacheKey(a, 0.2)).toBe(`video:${a}@200000us`);
    expect(frameCacheKey(a, 0.1 + 0.2)).toBe(frameCacheKey(a, 0.3));
  });
});

describe('videoQueryOptions', () => {
  it('asks the offline engine for quality=fast on body-only frames, and leaves NHN and explicit settings alone', () => {
    expect(videoQueryOptions({ parts: 'body' })).toEqual({ parts: 'body', quality: 'fast' });
    expect(videoQueryOptions({ parts: 'body,foot,face,hand', quality: 'accurate' })).toEqual({
      parts: 'body,foot,face,hand',
      quality: 'accurate',
    });
    expect(videoQueryOptions({ provider: 'nhn' })).toEqual({ provider: 'nhn' });
    expect(videoQueryOptions(undefined)).toBeUndefined();
  });
});

describe('angleRuns', () => {
  it('breaks the line where the angle is unknown', () => {
    const runs = angleRuns(
      [
        { time: 0, degrees: 180 },
        { time: 1, degrees: 90 },
        { time: 2, degrees: undefined },
        { time: 3, degrees: 0 },
      ],
      4,
    );
    expect(runs).toHaveLength(2);
    expect(runs[0]).toBe('30.0,8.0 101.0,55.0');
    expect(runs[1]).toBe('243.0,102.0');
  });
});
