import { configure, render } from '@testing-library/react';
import { App, createQueryClient } from '@/client/App';
import { KO_KEYPOINT_WORDS } from '@/pose/keypoint-names-ko';
import { createI18n } from '@/client/i18n/i18n';
import { ko } from '@/client/i18n/ko';
import { FakeXhr } from './fake-xhr';

// Tests rendering the whole App wait for lazily loaded chunks and deferred renders: on two busy
// cores these take longer than testing-library's 1 s default for findBy/waitFor. The first
// result of a test file transforms and loads the canvas modules: over 5 s was seen under load.
configure({ asyncUtilTimeout: 15_000 });

// Shared set-up of the component tests: the real App with a fresh query client and i18n,
// fetch answering /api/health (and /api/session), XMLHttpRequest replaced by FakeXhr, and
// the object-URL functions jsdom lacks.

export const HEALTH_OK = {
  status: 'ok',
  provider: 'local',
  ready: true,
  limits: { maxUploadBytes: 1024 * 1024 },
  accessTokenRequired: false,
};

export function installBrowserStubs(health: object = HEALTH_OK): { fetchCalls: string[] } {
  const fetchCalls: string[] = [];
  FakeXhr.reset();
  globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    fetchCalls.push(url);
    if (url.endsWith('/api/health')) return new Response(JSON.stringify(health), { status: 200 });
    if (url.endsWith('/api/session'))
      return new Response(JSON.stringify({ required: false, signedIn: true }));
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
  let n = 0;
  URL.createObjectURL = () => `blob:test/${++n}`;
  URL.revokeObjectURL = () => undefined;
  return { fetchCalls };
}

export function renderApp(lng: 'en' | 'ko' = 'en') {
  // Tests build Korean in (the app loads it on demand): switching is then synchronous.
  const i18n = createI18n(lng, { ko }, { ko: KO_KEYPOINT_WORDS });
  const utils = render(<App i18n={i18n} queryClient={createQueryClient()} />);
  return { ...utils, i18n };
}

/** A small real JPEG header followed by filler: passes the browser-side magic-byte check. */
export function jpegFile(name = 'photo.jpg', size = 2048): File {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return new File([bytes], name, { type: 'image/jpeg' });
}

export function successEnvelope(persons: { id: string | number; scores: number[] }[]) {
  return {
    header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
    result: {
      fileType: 'jpg',
      numberOfPerson: persons.length,
      keyPointList: persons.map((p) => ({
        personId: p.id,
        inferKeypointList: p.scores.map((score, i) => ({
          name: ['nose', 'left_eye', 'right_eye', 'left_shoulder', 'right_shoulder'][i] ?? `kp${i}`,
          part: 'body',
          x: 100 + i * 10,
          y: 50 + i * 5,
          score,
        })),
      })),
    },
    meta: {
      provider: 'local',
      model: 'movenet-multipose@256',
      imageWidth: 640,
      imageHeight: 425,
      timings: { inference: 42 },
    },
  };
}
