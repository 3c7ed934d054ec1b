import { describe, expect, it } from 'vitest';
import type { PoseResult } from '@/contract/pose-envelope';
import { csvField, exportCsv } from './export-csv';

const RESULT: PoseResult = {
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
};

/** Minimal RFC 4180 reader, to prove the output round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('exportCsv', () => {
  it('writes a header and one CRLF row per keypoint', () => {
    expect(exportCsv([{ image: 'sample.png', result: RESULT }])).toBe(
      'image,personId,name,part,x,y,score\r\n' +
        'sample.png,0,nose,body,367.151489,79.552887,0.976\r\n' +
        'sample.png,0,left_eye,body,373.819214,73.5605469,0.985\r\n' +
        'sample.png,2,nose,body,98.7361755,68.2939758,0.979\r\n',
    );
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
    const text = exportCsv([{ image: 'my "best", shot.jpg', result: RESULT }]);
    expect(text.split('\r\n')[1]).toBe('"my ""best"", shot.jpg",0,nose,body,367.151489,79.552887,0.976');
    const rows = parseCsv(text);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual(['my "best", shot.jpg', '0', 'nose', 'body', '367.151489', '79.552887', '0.976']);
  });

  it('guards text cells against spreadsheet formulas, never numbers', () => {
    const evil: PoseResult = {
      fileType: 'png',
      numberOfPerson: 1,
      keyPointList: [
        {
          personId: '-1',
          inferKeypointList: [{ name: '=HYPERLINK("x")', part: 'other', x: -3, y: 4, score: 0.5 }],
        },
      ],
    };
    const line = exportCsv([{ image: '@img.png', result: evil }]).split('\r\n')[1];
    expect(line).toBe(`'@img.png,'-1,"'=HYPERLINK(""x"")",other,-3,4,0.5`);
    expect(exportCsv([{ image: '@img.png', result: evil }], { guardFormulas: false }).split('\r\n')[1]).toBe(
      '@img.png,-1,"=HYPERLINK(""x"")",other,-3,4,0.5',
    );
  });

  it('handles several images (batch) and a threshold', () => {
    const text = exportCsv(
      [
        { image: 'a.png', result: RESULT },
        { image: 'b.png', result: RESULT },
      ],
      { threshold: 0.98 },
    );
    expect(parseCsv(text).map((r) => `${r[0]}/${r[1]}/${r[2]}`)).toEqual([
      'image/personId/name',
      'a.png/0/left_eye',
      'b.png/0/left_eye',
    ]);
  });

  it('writes only the header for no people', () => {
    expect(
      exportCsv([{ image: 'x', result: { fileType: 'jpg', numberOfPerson: 0, keyPointList: [] } }]),
    ).toBe('image,personId,name,part,x,y,score\r\n');
  });
});
