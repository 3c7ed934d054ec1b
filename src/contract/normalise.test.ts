import { describe, expect, it } from 'vitest';
import { normaliseEnvelope, normaliseFileType } from './normalise';
import { PoseEnvelope, PoseSuccess } from './pose-envelope';

/** NHN's own response example from the API guide, verbatim (as text, as it arrives). */
const NHN_EXAMPLE = `{
  "header": { "isSuccessful": true, "resultCode": 0, "resultMessage": "SUCCESS" },
  "result": {
    "fileType": "png",
    "numberOfPerson": 2,
    "keyPointList": [
      { "personId": "0",
        "inferKeypointList": [
          { "name": "nose",     "part": "body", "x": 367.151489, "y": 79.552887,  "score": 0.976 },
          { "name": "left_eye", "part": "body", "x": 373.819214, "y": 73.5605469, "score": 0.985 }
        ] },
      { "personId": 2,
        "inferKeypoints": [
          { "name": "nose",     "part": "body", "x": 98.7361755, "y": 68.2939758, "score": 0.979 }
        ] }
    ]
  }
}`;

function ok(input: unknown) {
  const r = normaliseEnvelope(input);
  if (!r.ok) throw new Error(`expected ok, got ${r.message}`);
  return r.envelope;
}

function rejected(input: unknown) {
  const r = normaliseEnvelope(input);
  if (r.ok) throw new Error('expected a rejection');
  return r;
}

const success = (result: unknown) => ({
  header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
  result,
});

const onePerson = (kp: Record<string, unknown>, person: Record<string, unknown> = {}) =>
  success({
    fileType: 'jpg',
    numberOfPerson: 1,
    keyPointList: [
      {
        personId: '0',
        inferKeypointList: [{ name: 'nose', part: 'body', x: 1, y: 2, score: 0.5, ...kp }],
        ...person,
      },
    ],
  });

describe('normaliseEnvelope: accepts every documented variant', () => {
  it("normalises NHN's own example verbatim", () => {
    expect(ok(JSON.parse(NHN_EXAMPLE))).toEqual({
      header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
      result: {
        fileType: 'png',
        numberOfPerson: 2,
        keyPointList: [
          {
            personId: '0',
            inferKeypointList: [
              { name: 'nose', part: 'body', x: 367.151489, y: 79.552887, score: 0.976 },
              { name: 'left_eye', part: 'body', x: 373.819214, y: 73.5605469, score: 0.985 },
            ],
          },
          {
            personId: '2',
            inferKeypointList: [{ name: 'nose', part: 'body', x: 98.7361755, y: 68.2939758, score: 0.979 }],
          },
        ],
      },
    });
  });

  it('produces output that passes the strict schemas', () => {
    const env = ok(JSON.parse(NHN_EXAMPLE));
    expect(PoseSuccess.safeParse(env).success).toBe(true);
    expect(PoseEnvelope.safeParse(env).success).toBe(true);
  });

  it('turns a numeric personId into a string and fills a missing one with the index', () => {
    const env = ok(
      success({
        keyPointList: [
          { personId: 0, inferKeypointList: [] },
          { inferKeypoints: [] },
          { personId: 'p-7', inferKeypointList: [] },
        ],
      }),
    );
    expect(PoseSuccess.parse(env).result.keyPointList.map((p) => p.personId)).toEqual(['0', '1', 'p-7']);
  });

  it('prefers inferKeypointList when both arrays are present', () => {
    const env = PoseSuccess.parse(
      ok(onePerson({}, { inferKeypoints: [{ name: 'tail', part: 'other', x: 0, y: 0, score: 0.1 }] })),
    );
    expect(env.result.keyPointList[0]!.inferKeypointList.map((k) => k.name)).toEqual(['nose']);
  });

  it('accepts fileType with or without a dot, any case, or a MIME type', () => {
    for (const [given, want] of [
      ['png', 'png'],
      ['.png', 'png'],
      ['.JPG', 'jpg'],
      ['jpeg', 'jpg'],
      ['image/jpeg', 'jpg'],
      [' webp ', 'webp'],
      [undefined, ''],
    ] as const)
      expect(normaliseFileType(given), String(given)).toBe(want);
    const env = PoseSuccess.parse(ok(success({ fileType: '.jpg', keyPointList: [] })));
    expect(env.result.fileType).toBe('jpg');
  });

  it('keeps unknown keypoint names and maps unknown or odd-cased parts', () => {
    const env = PoseSuccess.parse(
      ok(
        success({
          keyPointList: [
            {
              personId: '0',
              inferKeypointList: [
                { name: 'tail', part: 'tailbone', x: 5, y: 6, score: 0.4 },
                { name: 'left_heel', part: 'FOOT', x: 5, y: 6, score: 0.4 },
                { name: 'face-3', x: 5, y: 6, score: 0.4 },
              ],
            },
          ],
        }),
      ),
    );
    expect(env.result.keyPointList[0]!.inferKeypointList.map((k) => [k.name, k.part])).toEqual([
      ['tail', 'other'],
      ['left_heel', 'foot'],
      ['face-3', 'other'],
    ]);
  });

  it('ignores and drops unknown extra fields everywhere', () => {
    const env = ok({
      header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS', traceId: 'abc' },
      result: {
        fileType: 'png',
        numberOfPerson: 1,
        modelVersion: 'v2',
        keyPointList: [
          {
            personId: '0',
            bbox: [1, 2, 3, 4],
            inferKeypointList: [{ name: 'nose', x: 1, y: 2, score: 1, z: 7 }],
          },
        ],
      },
      extra: true,
    });
    expect(env).toEqual({
      header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
      result: {
        fileType: 'png',
        numberOfPerson: 1,
        keyPointList: [
          { personId: '0', inferKeypointList: [{ name: 'nose', part: 'other', x: 1, y: 2, score: 1 }] },
        ],
      },
    });
  });

  it('counts persons from the list, not from numberOfPerson', () => {
    const env = PoseSuccess.parse(ok(success({ fileType: 'png', numberOfPerson: 5, keyPointList: [] })));
    expect(env.result.numberOfPerson).toBe(0);
  });

  it('accepts an answer with zero persons and no keyPointList (or a null one)', () => {
    expect(
      PoseSuccess.parse(ok(success({ fileType: 'png', numberOfPerson: 0 }))).result.keyPointList,
    ).toEqual([]);
    expect(
      PoseSuccess.parse(ok(success({ fileType: 'png', numberOfPerson: 0, keyPointList: null }))).result
        .keyPointList,
    ).toEqual([]);
  });

  it('reads null keypoint arrays as empty, falling back to the other spelling', () => {
    const env = PoseSuccess.parse(
      ok(
        success({
          keyPointList: [
            { personId: '0', inferKeypointList: null },
            {
              personId: '1',
              inferKeypointList: null,
              inferKeypoints: [{ name: 'nose', x: 1, y: 2, score: 0.5 }],
            },
          ],
        }),
      ),
    );
    expect(env.result.keyPointList.map((p) => p.inferKeypointList.length)).toEqual([0, 1]);
  });

  it('accepts boundary scores and negative or off-image coordinates (they are drawable)', () => {
    expect(ok(onePerson({ score: 0 })).header.isSuccessful).toBe(true);
    expect(ok(onePerson({ score: 1 })).header.isSuccessful).toBe(true);
    expect(ok(onePerson({ x: -12.5, y: 1e6 })).header.isSuccessful).toBe(true);
  });

  it('passes a failure envelope through, with a negative resultCode and no result', () => {
    expect(
      ok({
        header: { isSuccessful: false, resultCode: -50000, resultMessage: 'Image is invalid' },
        result: null,
      }),
    ).toEqual({ header: { isSuccessful: false, resultCode: -50000, resultMessage: 'Image is invalid' } });
    expect(
      ok({ header: { isSuccessful: false, resultCode: 400, resultMessage: 'bad' } }).header.resultCode,
    ).toBe(-400);
    expect(
      ok({ header: { isSuccessful: false, resultCode: 0, resultMessage: 'odd' } }).header.resultCode,
    ).toBe(-1);
    const failure = ok({ header: { isSuccessful: false, resultCode: -1, resultMessage: 'x' } });
    expect(PoseEnvelope.safeParse(failure).success).toBe(true);
  });
});

describe('normaliseEnvelope: failures win over a junk result', () => {
  it("passes the upstream's failure message even when its result would not validate", () => {
    expect(
      ok({
        header: { isSuccessful: false, resultCode: -41000, resultMessage: 'Unsupported image' },
        result: {
          keyPointList: [{ personId: '0', inferKeypointList: [{ name: 'nose', x: 1, y: 2, score: 7 }] }],
        },
      }),
    ).toEqual({ header: { isSuccessful: false, resultCode: -41000, resultMessage: 'Unsupported image' } });
  });

  it('still rejects a junk result in a successful answer', () => {
    expect(
      rejected({
        header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
        result: { keyPointList: 'none' },
      }).field,
    ).toBe('result.keyPointList');
  });
});

describe('normaliseEnvelope: rejects what cannot be drawn, naming the path', () => {
  it('rejects a missing header', () => {
    const r = rejected({ result: { fileType: 'png', keyPointList: [] } });
    expect(r.field).toBe('header');
    expect(r.message).toMatch(/^header: /);
  });

  it('rejects a header of the wrong type', () => {
    expect(
      rejected({ header: { isSuccessful: 'true', resultCode: 0, resultMessage: 'SUCCESS' } }).field,
    ).toBe('header.isSuccessful');
    expect(
      rejected({ header: { isSuccessful: true, resultCode: 0.5, resultMessage: 'SUCCESS' } }).field,
    ).toBe('header.resultCode');
  });

  it('rejects non-finite coordinates (JSON 1e999 parses to Infinity)', () => {
    const text = NHN_EXAMPLE.replace('"x": 373.819214', '"x": 1e999');
    const r = rejected(JSON.parse(text));
    expect(r.field).toBe('result.keyPointList.0.inferKeypointList.1.x');
    expect(rejected(onePerson({ y: Number.NaN })).field).toBe('result.keyPointList.0.inferKeypointList.0.y');
    expect(rejected(onePerson({ x: '12' })).field).toBe('result.keyPointList.0.inferKeypointList.0.x');
  });

  it('rejects a score outside 0..1, naming the path in the message', () => {
    const r = rejected(onePerson({ score: 1.2 }));
    expect(r.field).toBe('result.keyPointList.0.inferKeypointList.0.score');
    expect(r.message).toContain('result.keyPointList.0.inferKeypointList.0.score');
    expect(rejected(onePerson({ score: -0.01 })).field).toBe(
      'result.keyPointList.0.inferKeypointList.0.score',
    );
  });

  it('rejects a keypoint in the inferKeypoints variant with its own path', () => {
    const text = NHN_EXAMPLE.replace('"score": 0.979', '"score": 97.9');
    expect(rejected(JSON.parse(text)).field).toBe('result.keyPointList.1.inferKeypoints.0.score');
  });

  it('rejects a person without any keypoint array, a nameless keypoint and a missing result', () => {
    expect(rejected(success({ keyPointList: [{ personId: '0' }] })).field).toBe('result.keyPointList.0');
    expect(rejected(onePerson({ name: '' })).field).toBe('result.keyPointList.0.inferKeypointList.0.name');
    expect(rejected({ header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' } }).field).toBe(
      'result',
    );
  });

  it('rejects things that are not an envelope at all', () => {
    expect(rejected(null).field).toBe('(root)');
    expect(rejected('<html>502 Bad Gateway</html>').field).toBe('(root)');
    expect(rejected([]).field).toBe('(root)');
  });
});
