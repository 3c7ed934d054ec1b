import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TrustProxyVar, type TrustProxy } from './http/client-address';

// Server configuration: environment variables -> one zod-parsed, frozen object.
// This is the ONLY module that reads NHN_SECRET_KEY (or the file NHN_SECRET_KEY_FILE points to).

export const DEFAULT_NHN_API_BASE_URL = 'https://pose-estimation.api.nhncloudservice.com';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Empty strings count as "not set": `FOO= npm start` must not turn into a bad value. */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

function intVar<D extends number | undefined>(defaultValue: D, min: number, max: number) {
  return optionalString
    .pipe(
      z
        .string()
        .regex(/^\d+$/, 'must be a whole number')
        .transform(Number)
        .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
        .optional(),
    )
    .transform((v): number | D => v ?? defaultValue);
}

const EnvSchema = z.object({
  HOST: optionalString.transform((v) => v ?? '127.0.0.1'),
  PORT: intVar(8080, 0, 65535),
  NHN_APPKEY: optionalString.pipe(
    z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{1,128}$/,
        'may only contain letters, digits, "-" and "_" (it becomes a URL path segment)',
      )
      .optional(),
  ),
  NHN_SECRET_KEY: optionalString,
  NHN_SECRET_KEY_FILE: optionalString,
  NHN_API_BASE_URL: optionalString.transform((v) => v ?? DEFAULT_NHN_API_BASE_URL),
  POSE_PROVIDER: optionalString.pipe(
    z.enum(['local', 'nhn'], { message: 'must be "local" or "nhn"' }).optional(),
  ),
  /** Milliseconds one upstream attempt may take. */
  NHN_TIMEOUT_MS: intVar(30_000, 100, 600_000),
  /** Parallel calls toward NHN; more wait for NHN_MAX_QUEUE slots, beyond that 503 BUSY. */
  NHN_MAX_CONCURRENCY: intVar(4, 1, 256),
  NHN_MAX_QUEUE: intVar(16, 0, 10_000),
  /** Consecutive upstream failures that open the circuit, and how long it stays open (ms). */
  NHN_CIRCUIT_THRESHOLD: intVar(5, 1, 1000),
  NHN_CIRCUIT_COOLDOWN_MS: intVar(30_000, 100, 3_600_000),
  /** Bytes of the image file itself (default 10 MiB). */
  MAX_UPLOAD_BYTES: intVar(10 * 1024 * 1024, 1024, 512 * 1024 * 1024),
  /** Width x height above which we refuse before decoding (decompression bombs), default 50 MP. */
  MAX_IMAGE_PIXELS: intVar(50_000_000, 1, 1_000_000_000),
  /**
   * Uploads read, checked and analysed at once; one more is refused with 503 before its body is
   * read. Bounds memory: about 3 x MAX_UPLOAD_BYTES each (docs/server.md).
   */
  MAX_UPLOADS_IN_FLIGHT: intVar(8, 1, 1024),
  /** The whole request body must arrive within this many ms (slow-loris uploads). */
  BODY_TIMEOUT_MS: intVar(30_000, 100, 600_000),
  LOCAL_ENGINE_SECRET: optionalString,
  ACCESS_TOKEN: optionalString.pipe(z.string().min(8, 'must be at least 8 characters').optional()),
  /** Requests per minute per client on /api and /v1.0; 0 turns the limiter off. */
  RATE_LIMIT_PER_MIN: intVar(undefined, 0, 1_000_000),
  /**
   * Which reverse proxies may name the client in X-Forwarded-For: false (default), a number of
   * hops ("1" = one proxy of ours in front), or a comma list of proxy addresses / CIDR subnets.
   */
  TRUST_PROXY: TrustProxyVar,
  /**
   * The origin(s) browsers reach PoseScope at, when a reverse proxy rewrites Host, e.g.
   * "https://poses.example.com" (comma list). POSTs from other origins are refused.
   */
  PUBLIC_ORIGIN: optionalString.pipe(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.string().refine((o) => {
            try {
              const url = new URL(o);
              return /^https?:$/.test(url.protocol) && url.origin === o.replace(/\/+$/, '');
            } catch {
              return false;
            }
          }, 'must be a comma list of origins like https://poses.example.com (scheme, host, optional port; no path)'),
        ),
      )
      .transform((list) => list.map((o) => new URL(o).origin))
      .optional(),
  ),
  ENGINE_WORKERS: intVar(undefined, 1, 64),
  ENGINE_MAX_QUEUE: intVar(undefined, 0, 10_000),
  ENGINE_TIMEOUT_MS: intVar(undefined, 100, 600_000),
  /** Pipeline and model input side (px) for requests that do not choose (docs/engine.md). */
  ENGINE_MODE: optionalString.pipe(
    z.enum(['topdown', 'multipose'], { message: 'must be "topdown" or "multipose"' }).optional(),
  ),
  ENGINE_INPUT_SIZE: optionalString.pipe(
    z.enum(['256', '384', '512'], { message: 'must be 256, 384 or 512' }).transform(Number).optional(),
  ),
  /** json: one JSON line per request on stdout; off: silent (tests). */
  LOG_FORMAT: optionalString.pipe(z.enum(['json', 'off']).optional()).transform((v) => v ?? 'json'),
  NODE_ENV: optionalString,
});

export interface NhnConfig {
  appKey: string;
  /** Never log, never send to a browser. Only the NHN provider reads it. */
  secretKey: string;
  baseUrl: string;
  timeoutMs: number;
  maxConcurrency: number;
  maxQueue: number;
  circuitThreshold: number;
  circuitCooldownMs: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  provider: 'local' | 'nhn';
  /** Why this provider was chosen: shown by /api/health and the start-up line. */
  providerReason: string;
  /** Present whenever both NHN keys are set, even if POSE_PROVIDER=local. */
  nhn: NhnConfig | undefined;
  maxUploadBytes: number;
  maxImagePixels: number;
  maxUploadsInFlight: number;
  bodyTimeoutMs: number;
  localEngineSecret: string | undefined;
  accessToken: string | undefined;
  /** undefined = rate limiting off. */
  rateLimitPerMin: number | undefined;
  trustProxy: TrustProxy;
  /** Origins (besides the request's own) whose browser POSTs are accepted; PUBLIC_ORIGIN. */
  publicOrigins: readonly string[];
  engine: {
    workers: number | undefined;
    maxQueue: number | undefined;
    timeoutMs: number | undefined;
    mode: 'topdown' | 'multipose' | undefined;
    inputSize: number | undefined;
  };
  logFormat: 'json' | 'off';
  production: boolean;
  /** Every secret value, for redaction of logs and error texts. */
  secrets: string[];
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`PoseScope cannot start: bad configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function checkBaseUrl(raw: string): { url?: string; problem?: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'NHN_API_BASE_URL: is not a URL' };
  }
  if (url.username || url.password) return { problem: 'NHN_API_BASE_URL: must not contain credentials' };
  if (url.search || url.hash) return { problem: 'NHN_API_BASE_URL: must not contain a query or fragment' };
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return { problem: 'NHN_API_BASE_URL: must use https (plain http is only allowed for a loopback host)' };
  }
  return { url: url.toString().replace(/\/+$/, '') };
}

/**
 * Pure: reads only the given env object (and, for NHN_SECRET_KEY_FILE, that one file).
 * Throws ConfigError listing every bad variable at once.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  readSecretFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.map(String).join('.') || '(env)';
      // Never echo the value: it may be a secret.
      problems.push(`${name}: ${issue.message}`);
    }
    // Report the URL too, so one start-up attempt lists everything that is wrong.
    const rawBase = env.NHN_API_BASE_URL?.trim();
    const baseProblem = rawBase ? checkBaseUrl(rawBase).problem : undefined;
    if (baseProblem) problems.push(baseProblem);
    throw new ConfigError(problems);
  }
  const e = parsed.data;

  let secretKey = e.NHN_SECRET_KEY;
  if (e.NHN_SECRET_KEY_FILE) {
    if (secretKey)
      problems.push('NHN_SECRET_KEY_FILE: set either NHN_SECRET_KEY or NHN_SECRET_KEY_FILE, not both');
    else {
      try {
        secretKey = readSecretFile(e.NHN_SECRET_KEY_FILE).trim() || undefined;
        if (!secretKey) problems.push('NHN_SECRET_KEY_FILE: the file is empty');
      } catch {
        problems.push('NHN_SECRET_KEY_FILE: the file cannot be read');
      }
    }
  }
  if (secretKey && /[\r\n]/.test(secretKey)) problems.push('NHN_SECRET_KEY: must be a single line');

  const base = checkBaseUrl(e.NHN_API_BASE_URL);
  if (base.problem) problems.push(base.problem);

  const bothKeys = Boolean(e.NHN_APPKEY && secretKey);
  if (e.POSE_PROVIDER === 'nhn' && !bothKeys) {
    problems.push('POSE_PROVIDER: "nhn" needs both NHN_APPKEY and NHN_SECRET_KEY (or NHN_SECRET_KEY_FILE)');
  }
  if (!e.POSE_PROVIDER && Boolean(e.NHN_APPKEY) !== Boolean(secretKey)) {
    // Half a key pair is almost always a typo; starting silently on the local engine would hide it.
    problems.push(
      e.NHN_APPKEY
        ? 'NHN_SECRET_KEY: NHN_APPKEY is set but the secret key is missing (set both, or POSE_PROVIDER=local)'
        : 'NHN_APPKEY: NHN_SECRET_KEY is set but the app key is missing (set both, or POSE_PROVIDER=local)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const provider = e.POSE_PROVIDER ?? (bothKeys ? 'nhn' : 'local');
  const providerReason = e.POSE_PROVIDER
    ? `POSE_PROVIDER=${e.POSE_PROVIDER}`
    : bothKeys
      ? 'NHN_APPKEY and NHN_SECRET_KEY are set'
      : 'no NHN keys set: using the embedded engine';

  const loopback = isLoopbackHost(e.HOST);
  const rateLimit = e.RATE_LIMIT_PER_MIN ?? (loopback ? 0 : 120);

  const nhn: NhnConfig | undefined =
    bothKeys && e.NHN_APPKEY && secretKey && base.url
      ? {
          appKey: e.NHN_APPKEY,
          secretKey,
          baseUrl: base.url,
          timeoutMs: e.NHN_TIMEOUT_MS,
          maxConcurrency: e.NHN_MAX_CONCURRENCY,
          maxQueue: e.NHN_MAX_QUEUE,
          circuitThreshold: e.NHN_CIRCUIT_THRESHOLD,
          circuitCooldownMs: e.NHN_CIRCUIT_COOLDOWN_MS,
        }
      : undefined;

  const secrets = [secretKey, e.LOCAL_ENGINE_SECRET, e.ACCESS_TOKEN].filter((s): s is string => Boolean(s));

  return Object.freeze({
    host: e.HOST,
    port: e.PORT,
    provider,
    providerReason,
    nhn,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    maxImagePixels: e.MAX_IMAGE_PIXELS,
    maxUploadsInFlight: e.MAX_UPLOADS_IN_FLIGHT,
    bodyTimeoutMs: e.BODY_TIMEOUT_MS,
    localEngineSecret: e.LOCAL_ENGINE_SECRET,
    accessToken: e.ACCESS_TOKEN,
    rateLimitPerMin: rateLimit > 0 ? rateLimit : undefined,
    trustProxy: e.TRUST_PROXY,
    publicOrigins: e.PUBLIC_ORIGIN ?? [],
    engine: {
      workers: e.ENGINE_WORKERS,
      maxQueue: e.ENGINE_MAX_QUEUE,
      timeoutMs: e.ENGINE_TIMEOUT_MS,
      mode: e.ENGINE_MODE,
      inputSize: e.ENGINE_INPUT_SIZE,
    },
    logFormat: e.LOG_FORMAT,
    production: e.NODE_ENV === 'production',
    secrets,
  });
}
