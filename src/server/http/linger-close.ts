import type { IncomingMessage } from 'node:http';

/** Never discard more than this after a refusal, bytes (whatever the upload limit). */
export const LINGER_MAX_BYTES_CAP = 64 * 1024 * 1024;
/** A refused client gets at most this long to finish sending before the socket is destroyed, ms. */
export const LINGER_MAX_MS = 3_000;

/** Bytes a refused upload may still send: twice the limit, at most 64 MB. */
export function lingerBudgetBytes(limitBytes: number): number {
  return Math.min(2 * limitBytes, LINGER_MAX_BYTES_CAP);
}

export interface LingerOptions {
  /** Stop discarding (destroy the socket) once this many more bytes have arrived. */
  maxBytes: number;
  /** ...or once this long has passed since the refusal, ms. */
  maxMs: number;
}

/**
 * "Lingering close" for an answer sent with `Connection: close` before the request body was read
 * (413). Node would destroy the socket right after the answer; a client that is still streaming
 * its body then gets a TCP reset, which can discard the 413 it has not read yet (EPIPE/ECONNRESET
 * instead of the envelope). Instead: read and drop the rest of the body chunk by chunk (nothing is
 * kept, memory stays flat), half-close after the answer (FIN, the read side stays open: Node's
 * HTTP server allows half-open sockets), and destroy the socket once the body is complete, once
 * `maxBytes` more have arrived or after `maxMs` (a slow-loris cannot hold the socket).
 *
 * Call it before the answer is written. It replaces `destroySoon` on this one socket: that is what
 * Node's HTTP server calls once a `Connection: close` answer is finished (and what
 * @hono/node-server's own 500 ms drain fallback calls).
 */
export function lingerBeforeClose(incoming: IncomingMessage | undefined, options: LingerOptions): void {
  const socket = incoming?.socket;
  if (!incoming || !socket || socket.destroyed || incoming.readableEnded) return;
  const destroySoon = socket.destroySoon.bind(socket);
  let answered = false;
  let discarded = 0;
  const stop = () => {
    clearTimeout(deadline);
    incoming.off('data', onData);
    incoming.off('end', onEnd);
  };
  const close = () => {
    stop();
    socket.destroy();
  };
  const onData = (chunk: Buffer) => {
    discarded += chunk.byteLength;
    if (discarded > options.maxBytes) close();
  };
  // The whole body arrived: once the answer is out there is nothing left to wait for.
  const onEnd = () => {
    stop();
    if (answered) socket.destroy();
  };
  const deadline = setTimeout(close, options.maxMs);
  deadline.unref();
  socket.once('close', stop);
  incoming.on('data', onData);
  incoming.once('end', onEnd);
  socket.destroySoon = () => {
    if (answered) return;
    answered = true;
    if (incoming.readableEnded) return destroySoon();
    // Flushes the answer, then FIN; reading goes on until onEnd, onData's limit or the deadline.
    socket.end();
  };
}
