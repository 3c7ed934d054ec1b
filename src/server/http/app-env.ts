import type { HttpBindings } from '@hono/node-server';
import type { StageTimings } from './server-timing';
import type { RequestLogEntry } from './request-log';

/** Per-request state shared by the middlewares and routes of the Hono app. */
export interface AppEnv {
  // Bindings are only present when served by @hono/node-server (absent in app.request() tests).
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    timings: StageTimings;
    /** Routes add what they know (provider, bytes, persons...) to the request's log line. */
    log: Partial<RequestLogEntry>;
  };
}
