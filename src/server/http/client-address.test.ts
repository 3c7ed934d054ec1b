import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/server/config';
import { buildApp, fromSocket, imageForm, solidJpeg } from '@/server/testing/route-kit';
import { resolveClientAddress, type TrustProxy } from './client-address';

function trust(value: string): TrustProxy {
  return loadConfig({ TRUST_PROXY: value }).trustProxy;
}

describe('resolveClientAddress', () => {
  it('ignores X-Forwarded-For unless a proxy is trusted', () => {
    expect(resolveClientAddress('198.51.100.9', '1.2.3.4', trust('false'))).toBe('198.51.100.9');
    expect(resolveClientAddress('198.51.100.9', '1.2.3.4', trust(''))).toBe('198.51.100.9');
  });

  it('with n hops takes the n-th entry from the right, never the client-written left part', () => {
    // The client wrote "6.6.6.6"; our one proxy appended the address it saw (203.0.113.7).
    expect(resolveClientAddress('10.0.0.1', '6.6.6.6, 203.0.113.7', trust('1'))).toBe('203.0.113.7');
    expect(resolveClientAddress('10.0.0.1', '6.6.6.6, 203.0.113.7', trust('true'))).toBe('203.0.113.7');
    expect(resolveClientAddress('10.0.0.1', '6.6.6.6, 203.0.113.7, 10.0.0.2', trust('2'))).toBe(
      '203.0.113.7',
    );
  });

  it('with a list skips our proxies from the right and ignores the header from anyone else', () => {
    const proxies = trust('10.0.0.0/8, 192.0.2.1');
    expect(resolveClientAddress('10.0.0.1', '6.6.6.6, 203.0.113.7, 192.0.2.1', proxies)).toBe('203.0.113.7');
    // A peer that is not our proxy wrote the header itself.
    expect(resolveClientAddress('198.51.100.9', '203.0.113.7', proxies)).toBe('198.51.100.9');
    expect(resolveClientAddress('::ffff:10.0.0.1', '203.0.113.7', proxies)).toBe('203.0.113.7');
  });

  it('refuses a TRUST_PROXY it cannot read', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
  });
});

describe('rate limit behind a proxy (TRUST_PROXY=1)', () => {
  let jpeg: Uint8Array;
  beforeAll(async () => {
    jpeg = await solidJpeg();
  });

  it('cannot be evaded by writing a new X-Forwarded-For value per request', async () => {
    const { app } = buildApp({ RATE_LIMIT_PER_MIN: '2', TRUST_PROXY: '1' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await app.request(
        '/api/pose',
        {
          method: 'POST',
          body: imageForm(jpeg),
          // The client forges a fresh leftmost entry; the proxy appends what it really saw.
          headers: { 'x-forwarded-for': `6.6.6.${i}, 203.0.113.7` },
        },
        fromSocket('10.0.0.1'),
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
  });

  it('still tells two real clients apart', async () => {
    const { app } = buildApp({ RATE_LIMIT_PER_MIN: '1', TRUST_PROXY: '1' });
    const send = (client: string) =>
      app.request(
        '/api/pose',
        { method: 'POST', body: imageForm(jpeg), headers: { 'x-forwarded-for': client } },
        fromSocket('10.0.0.1'),
      );
    expect((await send('203.0.113.7')).status).toBe(200);
    expect((await send('203.0.113.8')).status).toBe(200);
    expect((await send('203.0.113.7')).status).toBe(429);
  });
});
