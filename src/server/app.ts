import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { rateLimiter } from 'hono-rate-limiter';
import { PoseError } from '@/contract/pose-errors';
import type { ServerConfig } from './config';
import { createSessionCookies, safeEqual, type SessionCookies } from './http/access-session';
import type { AppEnv } from './http/app-env';
import { errorResponse, internalErrorResponse } from './http/error-response';
import { clientAddress } from './http/client-address';
import { describeError } from './http/redact';
import { SignInGuard } from './http/sign-in-guard';
import { createLogger, stdoutSink, type LogSink, type Logger } from './http/request-log';
import { StageTimings } from './http/server-timing';
import type { PoseProvider } from './providers/pose-provider';
import { healthRoute } from './routes/health-route';
import { nhnCompatRoute } from './routes/nhn-compat-route';
import { poseRoute } from './routes/pose-route';
import { createProviderChoice } from './routes/provider-choice';
import { sessionRoute } from './routes/session-route';
import { UploadAdmission } from './upload/upload-admission';

export interface AppDeps {
  config: ServerConfig;
  /** Answers POST /api/pose (NHN or the embedded engine, per config). */
  provider: PoseProvider;
  /** The embedded engine for the NHN-compatible route and ?provider=local; called lazily on first use. */
  localProvider?: () => PoseProvider | undefined;
  /** The NHN client for ?provider=nhn, when both NHN keys are configured; called lazily. */
  nhnProvider?: (() => PoseProvider) | undefined;
  /** Built client to serve with an SPA fallback (production); absent in dev and tests. */
  staticRoot?: string;
  /** Where JSON log lines go; defaults to stdout when config.logFormat is json. */
  logSink?: LogSink;
  sessions?: SessionCookies;
  /** Uploads in flight (tests inject one to read its counters). */
  uploadAdmission?: UploadAdmission;
  /** Passcode guessing budget (tests inject one with a fake clock). */
  signInGuard?: SignInGuard;
}

export interface PoseScopeApp {
  app: Hono<AppEnv>;
  logger: Logger;
}

const API_PATH = /^\/(api|v1\.0)(\/|$)/;
/** nginx's status for a request whose client closed the connection before the answer. */
const CLIENT_CLOSED_REQUEST = 499;

/** Content-Security-Policy: no inline or foreign scripts; React/Konva set styles via CSSOM. */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Style attributes written into the HTML (and some libraries' injected <style>) need this;
  // scripts stay strict, which is what matters against XSS.
  styleSrc: ["'self'", "'unsafe-inline'"],
  // blob: for the dropped image shown before the answer; data: for small inline icons.
  imgSrc: ["'self'", 'blob:', 'data:'],
  // blob: for a dropped video file, played (and its frames read) from an object URL.
  mediaSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** An Origin header naming neither this server nor a PUBLIC_ORIGIN ("null" counts as foreign). */
function isForeignOrigin(origin: string | undefined, url: string, publicOrigins: readonly string[]): boolean {
  if (origin === undefined) return false;
  return origin !== new URL(url).origin && !publicOrigins.includes(origin);
}

export function createApp(deps: AppDeps): PoseScopeApp {
  const { config, provider } = deps;
  const logger = createLogger(
    deps.logSink ?? (config.logFormat === 'json' ? stdoutSink : undefined),
    config.secrets,
  );
  const sessions = deps.sessions ?? createSessionCookies();
  const limits = {
    maxUploadBytes: config.maxUploadBytes,
    maxImagePixels: config.maxImagePixels,
    bodyTimeoutMs: config.bodyTimeoutMs,
  };
  const app = new Hono<AppEnv>();

  // 1. Request id, stage timings, one structured log line per API request.
  app.use('*', async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.set('timings', new StageTimings());
    c.set('log', {});
    await next();
    const isApi = API_PATH.test(c.req.path);
    if (!isApi) return;
    const timings = c.get('timings');
    const durationMs = performance.now() - started;
    timings.add('total', durationMs);
    c.res.headers.set('Server-Timing', timings.toHeader());
    c.res.headers.set('X-Request-Id', requestId);
    const log = c.get('log');
    // Failures say who failed too (the engine or NHN), not only successes.
    if (log.provider && !c.res.headers.has('X-Pose-Provider'))
      c.res.headers.set('X-Pose-Provider', log.provider);
    // c.json() sets no Content-Length; API answers are small JSON, so measuring a clone is cheap.
    const length =
      c.res.headers.get('content-length') ??
      (c.res.body ? String((await c.res.clone().arrayBuffer()).byteLength) : '0');
    logger.request({
      id: requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(durationMs * 10) / 10,
      timings: timings.toRecord(),
      ...log,
      ...(length ? { bytesOut: Number(length) } : {}),
    });
  });

  // 2. Security headers on everything (API answers and the built client alike).
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: CSP,
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
      xContentTypeOptions: 'nosniff',
      crossOriginResourcePolicy: 'same-origin',
      crossOriginOpenerPolicy: 'same-origin',
      strictTransportSecurity: false,
    }),
  );

  // 3. CSRF (hono/csrf): a browser POST must come from our own origin, one of PUBLIC_ORIGIN (a
  //    proxy may rewrite Host, so the request's own origin is not always the one the browser
  //    used), or say Sec-Fetch-Site: same-origin. No CORS headers are ever sent, so other origins
  //    cannot read any answer either.
  const csrfCheck = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || config.publicOrigins.includes(origin),
    secFetchSite: 'same-origin',
  });
  app.use('*', async (c, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) || !API_PATH.test(c.req.path)) return next();
    // Browsers send Origin on every POST (and Sec-Fetch-Site in secure contexts); curl and scripts
    // send neither and carry no ambient cookie worth forging.
    if (c.req.header('origin') === undefined && c.req.header('sec-fetch-site') === undefined) return next();
    let allowed = false;
    try {
      await csrfCheck(c, async () => {
        allowed = true;
      });
    } catch (error) {
      if (!(error instanceof HTTPException)) throw error;
    }
    // hono/csrf only looks at the content types a plain HTML form can send; others (JSON) need a
    // CORS preflight we never grant, so a cross-site Origin is refused whatever the type.
    const sameOrigin = c.req.header('sec-fetch-site') === 'same-origin';
    if (
      !allowed ||
      (!sameOrigin && isForeignOrigin(c.req.header('origin'), c.req.url, config.publicOrigins))
    ) {
      throw new PoseError('FORBIDDEN', 'Cross-site requests are refused.');
    }
    return next();
  });

  // 4. Per-client rate limit on the API (health excluded, so monitors do not eat the budget).
  if (config.rateLimitPerMin) {
    const limiter = rateLimiter<AppEnv>({
      windowMs: 60_000,
      limit: config.rateLimitPerMin,
      standardHeaders: 'draft-7',
      keyGenerator: (c) => clientAddress(c, config.trustProxy),
      skip: (c) => !API_PATH.test(c.req.path) || c.req.path === '/api/health',
      handler: (c) => {
        c.get('log').error = 'rate limited';
        return errorResponse(c, new PoseError('RATE_LIMITED', undefined, { retryAfterSec: 60 }));
      },
    });
    app.use('*', limiter);
  }

  // 5. ACCESS_TOKEN: the API needs the session cookie (health and session stay open).
  if (config.accessToken) {
    const token = config.accessToken;
    app.use('*', async (c, next) => {
      const path = c.req.path;
      if (!API_PATH.test(path) || path === '/api/health' || path.startsWith('/api/session')) return next();
      if (await sessions.verify(c)) return next();
      // Scripts using NHN's path may send the token (or LOCAL_ENGINE_SECRET) as Authorization.
      const auth = c.req.header('authorization');
      if (
        path.startsWith('/v1.0/') &&
        auth &&
        (safeEqual(auth, token) ||
          (config.localEngineSecret !== undefined && safeEqual(auth, config.localEngineSecret)))
      ) {
        return next();
      }
      throw new PoseError('UNAUTHORIZED');
    });
  }

  // 6. Admission before buffering: a bounded number of uploads in flight; past it 503 + Retry-After
  //    before a byte of the body is read (then the rest is discarded, bounded, and the socket closed).
  const admission = deps.uploadAdmission ?? new UploadAdmission(config.maxUploadsInFlight);
  const admitUpload: MiddlewareHandler<AppEnv> = async (_c, next) => {
    const release = admission.admit();
    try {
      await next();
    } finally {
      release();
    }
  };
  app.post('/api/pose', admitUpload);
  app.post('/v1.0/appkeys/:appKey/pose', admitUpload);

  const choice = createProviderChoice({
    provider,
    localProvider: deps.localProvider,
    nhnProvider: deps.nhnProvider,
  });
  app.route('/api/pose', poseRoute(choice, limits));
  app.route(
    '/api/health',
    healthRoute(config, provider, choice.available, (c) => sessions.verify(c)),
  );
  app.route(
    '/api/session',
    sessionRoute({
      accessToken: config.accessToken,
      sessions,
      guard: deps.signInGuard ?? new SignInGuard(),
      trustProxy: config.trustProxy,
    }),
  );
  app.route(
    '/v1.0',
    nhnCompatRoute({
      localProvider: deps.localProvider ?? (() => (provider.name === 'local' ? provider : undefined)),
      limits,
      engineSecret: config.localEngineSecret,
      accessToken: config.accessToken,
      requireCredential: provider.name === 'nhn',
      hasSession: (c) => sessions.verify(c),
    }),
  );

  // Built client + SPA fallback (production only).
  const staticRoot = deps.staticRoot;
  if (staticRoot && existsSync(join(staticRoot, 'index.html'))) {
    const files = serveStatic<AppEnv>({ root: staticRoot });
    app.use('*', async (c, next) => {
      if (API_PATH.test(c.req.path)) return next();
      // Vite puts a content hash in every asset name: cache forever. Everything else (index.html)
      // must be revalidated so a new deploy's assets are picked up.
      c.header(
        'Cache-Control',
        c.req.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      return files(c, next);
    });
    let indexHtml: string | undefined;
    app.get('*', async (c, next) => {
      // Client-side routes get the app shell; a missing asset stays a 404.
      if (API_PATH.test(c.req.path) || c.req.path.startsWith('/assets/')) return next();
      indexHtml ??= await readFile(join(staticRoot, 'index.html'), 'utf8');
      c.header('Cache-Control', 'no-cache');
      return c.html(indexHtml);
    });
  }

  app.notFound((c) =>
    errorResponse(
      c,
      new PoseError('NOT_FOUND', `There is nothing at ${c.req.method} ${c.req.path.slice(0, 200)}.`),
    ),
  );

  app.onError((error, c) => {
    const log = c.var.log ?? {};
    // The client went away (closed the tab, cancelled for a newer image): whatever failed after
    // that is a consequence, not a server error. Logged as 499 (nginx's "client closed request"),
    // never as an unhandled 500; nobody reads the answer.
    if (c.req.raw.signal.aborted) {
      log.error = 'client closed the request';
      delete log.resultCode;
      return new Response(null, { status: CLIENT_CLOSED_REQUEST });
    }
    if (error instanceof PoseError) {
      log.resultCode = error.resultCode;
      log.error = describeError(error, config.secrets);
      return errorResponse(c, error);
    }
    if (error instanceof HTTPException) {
      // Only Hono internals throw these (e.g. a malformed body to a JSON parser).
      log.error = describeError(error, config.secrets);
      const code =
        error.status === 413
          ? 'FILE_TOO_LARGE'
          : error.status === 401
            ? 'UNAUTHORIZED'
            : error.status === 404
              ? 'NOT_FOUND'
              : 'MALFORMED_REQUEST';
      return errorResponse(c, new PoseError(code));
    }
    log.error = describeError(error, config.secrets);
    logger.event('unhandled-error', { id: c.var.requestId, error: log.error });
    return internalErrorResponse(c);
  });

  return { app, logger };
}
