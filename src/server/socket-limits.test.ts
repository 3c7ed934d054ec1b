import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { loadConfig } from './config';
import type { PoseProvider } from './providers/pose-provider';

// Limits as a raw TCP client sees them: a slow-loris body is cut off with 408 and the socket is
// closed; an oversized Content-Length is refused with 413 before the body is sent.

const neverCalled: PoseProvider = {
  name: 'local',
  analyse: () => Promise.reject(new Error('the provider must not be reached')),
  health: () => ({ ready: true }),
  close: async () => undefined,
};

let server: ServerType;
let port: number;

beforeAll(async () => {
  const config = loadConfig({ BODY_TIMEOUT_MS: '400', MAX_UPLOAD_BYTES: '4096', LOG_FORMAT: 'off' });
  const { app } = createApp({ config, provider: neverCalled });
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Sends `head`, then `trickle` one byte every `everyMs`; resolves with what came back once closed. */
function rawRequest(head: string, trickle: string, everyMs: number): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let i = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (i < trickle.length && socket.writable) socket.write(trickle[i++]!);
      }, everyMs);
    });
    socket.on('data', (d) => (text += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, ms: performance.now() - started });
    });
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`socket still open after 8 s; got: ${text.slice(0, 200)}`));
    }, 8000);
  });
}

describe('socket-level limits', () => {
  it('answers a slow-loris upload with 408 at BODY_TIMEOUT_MS and closes the socket', async () => {
    const body =
      '--b\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\n\r\n' + 'x'.repeat(2000);
    const head = `POST /api/pose HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: ${body.length + 10}\r\n\r\n`;
    const { text, ms } = await rawRequest(head, body, 100);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(text).toContain('-40801');
    expect(ms).toBeLessThan(5000);
  });

  it('refuses an oversized Content-Length with 413 without waiting for the body', async () => {
    const head = `POST /api/pose HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 50000000\r\n\r\n`;
    const { text, ms } = await rawRequest(head, 'x'.repeat(100), 50);
    expect(text).toMatch(/^HTTP\/1\.1 413/);
    expect(text).toMatch(/connection: close/i);
    expect(ms).toBeLessThan(5000);
  });
});
