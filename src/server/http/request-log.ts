import { redact } from './redact';

/** Where log lines go; tests pass an array-backed sink. */
export type LogSink = (line: string) => void;

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/** One structured line per request. No image bytes, no headers, no query values. */
export interface RequestLogEntry {
  id: string;
  method: string;
  path: string;
  status: number;
  provider?: 'local' | 'nhn';
  /** Total handling time, milliseconds. */
  durationMs: number;
  /** Per-stage milliseconds (upload, decode, queue, inference, upstream...). */
  timings?: Record<string, number>;
  bytesIn?: number;
  bytesOut?: number;
  resultCode?: number;
  persons?: number;
  error?: string;
}

export interface Logger {
  request(entry: RequestLogEntry): void;
  event(name: string, fields?: Record<string, unknown>): void;
}

export function createLogger(sink: LogSink | undefined, secrets: readonly string[]): Logger {
  const write = (record: Record<string, unknown>) => {
    if (!sink) return;
    // Redact the serialised line, so a secret can hide in no field, however it got there.
    sink(redact(JSON.stringify({ time: new Date().toISOString(), ...record }), secrets));
  };
  return {
    request: (entry) => write({ msg: 'request', ...entry }),
    event: (name, fields = {}) => write({ msg: name, ...fields }),
  };
}
