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

/**
 * Sends `head`, then `trickle` one byte every `everyMs`; resolves once the server closed the
 * socket, with what came back and how many trickle bytes had been sent by then (the proof that
 * the server did not wait for the body; no clock is read).
 */
function rawRequest(head: string, trickle: string, everyMs: number): Promise<{ text: string; sent: number }> {
  return new Promise((resolve) => {
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
      resolve({ text, sent: i });
    });
  });
}

describe('socket-level limits', () => {
  it('answers a slow-loris upload with 408 at BODY_TIMEOUT_MS and closes the socket', async () => {
    const body =
      '--b\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\n\r\n' + 'x'.repeat(2000);
    const head = `POST /api/pose HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: ${body.length + 10}\r\n\r\n`;
    const { text, sent } = await rawRequest(head, body, 100);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(text).toContain('-40801');
    // Cut off mid-body: the client had sent only part of its 2000 bytes.
    expect(sent).toBeLessThan(body.length);
  });

  it('refuses an oversized Content-Length with 413 without waiting for the body', async () => {
    const head = `POST /api/pose HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 50000000\r\n\r\n`;
    const { text, sent } = await rawRequest(head, 'x'.repeat(100), 50);
    expect(text).toMatch(/^HTTP\/1\.1 413/);
    expect(text).toMatch(/connection: close/i);
    // Answered and closed before the client had sent its 100 body bytes.
    expect(sent).toBeLessThan(100);
  });
});
