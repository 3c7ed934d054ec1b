import { normaliseEnvelope } from '@/contract/normalise';
import { PoseError } from '@/contract/pose-errors';
import { parseRetryAfter } from '@/contract/retry-after';
import type { NhnConfig } from '@/server/config';
import { FieldPoseError } from '@/server/http/error-response';
import { CircuitBreaker } from './circuit-breaker';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { mapResultToOriginal, prepareForNhn } from './nhn-image-prep';
import type { AnalyseOptions, PoseProvider, ProviderAnswer, UploadedImage } from './pose-provider';

// The upstream client: POST {base}/v1.0/appkeys/{appKey}/pose, Authorization: {secretKey},
// multipart field `image`. Reads the envelope, not just the status; every fault gets its own
// PoseError. The secret is only ever put into the Authorization header of the outgoing request.

export interface NhnProviderOptions {
  /** Backoff before the one retry of a transient failure, ms (jitter of up to +50 % is added). */
  retryDelayMs?: number;
  now?: () => number;
}

/** A failed attempt: the error to report, and whether one retry is worth it. */
interface AttemptFailure {
  error: PoseError;
  transient: boolean;
  /** Counts against the circuit breaker (the upstream looks unhealthy). */
  unhealthy: boolean;
}

const UPSTREAM_NAME = 'The NHN Cloud pose API';

function socketErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

function describeBody(text: string, contentType: string | null): string {
  if (/html/i.test(contentType ?? '') || /^\s*<(!doctype|html)/i.test(text)) return 'an HTML error page';
  if (text.trim() === '') return 'an empty body';
  return 'a non-JSON body';
}

export function createNhnProvider(config: NhnConfig, options: NhnProviderOptions = {}): PoseProvider {
  const endpoint = `${config.baseUrl}/v1.0/appkeys/${encodeURIComponent(config.appKey)}/pose`;
  const breaker = new CircuitBreaker(config.circuitThreshold, config.circuitCooldownMs, options.now);
  const limiter = new ConcurrencyLimiter(config.maxConcurrency, config.maxQueue);
  const retryDelayMs = options.retryDelayMs ?? 300;
  const inFlight = new Set<AbortController>();

  async function attempt(
    body: { bytes: Uint8Array; filename: string; contentType: string },
    signal: AbortSignal | undefined,
  ): Promise<{ ok: true; envelope: unknown } | { ok: false; failure: AttemptFailure }> {
    // addEventListener('abort') never fires for a signal that is already aborted.
    if (signal?.aborted)
      return { ok: false, failure: { error: cancelled(), transient: false, unhealthy: false } };
    const controller = new AbortController();
    inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(new Error('upstream timeout')), config.timeoutMs);
    const onClientAbort = () => controller.abort(new Error('client gone'));
    signal?.addEventListener('abort', onClientAbort, { once: true });
    let stage: 'connect' | 'body' = 'connect';
    try {
      const form = new FormData();
      form.append(
        'image',
        new Blob([body.bytes as Uint8Array<ArrayBuffer>], { type: body.contentType }),
        body.filename,
      );
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { Authorization: config.secretKey, Accept: 'application/json' },
        body: form,
        signal: controller.signal,
        redirect: 'error',
      });
      stage = 'body';
      // The timeout also covers the body: a trickling answer is cut off at timeoutMs in total.
      const text = await untilAborted(response.text(), controller.signal);
      // NHN is rate-limiting us: pass that on as a 429 with its Retry-After, so clients back off
      // (a retry here would only spend more of the quota). The upstream is healthy.
      if (response.status === 429) {
        return {
          ok: false,
          failure: { error: upstreamRateLimited(text, response), transient: false, unhealthy: false },
        };
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        if (!response.ok) {
          return {
            ok: false,
            failure: {
              error: new PoseError(
                'UPSTREAM_HTTP_ERROR',
                `${UPSTREAM_NAME} answered HTTP ${response.status} with ${describeBody(text, response.headers.get('content-type'))}.`,
              ),
              transient: [502, 503, 504].includes(response.status),
              unhealthy: response.status >= 500,
            },
          };
        }
        return {
          ok: false,
          failure: {
            error: new FieldPoseError(
              'UPSTREAM_BAD_RESPONSE',
              `${UPSTREAM_NAME} answered HTTP ${response.status} with ${describeBody(text, response.headers.get('content-type'))} instead of JSON.`,
              '(body)',
            ),
            transient: false,
            unhealthy: true,
          },
        };
      }
      if (!response.ok) {
        // A gateway may still put an NHN envelope in a 4xx/5xx: prefer its words.
        const parsed = normaliseEnvelope(json);
        if (parsed.ok && !parsed.envelope.header.isSuccessful) return { ok: true, envelope: json };
        return {
          ok: false,
          failure: {
            error: new PoseError('UPSTREAM_HTTP_ERROR', `${UPSTREAM_NAME} answered HTTP ${response.status}.`),
            transient: [502, 503, 504].includes(response.status),
            unhealthy: response.status >= 500,
          },
        };
      }
      return { ok: true, envelope: json };
    } catch (error) {
      if (controller.signal.aborted && signal?.aborted) {
        return {
          ok: false,
          failure: {
            error: cancelled(),
            transient: false,
            unhealthy: false,
          },
        };
      }
      if (controller.signal.aborted || isAbort(error)) {
        return {
          ok: false,
          failure: {
            error: new PoseError(
              'UPSTREAM_TIMEOUT',
              `${UPSTREAM_NAME} did not answer within ${Math.round(config.timeoutMs / 1000)} s.`,
            ),
            transient: false,
            unhealthy: true,
          },
        };
      }
      const code = socketErrorCode(error);
      if (
        stage === 'connect' &&
        (code === 'ECONNREFUSED' ||
          code === 'ENOTFOUND' ||
          code === 'EAI_AGAIN' ||
          code === 'EHOSTUNREACH' ||
          code === 'ENETUNREACH' ||
          code === 'UND_ERR_CONNECT_TIMEOUT')
      ) {
        return {
          ok: false,
          failure: {
            error: new PoseError(
              'UPSTREAM_UNREACHABLE',
              `${UPSTREAM_NAME} cannot be reached (${code === 'ECONNREFUSED' ? 'connection refused' : 'host not reachable'}).`,
              { retryAfterSec: 10 },
            ),
            transient: true,
            unhealthy: true,
          },
        };
      }
      return {
        ok: false,
        failure: {
          error: new PoseError(
            'UPSTREAM_HTTP_ERROR',
            stage === 'body'
              ? `The connection to ${UPSTREAM_NAME} broke off in the middle of its answer.`
              : `The connection to ${UPSTREAM_NAME} broke off before it answered.`,
          ),
          transient: true,
          unhealthy: true,
        },
      };
    } finally {
      clearTimeout(timeout);
      signal?.removeEventListener('abort', onClientAbort);
      inFlight.delete(controller);
    }
  }

  async function callUpstream(
    image: UploadedImage,
    options: AnalyseOptions,
    timings: Record<string, number>,
  ): Promise<ProviderAnswer> {
    const convertStart = performance.now();
    let prepared: Awaited<ReturnType<typeof prepareForNhn>>;
    try {
      prepared = await prepareForNhn(image);
    } catch (error) {
      if (error instanceof PoseError) throw error;
      throw new PoseError('UNDECODABLE_IMAGE', undefined, { cause: error });
    }
    timings.convert = performance.now() - convertStart;

    const ticket = breaker.enter();
    let envelope: unknown;
    for (let attemptNo = 1; ; attemptNo++) {
      const start = performance.now();
      const outcome = await attempt(prepared, options.signal);
      timings.upstream = (timings.upstream ?? 0) + (performance.now() - start);
      if (outcome.ok) {
        envelope = outcome.envelope;
        break;
      }
      const { failure } = outcome;
      const retry = failure.transient && attemptNo === 1 && !options.signal?.aborted;
      if (!retry) {
        if (failure.unhealthy) breaker.failure(ticket);
        else breaker.release(ticket);
        throw failure.error;
      }
      // The client may leave during the back-off: then the retry must not send its image.
      await sleepUnlessAborted(retryDelayMs * (1 + Math.random() * 0.5), options.signal);
      if (options.signal?.aborted) {
        breaker.release(ticket);
        throw cancelled();
      }
    }

    const parsed = normaliseEnvelope(envelope);
    if (!parsed.ok) {
      breaker.failure(ticket);
      throw new FieldPoseError(
        'UPSTREAM_BAD_RESPONSE',
        `${UPSTREAM_NAME} answered something that is not a valid pose result: ${parsed.message}`,
        parsed.field,
      );
    }
    // The upstream is alive and answered in its contract, even when it refuses the image.
    breaker.success(ticket);
    const answer = parsed.envelope;
    if (!('result' in answer) || !answer.header.isSuccessful) {
      // Keep NHN's own code and words: they tell the user what NHN did not like.
      throw new PoseError('UPSTREAM_REJECTED', answer.header.resultMessage || undefined, {
        resultCode: answer.header.resultCode,
      });
    }
    const result = mapResultToOriginal(
      { ...answer.result, fileType: image.format },
      { width: prepared.sentWidth, height: prepared.sentHeight },
      { width: image.width, height: image.height },
    );
    return {
      result,
      meta: {
        provider: 'nhn',
        model: 'nhn-cloud',
        imageWidth: image.width,
        imageHeight: image.height,
        ...(prepared.converted ? { converted: prepared.converted } : {}),
      },
    };
  }

  return {
    name: 'nhn',
    async analyse(image, options) {
      const timings: Record<string, number> = {};
      const queueStart = performance.now();
      const answer = await limiter.run(async () => {
        timings.queue = performance.now() - queueStart;
        return callUpstream(image, options, timings);
      }, options.signal);
      return { result: answer.result, meta: { ...answer.meta, timings } };
    },
    health() {
      const circuit = breaker.state();
      return {
        ready: circuit !== 'open',
        upstreamHost: new URL(config.baseUrl).host,
        circuit,
        timeoutMs: config.timeoutMs,
        ...limiter.stats(),
      };
    },
    async close() {
      for (const controller of inFlight) controller.abort(new Error('server closing'));
    },
  };
}

/** Without a readable Retry-After from NHN, ask clients to wait this long, seconds. */
const DEFAULT_UPSTREAM_RETRY_AFTER_SEC = 10;

function upstreamRateLimited(text: string, response: Response): PoseError {
  const waitMs = parseRetryAfter(response.headers.get('retry-after'));
  const retryAfterSec =
    waitMs === undefined ? DEFAULT_UPSTREAM_RETRY_AFTER_SEC : Math.max(1, Math.ceil(waitMs / 1000));
  let nhnWords: { resultMessage: string } | undefined;
  try {
    const parsed = normaliseEnvelope(JSON.parse(text));
    if (parsed.ok && !parsed.envelope.header.isSuccessful) nhnWords = parsed.envelope.header;
  } catch {
    // An HTML or empty 429 page: our own words below.
  }
  return new PoseError(
    'UPSTREAM_RATE_LIMITED',
    nhnWords?.resultMessage
      ? `NHN Cloud is limiting PoseScope's calls: ${nhnWords.resultMessage}`
      : `NHN Cloud is limiting how often PoseScope may call it. Try again in ${retryAfterSec} s.`,
    { retryAfterSec },
  );
}

/** The client went away; app.ts logs what follows as 499. */
function cancelled(): PoseError {
  return new PoseError('UPSTREAM_TIMEOUT', 'The request was cancelled.');
}

/** Waits `ms`, or less when `signal` aborts first (never rejects). */
function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Settles with `work`, or rejects as soon as `signal` aborts. fetch's body read is meant to reject
 * on abort by itself, but an e2e run once saw a trickling body outlive the timeout by 30 s; this
 * makes the deadline hold whatever the body stream does.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
