// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeXhr } from '@/client/testing/fake-xhr';
import { HEALTH_OK, installBrowserStubs, renderApp, successEnvelope } from '@/client/testing/render-app';

// The live camera in the real App. jsdom has no camera, video decoding or canvas, so the browser
// APIs are stood in for: navigator.mediaDevices (each error a real browser raises), the video's
// frame clock (requestVideoFrameCallback, driven by the test), createImageBitmap, OffscreenCanvas
// and a 2D context that draws nothing. Our own code (the panel, the send loop, the tracker,
// the requests through react-query and FakeXhr) runs as in the browser.

function domError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

interface FakeTrack {
  stop: ReturnType<typeof vi.fn>;
  addEventListener: (type: string, fn: () => void) => void;
  getSettings: () => { deviceId: string };
  end: () => void;
}

function fakeStream(deviceId = 'cam-1'): { stream: MediaStream; track: FakeTrack } {
  const listeners: (() => void)[] = [];
  const track: FakeTrack = {
    stop: vi.fn(),
    addEventListener: (type, fn) => {
      if (type === 'ended') listeners.push(fn);
    },
    getSettings: () => ({ deviceId }),
    end: () => listeners.forEach((fn) => fn()),
  };
  const stream = { getTracks: () => [track], getVideoTracks: () => [track] } as unknown as MediaStream;
  return { stream, track };
}

const CAMERAS = [
  { kind: 'videoinput', deviceId: 'cam-1', label: 'Front camera', groupId: 'a' },
  { kind: 'videoinput', deviceId: 'cam-2', label: 'USB camera', groupId: 'b' },
  { kind: 'audioinput', deviceId: 'mic', label: 'Mic', groupId: 'c' },
];

function installMediaDevices(
  getUserMedia: (c: MediaStreamConstraints) => Promise<MediaStream>,
  devices: object[] = CAMERAS,
) {
  const md = { getUserMedia: vi.fn(getUserMedia), enumerateDevices: vi.fn(async () => devices) };
  Object.defineProperty(navigator, 'mediaDevices', { value: md, configurable: true });
  return md;
}

// The video's frame clock and the drawing surfaces.
let frameCallbacks: ((now: number, meta: { presentedFrames: number }) => void)[] = [];
let presented = 0;
function presentFrame() {
  const cbs = frameCallbacks;
  frameCallbacks = [];
  presented++;
  act(() => cbs.forEach((cb) => cb(performance.now(), { presentedFrames: presented })));
}

function stubContext(canvas: unknown): CanvasRenderingContext2D {
  return new Proxy({} as CanvasRenderingContext2D, {
    get: (_t, key) => (key === 'canvas' ? canvas : () => undefined),
    set: () => true,
  });
}

function installVideoStubs() {
  frameCallbacks = [];
  presented = 0;
  const V = HTMLVideoElement.prototype as unknown as Record<string, unknown>;
  Object.defineProperty(HTMLVideoElement.prototype, 'videoWidth', { get: () => 640, configurable: true });
  Object.defineProperty(HTMLVideoElement.prototype, 'videoHeight', { get: () => 480, configurable: true });
  V.requestVideoFrameCallback = (cb: (typeof frameCallbacks)[number]) => frameCallbacks.push(cb);
  V.cancelVideoFrameCallback = () => undefined;
  HTMLMediaElement.prototype.play = () => Promise.resolve();
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
    return stubContext(this);
  } as unknown as HTMLCanvasElement['getContext'];
  globalThis.createImageBitmap = (async () => ({ width: 640, height: 480, close: () => undefined })) as never;
  globalThis.OffscreenCanvas = class {
    width: number;
    height: number;
    constructor(w: number, h: number) {
      this.width = w;
      this.height = h;
    }
    getContext() {
      return stubContext(this);
    }
    convertToBlob() {
      const bytes = new Uint8Array(512);
      bytes.set([0xff, 0xd8, 0xff, 0xe0]);
      return Promise.resolve(new Blob([bytes], { type: 'image/jpeg' }));
    }
  } as never;
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  act(() => void document.dispatchEvent(new Event('visibilitychange')));
}

/** Lets every pending promise chain (grab, encode, request) run: a frame wrongly let through would be sent by then. */
async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

const poseRequests = () => FakeXhr.instances.filter((x) => x.url.startsWith('/api/pose'));

async function openCamera() {
  const user = userEvent.setup();
  renderApp();
  await user.click(screen.getByRole('button', { name: 'Camera' }));
  // The camera feature is loaded on first use (React.lazy); the first load compiles it.
  await screen.findByTestId('camera-panel', {}, { timeout: 20_000 });
  return user;
}

beforeEach(() => {
  installBrowserStubs();
  installVideoStubs();
  localStorage.removeItem('posescope.camera');
  setVisibility('visible');
});
afterEach(() => {
  cleanup();
  Reflect.deleteProperty(navigator, 'mediaDevices');
});

describe('camera error states', () => {
  it('says why a page without camera support cannot use one', async () => {
    Reflect.deleteProperty(navigator, 'mediaDevices');
    await openCamera();
    const alert = await screen.findByTestId('camera-error');
    expect(alert).toHaveAttribute('data-problem', 'unsupported');
    expect(alert).toHaveTextContent('only on https:// or localhost pages');
  });

  it('no camera: says so without asking for permission', async () => {
    const md = installMediaDevices(async () => fakeStream().stream, []);
    await openCamera();
    const alert = await screen.findByTestId('camera-error');
    expect(alert).toHaveAttribute('data-problem', 'no-camera');
    expect(alert).toHaveTextContent('No camera was found');
    expect(md.getUserMedia).not.toHaveBeenCalled();
  });

  it('permission denied: explains how to allow it, and Start camera asks again', async () => {
    let refuse = true;
    const md = installMediaDevices(async () => {
      if (refuse) throw domError('NotAllowedError', 'Permission denied');
      return fakeStream().stream;
    });
    const user = await openCamera();
    const alert = await screen.findByTestId('camera-error');
    expect(alert).toHaveAttribute('data-problem', 'denied');
    expect(alert).toHaveTextContent('Camera access was refused');
    expect(alert).toHaveTextContent('NotAllowedError: Permission denied');
    refuse = false;
    await user.click(within(alert).getByRole('button', { name: 'Start camera' }));
    await screen.findByRole('button', { name: 'Pause' });
    expect(screen.queryByTestId('camera-error')).not.toBeInTheDocument();
    expect(md.getUserMedia).toHaveBeenCalledTimes(2);
    expect(md.getUserMedia.mock.calls[0]![0]).toMatchObject({
      audio: false,
      video: { width: { ideal: 640 }, height: { ideal: 480 } },
    });
  });

  it('camera in use by another application (NotReadableError)', async () => {
    installMediaDevices(async () => {
      throw domError('NotReadableError', 'Could not start video source');
    });
    await openCamera();
    const alert = await screen.findByTestId('camera-error');
    expect(alert).toHaveAttribute('data-problem', 'in-use');
    expect(alert).toHaveTextContent('in use by another application');
  });

  it('a camera unplugged while live reads as stopped', async () => {
    const { stream, track } = fakeStream();
    installMediaDevices(async () => stream);
    await openCamera();
    await screen.findByRole('button', { name: 'Pause' });
    act(() => track.end());
    expect(await screen.findByTestId('camera-error')).toHaveAttribute('data-problem', 'ended');
  });
});

describe('live loop', () => {
  it('sends frames at fast quality with at most two in flight, the next as soon as one answers', async () => {
    installMediaDevices(async () => fakeStream().stream);
    await openCamera();
    await screen.findByRole('button', { name: 'Pause' });
    // Two cameras: the picker lists both, with their labels.
    expect(
      within(screen.getByTestId('camera-picker'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Front camera', 'USB camera']);
    expect(screen.getByTestId('camera-quality')).toHaveValue('fast');

    presentFrame();
    await waitFor(() => expect(poseRequests()).toHaveLength(1));
    const url = new URL(poseRequests()[0]!.url, 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({ parts: 'body', quality: 'fast' });
    presentFrame();
    await waitFor(() => expect(poseRequests()).toHaveLength(2));
    presentFrame();
    presentFrame();
    // Two in flight: the newer video frames wait.
    await settle();
    expect(poseRequests()).toHaveLength(2);

    // The first answer frees a slot: the newest frame goes at once, without a new video frame.
    act(() =>
      poseRequests()[0]!.respond(200, successEnvelope([{ id: 0, scores: [0.9, 0.9, 0.9, 0.9, 0.9] }])),
    );
    await waitFor(() => expect(poseRequests()).toHaveLength(3));
    const canvas = screen.getByTestId('camera-canvas');
    await waitFor(() => expect(canvas.dataset.frameSeq).toBe('1'));
    // jsdom has no VideoFrame: the page itself encodes (the fallback path).
    expect(canvas.dataset.encodedIn).toBe('page');
    expect(JSON.parse(canvas.dataset.people!)).toEqual([
      expect.objectContaining({
        track: 1,
        keypoints: expect.arrayContaining([{ name: 'nose', x: 100, y: 50, score: 0.9 }]),
      }),
    ]);
  });

  it('sends nothing while the tab is hidden and picks up when it is shown', async () => {
    installMediaDevices(async () => fakeStream().stream);
    await openCamera();
    await screen.findByRole('button', { name: 'Pause' });
    presentFrame();
    await waitFor(() => expect(poseRequests()).toHaveLength(1));

    setVisibility('hidden');
    expect(screen.getByTestId('camera-hidden')).toHaveTextContent('no frames are sent');
    // The answer in flight comes back and video frames keep coming: still nothing is sent.
    act(() => poseRequests()[0]!.respond(200, successEnvelope([{ id: 0, scores: [0.9, 0.9, 0.9] }])));
    presentFrame();
    presentFrame();
    await settle();
    expect(poseRequests()).toHaveLength(1);

    setVisibility('visible');
    expect(screen.queryByTestId('camera-hidden')).not.toBeInTheDocument();
    presentFrame();
    await waitFor(() => expect(poseRequests()).toHaveLength(2));
  });

  it('pause opens the frame on screen in the inspector, with its people under their track ids', async () => {
    installMediaDevices(async () => fakeStream().stream);
    const user = await openCamera();
    await screen.findByRole('button', { name: 'Pause' });
    presentFrame();
    await waitFor(() => expect(poseRequests()).toHaveLength(1));
    act(() =>
      poseRequests()[0]!.respond(
        200,
        successEnvelope([
          { id: 0, scores: [0.9, 0.9, 0.9] },
          { id: 1, scores: [0.8, 0.8, 0.8] },
        ]),
      ),
    );
    await waitFor(() => expect(screen.getByTestId('camera-canvas').dataset.frameSeq).toBe('1'));
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(screen.getByTestId('camera-paused')).toBeInTheDocument();
    const items = await screen.findAllByTestId('person-item');
    expect(items).toHaveLength(2);
    expect(screen.getByTestId('pose-canvas')).toHaveAttribute('data-state', 'done');
    // Paused: new video frames are not sent.
    const before = poseRequests().length;
    presentFrame();
    expect(poseRequests()).toHaveLength(before);
  });
});

describe('NHN as the provider', () => {
  it('shows the calls made this minute and caps the rate (2/s by default, configurable)', async () => {
    installBrowserStubs({ ...HEALTH_OK, provider: 'nhn' });
    installMediaDevices(async () => fakeStream().stream);
    const user = await openCamera();
    await screen.findByRole('button', { name: 'Pause' });
    expect(screen.getByTestId('camera-rate')).toHaveValue(2);
    expect(screen.getByText('Each analysed frame is a paid NHN Cloud call.')).toBeInTheDocument();
    // The loop's clock (performance.now) is the test's: the cap is checked without waiting.
    let now = 10_000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      presentFrame();
      await waitFor(() => expect(poseRequests()).toHaveLength(1));
      expect(new URL(poseRequests()[0]!.url, 'http://x').searchParams.get('provider')).toBe('nhn');
      await waitFor(() =>
        expect(screen.getByTestId('camera-calls')).toHaveTextContent('1 NHN call this minute'),
      );
      // An answer frees a slot, but 2/s holds the next frame back until 500 ms after the first.
      now = 10_200;
      act(() => poseRequests()[0]!.respond(200, successEnvelope([{ id: 0, scores: [0.9] }])));
      presentFrame();
      await settle();
      expect(poseRequests()).toHaveLength(1);
      now = 10_499;
      presentFrame();
      await settle();
      expect(poseRequests()).toHaveLength(1);
      now = 10_500;
      presentFrame();
      await waitFor(() => expect(poseRequests()).toHaveLength(2));
    } finally {
      clock.mockRestore();
    }
    await user.clear(screen.getByTestId('camera-rate'));
    await user.type(screen.getByTestId('camera-rate'), '0.5');
    expect(JSON.parse(localStorage.getItem('posescope.camera')!)).toMatchObject({ ratePerSecond: 0.5 });
  });
});
