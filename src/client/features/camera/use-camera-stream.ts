import { useCallback, useEffect, useRef, useState } from 'react';
import { cameraErrorDetail, cameraProblemOf, type CameraProblem } from './camera-errors';

// The camera itself: asks getUserMedia for a 640x480 video stream, lists the video inputs (the
// picker shows when there are several; labels appear once permission is given), and reports
// every way it can fail as a CameraProblem. The stream's tracks are stopped when another camera
// is chosen, on stop() and on unmount, so the camera light goes off.

export interface CameraDevice {
  deviceId: string;
  label: string;
}

export type CameraState =
  | { status: 'off' }
  | { status: 'starting' }
  | { status: 'live'; stream: MediaStream; deviceId: string | undefined }
  | { status: 'error'; problem: CameraProblem; detail: string };

/** What the live view asks for: the engine's cost grows with pixels, 640x480 is plenty for poses. */
export const CAMERA_CONSTRAINTS = { width: { ideal: 640 }, height: { ideal: 480 } } as const;

export interface CameraStream {
  state: CameraState;
  devices: CameraDevice[];
  start: (deviceId?: string) => void;
  stop: () => void;
}

function mediaDevices(): MediaDevices | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
}

async function videoInputs(md: MediaDevices): Promise<CameraDevice[]> {
  const all = await md.enumerateDevices();
  return all
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}

export function useCameraStream(): CameraStream {
  const [state, setState] = useState<CameraState>({ status: 'off' });
  const [devices, setDevices] = useState<CameraDevice[]>([]);
  const streamRef = useRef<MediaStream | undefined>(undefined);
  // Each start() gets a number; an older start that resolves late stops its own stream.
  const attempt = useRef(0);

  const release = useCallback(() => {
    for (const track of streamRef.current?.getTracks() ?? []) track.stop();
    streamRef.current = undefined;
  }, []);

  const fail = useCallback((problem: CameraProblem, detail: string) => {
    setState({ status: 'error', problem, detail });
  }, []);

  const start = useCallback(
    (deviceId?: string) => {
      const n = ++attempt.current;
      release();
      const md = mediaDevices();
      if (!md?.getUserMedia) {
        fail('unsupported', 'navigator.mediaDevices.getUserMedia is not available on this page');
        return;
      }
      setState({ status: 'starting' });
      void (async () => {
        try {
          // No video input at all: say so without a permission prompt that cannot succeed.
          const before = await videoInputs(md).catch(() => undefined);
          if (before && before.length === 0) {
            if (n === attempt.current) fail('no-camera', 'enumerateDevices lists no video input');
            return;
          }
          const stream = await md.getUserMedia({
            audio: false,
            video: { ...CAMERA_CONSTRAINTS, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) },
          });
          if (n !== attempt.current) {
            for (const track of stream.getTracks()) track.stop();
            return;
          }
          streamRef.current = stream;
          const track = stream.getVideoTracks()[0];
          track?.addEventListener('ended', () => {
            if (streamRef.current !== stream) return;
            streamRef.current = undefined;
            fail('ended', 'the video track ended');
          });
          setState({ status: 'live', stream, deviceId: track?.getSettings().deviceId ?? deviceId });
          // Labels are only readable once permission is given.
          setDevices((await videoInputs(md).catch(() => before)) ?? []);
        } catch (error) {
          if (n === attempt.current) fail(cameraProblemOf(error), cameraErrorDetail(error));
        }
      })();
    },
    [release, fail],
  );

  const stop = useCallback(() => {
    attempt.current++;
    release();
    setState({ status: 'off' });
  }, [release]);

  useEffect(() => () => release(), [release]);

  return { state, devices, start, stop };
}
