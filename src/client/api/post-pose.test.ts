import { describe, expect, it } from 'vitest';
import {
  fallbackHashHex,
  interpretPoseResponse,
  parseServerTiming,
  PoseRequestError,
  sha256Hex,
} from './post-pose';

const timing = { uploadMs: 1, waitMs: 2, totalMs: 3 };
const headers = { provider: 'nhn', serverTiming: 'upstream;dur=120.5, total;dur=130' };

function interpret(status: number, body: unknown) {
  return interpretPoseResponse(
    status,
    typeof body === 'string' ? body : JSON.stringify(body),
    headers,
    'h',
    timing,
  );
}

function thrown(fn: () => unknown): PoseRequestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PoseRequestError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('interpretPoseResponse', () => {
  it('normalises NHN variants (numeric personId, inferKeypoints, dotted fileType)', () => {
    const a = interpret(200, {
      header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
      result: {
        fileType: '.PNG',
        numberOfPerson: 1,
        keyPointList: [
          { personId: 2, inferKeypoints: [{ name: 'nose', part: 'body', x: 1, y: 2, score: 0.9 }] },
        ],
      },
      meta: { provider: 'nhn', model: 'nhn-cloud' },
    });
    expect(a.result.fileType).toBe('png');
    expect(a.result.keyPointList[0]).toEqual({
      personId: '2',
      inferKeypointList: [{ name: 'nose', part: 'body', x: 1, y: 2, score: 0.9 }],
    });
    expect(a.meta?.model).toBe('nhn-cloud');
    expect(a.providerHeader).toBe('nhn');
    expect(a.serverTiming).toEqual({ upstream: 120.5, total: 130 });
    expect(a.hash).toBe('h');
  });

  it('reads a failure envelope on HTTP 200 (NHN style)', () => {
    const e = thrown(() =>
      interpret(200, { header: { isSuccessful: false, resultCode: -41000, resultMessage: 'Invalid image' } }),
    );
    expect(e.kind).toBe('envelope');
    expect(e.resultCode).toBe(-41000);
    expect(e.message).toBe('Invalid image');
  });

  it('keeps the field of a failure envelope', () => {
    const e = thrown(() =>
      interpret(400, {
        header: { isSuccessful: false, resultCode: -40002, resultMessage: 'Bad query parameter' },
        field: 'query.inputSize',
      }),
    );
    expect(e.field).toBe('query.inputSize');
    expect(e.status).toBe(400);
  });

  it('names the field of a schema failure', () => {
    const e = thrown(() =>
      interpret(200, {
        header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
        result: {
          keyPointList: [{ personId: '0', inferKeypointList: [{ name: 'nose', x: 'a', y: 1, score: 1 }] }],
        },
      }),
    );
    expect(e.kind).toBe('schema');
    expect(e.field).toBe('result.keyPointList.0.inferKeypointList.0.x');
  });

  it('rejects a bad meta block, naming it', () => {
    const e = thrown(() =>
      interpret(200, {
        header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
        result: { keyPointList: [] },
        meta: { provider: 'somewhere', model: 'x' },
      }),
    );
    expect(e.field).toBe('meta.provider');
  });

  it('reports a non-JSON answer with its HTTP status', () => {
    const e = thrown(() => interpret(503, '<html>Service Unavailable</html>'));
    expect(e.kind).toBe('http');
    expect(e.status).toBe(503);
    expect(e.resultCode).toBeUndefined();
  });
});

describe('parseServerTiming', () => {
  it('reads dur values and ignores entries without one', () => {
    expect(parseServerTiming('a;dur=1, b;desc="x", c;desc="y";dur=2.5')).toEqual({ a: 1, c: 2.5 });
    expect(parseServerTiming(null)).toEqual({});
  });
});

describe('image hash', () => {
  it('is the SHA-256 of the bytes', async () => {
    // SHA-256("abc"), FIPS 180-2 test vector.
    expect(await sha256Hex(new Blob(['abc']))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('the fallback tells different bytes apart and is stable', () => {
    const a = fallbackHashHex(new TextEncoder().encode('abc'));
    expect(a).toBe(fallbackHashHex(new TextEncoder().encode('abc')));
    expect(a).not.toBe(fallbackHashHex(new TextEncoder().encode('abd')));
  });
});
