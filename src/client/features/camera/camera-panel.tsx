import { useCallback, useEffect, useMemo, useState } from 'react';
import { downloadBlob } from '@/client/features/export/download';
import { useCameraT } from './camera-i18n';
import {
  LIVE_QUALITIES,
  liveQueryOptions,
  liveRateCap,
  loadCameraSettings,
  saveCameraSettings,
  type CameraSettings,
} from './camera-settings';
import { recordingToCsv, recordingToJsonl } from './live-recording';
import { MAX_RATE_PER_SECOND, MIN_RATE_PER_SECOND, clampRate } from './send-gate';
import { useCameraStream } from './use-camera-stream';
import { useLiveAnalysis, type LiveFrame } from './use-live-analysis';
import { usePageVisible } from './use-page-visible';
import './camera.css';

// The live camera: the picture with skeletons, its figures (fps, latency, NHN calls), and the
// controls (camera picker, mirror, pause into the inspector, record and export, quality or
// rate cap). Every failure of the camera reads as what the person can do about it.

export interface CameraPanelProps {
  provider: 'local' | 'nhn' | undefined;
  /** Pause hands the frame on screen to the inspector; resume takes it back (undefined). */
  onFreeze: (frame: LiveFrame | undefined) => void;
  onClose: () => void;
}

export function CameraPanel({ provider, onFreeze, onClose }: CameraPanelProps) {
  const t = useCameraT();
  const [settings, setSettingsState] = useState<CameraSettings>(loadCameraSettings);
  const setSettings = useCallback((next: CameraSettings) => {
    setSettingsState(next);
    saveCameraSettings(next);
  }, []);
  const camera = useCameraStream();
  const { start, stop } = camera;
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const [paused, setPaused] = useState(false);
  const [recording, setRecording] = useState(false);
  const [rateText, setRateText] = useState(String(settings.ratePerSecond));
  const visible = usePageVisible();
  const stream = camera.state.status === 'live' ? camera.state.stream : undefined;

  // Opening the panel is asking for the camera.
  const initialDevice = useMemo(() => settings.deviceId, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    start(initialDevice);
    return () => stop();
  }, [start, stop, initialDevice]);

  useEffect(() => {
    if (!video) return;
    video.srcObject = stream ?? null;
    // autoplay covers most browsers; play() for the rest (its rejection only means "not yet").
    if (stream)
      void Promise.resolve()
        .then(() => video.play())
        .catch(() => undefined);
  }, [video, stream]);

  const options = useMemo(() => liveQueryOptions(settings, provider), [settings, provider]);
  const live = useLiveAnalysis({
    video,
    canvas,
    running: stream !== undefined && !paused && options !== undefined,
    visible,
    options,
    ratePerSecond: liveRateCap(settings, provider),
    mirrored: settings.mirrored,
  });
  const { stats } = live;

  const pause = () => {
    setPaused(true);
    onFreeze(live.shownFrame());
  };
  const resume = () => {
    setPaused(false);
    onFreeze(undefined);
  };
  const startAgain = () => {
    setPaused(false);
    onFreeze(undefined);
    start(settings.deviceId);
  };

  const exportAs = (kind: 'jsonl' | 'csv') => {
    const frames = live.recordedFrames();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (kind === 'jsonl') downloadBlob(recordingToJsonl(frames), `camera-${stamp}.jsonl`);
    else downloadBlob(recordingToCsv(frames), `camera-${stamp}.csv`);
  };

  const state = camera.state;
  const nhn = provider === 'nhn';

  return (
    <section className="camera-panel" data-testid="camera-panel" aria-label={t('panel')}>
      <div className="camera-head">
        <h2>{t('panel')}</h2>
        <button type="button" className="button" onClick={onClose}>
          {t('close')}
        </button>
      </div>

      {state.status === 'error' && (
        <div className="camera-error" role="alert" data-testid="camera-error" data-problem={state.problem}>
          <p>{t(state.problem)}</p>
          <p className="muted">{t('details', { detail: state.detail })}</p>
          <button type="button" className="button primary" onClick={startAgain}>
            {t('start')}
          </button>
        </div>
      )}
      {state.status === 'starting' && (
        <p role="status" className="muted">
          {t('starting')}
        </p>
      )}
      {state.status === 'off' && (
        <button type="button" className="button primary" onClick={startAgain}>
          {t('start')}
        </button>
      )}

      {stream && (
        <>
          <div className="camera-controls button-row">
            {camera.devices.length > 1 && (
              <label className="compact-field">
                <span>{t('picker')}</span>
                <select
                  data-testid="camera-picker"
                  value={state.status === 'live' ? (state.deviceId ?? '') : ''}
                  onChange={(e) => {
                    const deviceId = e.currentTarget.value;
                    setSettings({ ...settings, deviceId });
                    start(deviceId);
                  }}
                >
                  {camera.devices.map((d) => (
                    <option key={d.deviceId} value={d.deviceId}>
                      {d.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="toggle">
              <input
                type="checkbox"
                checked={settings.mirrored}
                onChange={() => setSettings({ ...settings, mirrored: !settings.mirrored })}
              />
              {t('mirror')}
            </label>
            {paused ? (
              <button type="button" className="button primary" onClick={resume}>
                {t('resume')}
              </button>
            ) : (
              <button type="button" className="button" onClick={pause}>
                {t('pause')}
              </button>
            )}
            <button
              type="button"
              className="button"
              aria-pressed={recording}
              data-testid="camera-record"
              onClick={() => {
                // One event: the hook's count and the label change in the same render.
                live.setRecording(!recording);
                setRecording(!recording);
              }}
            >
              {recording ? t('stopRecording') : t('record')}
            </button>
            <button
              type="button"
              className="button"
              disabled={recording || stats.recorded === 0}
              onClick={() => exportAs('jsonl')}
            >
              {t('exportJsonl')}
            </button>
            <button
              type="button"
              className="button"
              disabled={recording || stats.recorded === 0}
              onClick={() => exportAs('csv')}
            >
              {t('exportCsv')}
            </button>
          </div>

          <div className="camera-settings button-row">
            {nhn ? (
              <>
                <label className="compact-field">
                  <span>{t('rate')}</span>
                  <input
                    type="number"
                    data-testid="camera-rate"
                    min={MIN_RATE_PER_SECOND}
                    max={MAX_RATE_PER_SECOND}
                    step={0.5}
                    value={rateText}
                    onChange={(e) => {
                      setRateText(e.currentTarget.value);
                      const v = Number(e.currentTarget.value);
                      if (e.currentTarget.value !== '' && Number.isFinite(v))
                        setSettings({ ...settings, ratePerSecond: clampRate(v) });
                    }}
                    onBlur={() => setRateText(String(settings.ratePerSecond))}
                  />
                </label>
                <span data-testid="camera-calls">{t('calls', { count: stats.callsThisMinute })}</span>
                <span className="muted">{t('paidNote')}</span>
              </>
            ) : (
              <>
                <label className="compact-field">
                  <span>{t('quality')}</span>
                  <select
                    data-testid="camera-quality"
                    value={settings.quality}
                    onChange={(e) => {
                      const q = LIVE_QUALITIES.find((v) => v === e.currentTarget.value) ?? 'fast';
                      setSettings({ ...settings, quality: q });
                    }}
                  >
                    {LIVE_QUALITIES.map((q) => (
                      <option key={q} value={q}>
                        {t(`quality_${q}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <span className="muted">{t('qualityNote')}</span>
              </>
            )}
          </div>

          <p className="camera-figures" aria-live="off">
            <span data-testid="camera-fps" data-fps={stats.fps?.toFixed(2)}>
              {stats.fps === undefined ? t('fpsNone') : t('fps', { fps: stats.fps.toFixed(1) })}
            </span>
            {' · '}
            <span data-testid="camera-latency" data-latency={stats.latencyMs?.toFixed(0)}>
              {stats.latencyMs === undefined
                ? t('latencyNone')
                : t('latency', { ms: stats.latencyMs.toFixed(0) })}
            </span>
            {' · '}
            <span data-testid="camera-recorded">
              {recording
                ? t('recording', { count: stats.recorded })
                : t('recorded', { count: stats.recorded })}
            </span>
          </p>
          {!visible && (
            <p role="status" className="camera-note" data-testid="camera-hidden">
              {t('hidden')}
            </p>
          )}
          {stats.lastError && !paused && (
            <p role="status" className="camera-note" data-testid="camera-frame-error">
              {t('frameFailed', { reason: stats.lastError.message })}
            </p>
          )}
          {paused && (
            <p role="status" className="camera-note" data-testid="camera-paused">
              {t('pausedNote')}
            </p>
          )}
        </>
      )}

      <div className={`camera-view${settings.mirrored ? ' is-mirrored' : ''}`} hidden={!stream || paused}>
        <video ref={setVideo} muted playsInline autoPlay data-testid="camera-video" />
        <canvas ref={setCanvas} data-testid="camera-canvas" role="img" aria-label={t('viewLabel')} />
      </div>
    </section>
  );
}
