import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { COCO17_NAMES } from '../src/pose/keypoint-catalogue';

// A fake NHN Cloud Pose Estimation API on loopback, for tests only (never the real cloud).
// It checks what NHN documents (path, raw `Authorization: {secretKey}`, multipart with exactly one
// field `image`) and picks its answer by the uploaded file name's prefix:
//
//   ok* / anything else  success in NHN's own example shape: 2 persons, person "0" with
//                        inferKeypointList, person 2 (a number) with inferKeypoints, fileType "png"
//   whole*               one person with all 133 COCO-WholeBody keypoints
//   none*                success with 0 persons
//   fail*                HTTP 200, isSuccessful=false, resultCode -41000, resultMessage 'Invalid image'
//   timeout*             never answers
//   slow*                200 headers at once, then the body one byte every 500 ms
//   html500* / html502* / html503*   that HTTP status with an HTML error page
//   badjson*             200 with a body that is not JSON
//   schema*              success, but result.keyPointList.0.inferKeypointList.0.score is 7
//   reset*               headers and half a body, then the socket is destroyed
//
// GET /health answers 200 for readiness probes (not recorded).
// A wrong Authorization answers HTTP 401 with an NHN failure envelope (resultCode -40100);
// a wrong path 404, a body that is not multipart with exactly one `image` file 400 (both in the
// envelope too). Keypoint coordinates are fractions of the uploaded image's size (read with sharp,
// after EXIF orientation), so tests can compute the expected pixels from FIXTURE_PERSONS.

export interface FixtureKeypoint {
  name: string;
  part: 'body' | 'foot' | 'face' | 'hand';
  /** Position as a fraction of the image width / height (0..1). */
  fx: number;
  fy: number;
  score: number;
}

const BODY = COCO17_NAMES;

/** A standing figure in a unit box: [fx, fy] offsets per body keypoint. */
const FIGURE: ReadonlyArray<readonly [number, number]> = [
  [0.5, 0.08],
  [0.53, 0.06],
  [0.47, 0.06],
  [0.57, 0.08],
  [0.43, 0.08],
  [0.65, 0.22],
  [0.35, 0.22],
  [0.72, 0.38],
  [0.28, 0.38],
  [0.75, 0.52],
  [0.25, 0.52],
  [0.6, 0.55],
  [0.4, 0.55],
  [0.61, 0.75],
  [0.39, 0.75],
  [0.62, 0.95],
  [0.38, 0.95],
];

/** Scores vary per keypoint; several are below 0.3 so fading is visible. */
const SCORES_A = [
  0.98, 0.97, 0.96, 0.62, 0.21, 0.95, 0.94, 0.9, 0.28, 0.88, 0.85, 0.8, 0.79, 0.55, 0.15, 0.45, 0.35,
];
const SCORES_B = [
  0.93, 0.91, 0.9, 0.25, 0.8, 0.92, 0.9, 0.18, 0.86, 0.74, 0.66, 0.83, 0.81, 0.7, 0.72, 0.29, 0.6,
];

function figureAt(
  left: number,
  top: number,
  width: number,
  height: number,
  scores: number[],
): FixtureKeypoint[] {
  return BODY.map((name, i) => {
    const [ux, uy] = FIGURE[i] ?? [0.5, 0.5];
    return {
      name,
      part: 'body' as const,
      fx: Math.round((left + ux * width) * 1e4) / 1e4,
      fy: Math.round((top + uy * height) * 1e4) / 1e4,
      score: scores[i] ?? 0.5,
    };
  });
}

/** The two persons of the default answer: person "0" on the left half, person 2 on the right. */
export const FIXTURE_PERSONS: ReadonlyArray<{ personId: string | number; keypoints: FixtureKeypoint[] }> = [
  { personId: '0', keypoints: figureAt(0.05, 0.1, 0.4, 0.8, SCORES_A) },
  { personId: 2, keypoints: figureAt(0.55, 0.15, 0.35, 0.75, SCORES_B) },
];

function wholeBodyKeypoints(): FixtureKeypoint[] {
  const body = figureAt(0.2, 0.05, 0.6, 0.9, SCORES_A);
  const extra: FixtureKeypoint[] = [];
  const foot = [
    'left_big_toe',
    'left_small_toe',
    'left_heel',
    'right_big_toe',
    'right_small_toe',
    'right_heel',
  ];
  foot.forEach((name, i) =>
    extra.push({
      name,
      part: 'foot',
      fx: i < 3 ? 0.6 + i * 0.02 : 0.38 - (i - 3) * 0.02,
      fy: 0.97,
      score: 0.7,
    }),
  );
  for (let i = 0; i < 68; i++) {
    const angle = (i / 68) * 2 * Math.PI;
    extra.push({
      name: `face-${i}`,
      part: 'face',
      fx: Math.round((0.5 + 0.04 * Math.cos(angle)) * 1e4) / 1e4,
      fy: Math.round((0.1 + 0.04 * Math.sin(angle)) * 1e4) / 1e4,
      score: i % 5 === 0 ? 0.25 : 0.8,
    });
  }
  const fingers = ['thumb', 'forefinger', 'middle_finger', 'ring_finger', 'pinky_finger'];
  for (const side of ['left', 'right'] as const) {
    const wrist = body.find((k) => k.name === `${side}_wrist`);
    const wx = wrist?.fx ?? 0.5;
    const wy = wrist?.fy ?? 0.5;
    const dir = side === 'left' ? 1 : -1;
    extra.push({ name: `${side}_hand_root`, part: 'hand', fx: wx, fy: wy, score: 0.75 });
    fingers.forEach((finger, f) => {
      for (let j = 1; j <= 4; j++) {
        extra.push({
          name: `${side}_${finger}${j}`,
          part: 'hand',
          fx: Math.round((wx + dir * 0.01 * j) * 1e4) / 1e4,
          fy: Math.round((wy + 0.008 * (f - 2) + 0.004 * j) * 1e4) / 1e4,
          score: j === 4 ? 0.28 : 0.7,
        });
      }
    });
  }
  return [...body, ...extra];
}

/** The one person of the `whole*` answer: 17 body + 6 foot + 68 face + 42 hand keypoints. */
export const FIXTURE_WHOLEBODY: FixtureKeypoint[] = wholeBodyKeypoints();

/** Expected pixel position of a fixture keypoint in an image of the given size. */
export function fixturePixel(k: FixtureKeypoint, width: number, height: number): { x: number; y: number } {
  return { x: k.fx * width, y: k.fy * height };
}

export interface FakeRequestRecord {
  method: string;
  path: string;
  authorizationMatches: boolean;
  contentType: string | undefined;
  /** Field names of the multipart body, in order. */
  fields: string[];
  filename: string | undefined;
  fileBytes: number;
  /** Size of the uploaded image as read by sharp (after EXIF orientation). */
  imageWidth: number | undefined;
  imageHeight: number | undefined;
  scenario: string;
  status: number | 'no-answer' | 'reset';
}

export interface FakeNhnUpstream {
  /** Base URL to use as NHN_API_BASE_URL, e.g. http://127.0.0.1:9911 */
  url: string;
  port: number;
  requests: FakeRequestRecord[];
  close(): Promise<void>;
}

const SCENARIOS = [
  'whole',
  'none',
  'fail',
  'timeout',
  'slow',
  'html500',
  'html502',
  'html503',
  'badjson',
  'schema',
  'reset',
  'ratelimit',
  'ok',
] as const;

export function scenarioOf(filename: string | undefined): string {
  const lower = (filename ?? '').toLowerCase();
  return SCENARIOS.find((s) => lower.startsWith(s)) ?? 'ok';
}

function keypointsJson(list: FixtureKeypoint[], width: number, height: number) {
  return list.map((k) => ({
    name: k.name,
    part: k.part,
    x: Math.round(k.fx * width * 1e6) / 1e6,
    y: Math.round(k.fy * height * 1e6) / 1e6,
    score: k.score,
  }));
}

function successBody(scenario: string, width: number, height: number): Record<string, unknown> {
  const header = { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' };
  if (scenario === 'none')
    return { header, result: { fileType: 'png', numberOfPerson: 0, keyPointList: [] } };
  if (scenario === 'whole') {
    return {
      header,
      result: {
        fileType: 'png',
        numberOfPerson: 1,
        keyPointList: [{ personId: '0', inferKeypointList: keypointsJson(FIXTURE_WHOLEBODY, width, height) }],
      },
    };
  }
  const [a, b] = FIXTURE_PERSONS;
  const first = { personId: a!.personId, inferKeypointList: keypointsJson(a!.keypoints, width, height) };
  if (scenario === 'schema') first.inferKeypointList[0]!.score = 7;
  return {
    header,
    result: {
      fileType: 'png',
      numberOfPerson: 2,
      // NHN's own example mixes the two array names and a numeric personId.
      keyPointList: [
        first,
        { personId: b!.personId, inferKeypoints: keypointsJson(b!.keypoints, width, height) },
      ],
    },
  };
}

function envelopeFailure(resultCode: number, resultMessage: string) {
  return JSON.stringify({ header: { isSuccessful: false, resultCode, resultMessage } });
}

async function readAll(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw new Error('too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export async function startFakeNhnUpstream(options: {
  port?: number;
  appKey: string;
  secretKey: string;
  /** Milliseconds between bytes of the `slow*` answer. */
  slowByteIntervalMs?: number;
}): Promise<FakeNhnUpstream> {
  const requests: FakeRequestRecord[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  const expectedPath = `/v1.0/appkeys/${options.appKey}/pose`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const record: FakeRequestRecord = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorizationMatches: req.headers.authorization === options.secretKey,
      contentType: req.headers['content-type'],
      fields: [],
      filename: undefined,
      fileBytes: 0,
      imageWidth: undefined,
      imageHeight: undefined,
      scenario: 'ok',
      status: 0,
    };
    requests.push(record);
    const send = (status: number, body: string, type = 'application/json; charset=utf-8') => {
      record.status = status;
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };

    if (req.method === 'GET' && req.url === '/health') {
      // For Playwright's webServer readiness probe; not part of NHN's API. Not recorded.
      requests.pop();
      send(200, '{"status":"ok"}');
      return;
    }
    if (req.method !== 'POST' || req.url !== expectedPath) {
      send(404, envelopeFailure(-40400, `Not found: ${req.method} ${req.url}`));
      req.resume();
      return;
    }
    if (!record.authorizationMatches) {
      send(401, envelopeFailure(-40100, 'Unauthorized: the secret key is not valid'));
      req.resume();
      return;
    }
    let form: FormData;
    try {
      const body = await readAll(req, 20 * 1024 * 1024);
      form = await new Request('http://fake.invalid/', {
        method: 'POST',
        headers: { 'content-type': record.contentType ?? '' },
        body: new Uint8Array(body),
      }).formData();
    } catch {
      send(400, envelopeFailure(-40000, 'The body is not multipart/form-data'));
      return;
    }
    record.fields = [...form.keys()];
    const image = form.get('image');
    if (record.fields.length !== 1 || !(image instanceof File)) {
      send(400, envelopeFailure(-40000, 'Send exactly one multipart field "image" with a file'));
      return;
    }
    record.filename = image.name;
    record.fileBytes = image.size;
    const scenario = scenarioOf(image.name);
    record.scenario = scenario;
    let width = 0;
    let height = 0;
    try {
      const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
      const swap = (meta.orientation ?? 1) >= 5;
      width = (swap ? meta.height : meta.width) ?? 0;
      height = (swap ? meta.width : meta.height) ?? 0;
      record.imageWidth = width;
      record.imageHeight = height;
    } catch {
      if (
        !['fail', 'timeout', 'html500', 'html502', 'html503', 'badjson', 'reset', 'ratelimit'].includes(
          scenario,
        )
      ) {
        send(200, envelopeFailure(-41000, 'Invalid image'));
        return;
      }
    }

    switch (scenario) {
      case 'fail':
        send(200, envelopeFailure(-41000, 'Invalid image'));
        return;
      case 'timeout':
        record.status = 'no-answer';
        return; // the socket stays open until the client gives up or close() is called
      case 'html500':
      case 'html502':
      case 'html503': {
        const status = Number(scenario.slice(4));
        const text =
          status === 500 ? 'Internal Server Error' : status === 502 ? 'Bad Gateway' : 'Service Unavailable';
        send(
          status,
          `<!DOCTYPE html><html><head><title>${status} ${text}</title></head><body><h1>${status} ${text}</h1></body></html>`,
          'text/html; charset=utf-8',
        );
        return;
      }
      case 'ratelimit':
        // NHN's quota answer: 429 with Retry-After (seconds) and an envelope.
        record.status = 429;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
        res.end(envelopeFailure(-42900, 'Too many requests for this appkey'));
        return;
      case 'badjson':
        send(200, '{"header": {"isSuccessful": true, "resultCode": 0, "resultMess');
        return;
      case 'reset': {
        const body = JSON.stringify(successBody('ok', width, height));
        record.status = 'reset';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.write(body.slice(0, Math.floor(body.length / 2)));
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      case 'slow': {
        const body = Buffer.from(JSON.stringify(successBody('ok', width, height)));
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        let offset = 0;
        const timer = setInterval(() => {
          if (offset >= body.length || res.destroyed) {
            clearInterval(timer);
            timers.delete(timer);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(body.subarray(offset, offset + 1));
          offset += 1;
        }, options.slowByteIntervalMs ?? 500);
        timers.add(timer);
        return;
      }
      default:
        send(200, JSON.stringify(successBody(scenario, width, height)));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function argValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

// CLI: tsx e2e/fake-nhn-upstream.ts --port 9911 --appkey X --secret Y  (for Playwright's webServer)
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const port = Number(argValue(args, '--port') ?? process.env.FAKE_NHN_PORT ?? 9911);
  const appKey = argValue(args, '--appkey') ?? process.env.NHN_APPKEY;
  const secretKey = argValue(args, '--secret') ?? process.env.NHN_SECRET_KEY;
  if (!appKey || !secretKey) {
    console.error('usage: tsx e2e/fake-nhn-upstream.ts --port 9911 --appkey APPKEY --secret SECRET');
    process.exit(2);
  }
  startFakeNhnUpstream({ port, appKey, secretKey }).then(
    (fake) => {
      console.log(`fake NHN upstream listening on ${fake.url}`);
      const stop = () => void fake.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    },
    (error: unknown) => {
      console.error(
        `fake NHN upstream failed to start: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    },
  );
}
