import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';
import { loadConfig } from './config';
import type { PoseProvider } from './providers/pose-provider';

// An oversized upload is refused from its Content-Length with 413 before the body is read; a
// client that keeps streaming its body must still read that 413 in full (no EPIPE/ECONNRESET),
// while the server only discards the rest (bounded in bytes and time, never buffered).

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const BODY_BYTES = 11 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x78);

const neverCalled: PoseProvider = {
  name: 'local',
  analyse: () => Promise.reject(new Error('the provider must not be reached')),
  health: () => ({ ready: true }),
  close: async () => undefined,
};

let server: ServerType;
let port: number;
/** Server-side sockets, to read how many bytes the server took off the wire. */
const serverSockets: Socket[] = [];

beforeAll(async () => {
  const config = loadConfig({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), LOG_FORMAT: 'off' });
  const { app } = createApp({ config, provider: neverCalled });
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  server.on('connection', (socket: Socket) => serverSockets.push(socket));
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Outcome {
  response: Buffer;
  /** A socket error the client saw (EPIPE/ECONNRESET), if any. */
  error: string | undefined;
  /** Body bytes the client had written when the connection closed. */
  sent: number;
  serverBytesRead: number;
}

/**
 * Streams `head` and then `bodyBytes` of body as fast as the socket takes it (honouring
 * back-pressure) or one chunk every `everyMs`; resolves with everything read once closed.
 */
function streamUpload(head: string, bodyBytes: number, everyMs = 0): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    // Half-open: keep sending after the server's FIN, like a client busy writing its body.
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const parts: Buffer[] = [];
    let error: string | undefined;
    let sent = 0;
    const pump = () => {
      while (sent < bodyBytes && socket.writable) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, bodyBytes - sent));
        sent += piece.length;
        const more = socket.write(piece);
        if (everyMs > 0) return void setTimeout(pump, everyMs);
        if (!more) return void socket.once('drain', pump);
      }
      // All sent: done on our side too (closes once the server's FIN has come).
      if (sent >= bodyBytes && socket.writable) socket.end();
    };
    socket.on('connect', () => {
      socket.write(head);
      pump();
    });
    socket.on('data', (d: Buffer) => parts.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => {
      clearTimeout(guard);
      const serverSocket = serverSockets.at(-1);
      resolve({
        response: Buffer.concat(parts),
        error,
        sent,
        serverBytesRead: serverSocket?.bytesRead ?? -1,
      });
    });
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error('socket still open after 15 s'));
    }, 15_000);
  });
}

function uploadHead(contentLength: number): string {
  return (
    'POST /api/pose HTTP/1.1\r\nHost: localhost\r\n' +
    'Content-Type: multipart/form-data; boundary=b\r\n' +
    `Content-Length: ${contentLength}\r\n\r\n`
  );
}

/** Splits a raw HTTP/1.1 answer; the body must be exactly Content-Length bytes of JSON. */
function parseAnswer(raw: Buffer): { status: number; headers: string; json: unknown } {
  const text = raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  expect(split).toBeGreaterThan(0);
  const headers = text.slice(0, split);
  const body = text.slice(split + 4);
  const length = /\r\ncontent-length: (\d+)/i.exec(headers)?.[1];
  expect(length).toBeDefined();
  expect(Buffer.byteLength(body)).toBe(Number(length));
  return { status: Number(headers.slice(9, 12)), headers, json: JSON.parse(body) };
}

describe('oversized upload (413) over a real socket', () => {
  it('an 11 MB body streamed at full speed gets the complete 413 envelope 10 times out of 10', async () => {
    for (let run = 0; run < 10; run++) {
      const outcome = await streamUpload(uploadHead(BODY_BYTES), BODY_BYTES);
      const answer = parseAnswer(outcome.response);
      expect(answer.status, `run ${run}: ${outcome.error ?? ''}`).toBe(413);
      expect(answer.headers).toMatch(/\r\nconnection: close/i);
      expect(answer.json).toMatchObject({
        header: { isSuccessful: false, resultCode: -41301 },
      });
      // The client finished sending: the server read (and dropped) the body, then closed cleanly.
      expect(outcome.error, `run ${run}`).toBeUndefined();
      expect(outcome.serverBytesRead).toBeLessThanOrEqual(BODY_BYTES + 1024);
    }
  }, 60_000);

  it('stops discarding after twice the limit: a 1 GB upload is cut off, the 413 still arrives', async () => {
    const declared = 1024 * 1024 * 1024;
    const outcome = await streamUpload(uploadHead(declared), declared);
    const answer = parseAnswer(outcome.response);
    expect(answer.status).toBe(413);
    // Budget 2 x 10 MB, plus what was in flight in the socket buffers when it was cut off.
    expect(outcome.serverBytesRead).toBeGreaterThan(2 * MAX_UPLOAD_BYTES);
    expect(outcome.serverBytesRead).toBeLessThan(2 * MAX_UPLOAD_BYTES + 8 * 1024 * 1024);
  }, 30_000);

  it('a slow client cannot hold the socket: closed after the linger time, the 413 still arrives', async () => {
    const outcome = await streamUpload(uploadHead(BODY_BYTES), BODY_BYTES, 100);
    const answer = parseAnswer(outcome.response);
    expect(answer.status).toBe(413);
    // One 64 KB chunk every 100 ms would need ~18 s for 11 MB: the server closed the socket
    // (after the linger time, http/linger-close.ts) long before the client was done. No clock is read here.
    expect(outcome.sent).toBeLessThan(BODY_BYTES / 2);
    expect(outcome.serverBytesRead).toBeLessThan(BODY_BYTES / 2);
  }, 30_000);
});
