import { describe, expect, it } from 'vitest';
import { normaliseEnvelope } from '@/contract/normalise';
import { POSE_SUCCESS_EXAMPLE, type PoseResult } from '@/contract/pose-envelope';
import { exportNhnJson } from './export-nhn-json';

describe('exportNhnJson', () => {
  it('writes the normalised envelope, pretty, and it reads back identically', () => {
    const text = exportNhnJson(POSE_SUCCESS_EXAMPLE.result);
    expect(text).toBe(
      [
        '{',
        '  "header": {',
        '    "isSuccessful": true,',
        '    "resultCode": 0,',
        '    "resultMessage": "SUCCESS"',
        '  },',
        '  "result": {',
        '    "fileType": "png",',
        '    "numberOfPerson": 1,',
        '    "keyPointList": [',
        '      {',
        '        "personId": "0",',
        '        "inferKeypointList": [',
        '          {',
        '            "name": "nose",',
        '            "part": "body",',
        '            "x": 367.151489,',
        '            "y": 79.552887,',
        '            "score": 0.976',
        '          }',
        '        ]',
        '      }',
        '    ]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const back = normaliseEnvelope(JSON.parse(text));
    expect(back).toEqual({ ok: true, envelope: POSE_SUCCESS_EXAMPLE });
  });

  it('includes PoseScope meta when given', () => {
    const meta = {
      provider: 'local' as const,
      model: 'movenet-multipose@256',
      imageWidth: 640,
      imageHeight: 425,
    };
    expect(JSON.parse(exportNhnJson(POSE_SUCCESS_EXAMPLE.result, meta)).meta).toEqual(meta);
  });

  it('refuses a result that breaks the contract', () => {
    const bad: PoseResult = {
      fileType: 'png',
      numberOfPerson: 1,
      keyPointList: [
        { personId: '0', inferKeypointList: [{ name: 'nose', part: 'body', x: 1, y: 1, score: 1.5 }] },
      ],
    };
    expect(() => exportNhnJson(bad)).toThrow();
  });
});
