// A stand-in for the browser's XMLHttpRequest in component tests (jsdom's own would try the
// network). It records every request and lets the test drive upload progress and the answer.

type Handler = ((ev: ProgressEvent) => void) | null;

export class FakeXhr {
  static instances: FakeXhr[] = [];

  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  timeout = 0;
  status = 0;
  responseText = '';
  aborted = false;
  responseHeaders: Record<string, string> = {};

  onload: Handler = null;
  onerror: Handler = null;
  ontimeout: Handler = null;
  onabort: Handler = null;
  upload: { onprogress: Handler; onload: Handler } = { onprogress: null, onload: null };

  constructor() {
    FakeXhr.instances.push(this);
  }

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }

  send(body: unknown): void {
    this.body = body;
  }

  abort(): void {
    this.aborted = true;
    this.onabort?.(new ProgressEvent('abort'));
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }

  /** Upload progress: `loaded` of `total` bytes sent. */
  progress(loaded: number, total: number): void {
    this.upload.onprogress?.(new ProgressEvent('progress', { lengthComputable: true, loaded, total }));
  }

  /** The body has been sent completely. */
  uploadDone(): void {
    this.upload.onload?.(new ProgressEvent('load'));
  }

  respond(status: number, body: string | object, headers: Record<string, string> = {}): void {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.responseHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    this.onload?.(new ProgressEvent('load'));
  }

  failNetwork(): void {
    this.onerror?.(new ProgressEvent('error'));
  }

  static latest(): FakeXhr {
    const x = FakeXhr.instances.at(-1);
    if (!x) throw new Error('no XMLHttpRequest was made');
    return x;
  }

  static reset(): void {
    FakeXhr.instances = [];
  }
}
