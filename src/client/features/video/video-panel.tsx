import { useEffect, useMemo, useRef, useState } from 'react';
import { STANDARD_JOINTS, type StandardJoint } from '@/pose/joint-angles';
import { COCO17_NAMES } from '@/pose/keypoint-catalogue';
import { buildPoseViewModel } from '@/pose/pose-view-model';
import {
  exportSequenceCsv,
  exportSequenceJsonl,
  jointAngleSeries,
  nearestFrameIndex,
  trackedResult,
} from '@/pose/pose-sequence';
import { countByStatus } from '@/client/features/batch/batch-queue';
import { baseName, downloadBlob } from '@/client/features/export/download';
import type { ViewState } from '@/client/features/viewer/view-state';
import { useKeypointNames } from '@/client/i18n/use-keypoint-names';
import { AngleChart } from './angle-chart';
import { recordAnnotatedWebm, recorderMimeType } from './record-annotated';
import type { VideoController } from './use-video';
import { useVideoT } from './video-i18n';
import './video.css';

/** Above this many requests NHN's (paid) calls need a second click. */
export const NHN_CONFIRM_ABOVE = 100;

export interface VideoPanelProps {
  video: VideoController;
  view: ViewState;
  provider: 'local' | 'nhn' | undefined;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  return target instanceof HTMLInputElement && !['checkbox', 'range', 'button'].includes(target.type);
}

export function VideoPanel({ video, view, provider }: VideoPanelProps) {
  const t = useVideoT();
  const nameOf = useKeypointNames();
  const { clip, clipState, snapshot, queue, sequence, mediaTime, frameIndex } = video;
  const [confirming, setConfirming] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [joint, setJoint] = useState<StandardJoint>('left_knee');
  const [recording, setRecording] = useState<number | undefined>(undefined);
  const [recordError, setRecordError] = useState<string | undefined>(undefined);

  const element = clip?.element;
  useEffect(() => {
    if (!element) return;
    const sync = () => setPlaying(!element.paused);
    element.addEventListener('play', sync);
    element.addEventListener('pause', sync);
    element.addEventListener('ended', sync);
    return () => {
      element.removeEventListener('play', sync);
      element.removeEventListener('pause', sync);
      element.removeEventListener('ended', sync);
    };
  }, [element]);

  const stepRef = useRef(video.step);
  stepRef.current = video.step;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === ',') stepRef.current(-1);
      else if (e.key === '.') stepRef.current(1);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const counts = countByStatus(snapshot.items);
  const total = snapshot.items.length;
  const cached = snapshot.items.filter((i) => i.status.kind === 'done' && i.status.fromCache).length;
  const ready = clipState?.status === 'ready' ? clipState : undefined;
  const duration = ready?.info.duration ?? 0;
  const frame = frameIndex >= 0 ? sequence.frames[frameIndex] : undefined;
  const selectedTrack = view.selectedPersonId !== undefined ? Number(view.selectedPersonId) : undefined;
  const series = useMemo(
    () =>
      selectedTrack !== undefined
        ? jointAngleSeries(sequence, selectedTrack, joint, view.threshold)
        : undefined,
    [sequence, selectedTrack, joint, view.threshold],
  );
  const trackCount = useMemo(() => new Set(sequence.frames.flatMap((f) => f.trackIds)).size, [sequence]);

  if (!clip) return null;
  if (clipState?.status === 'error') {
    return (
      <section className="panel video-panel" data-testid="video-panel" aria-label={t('panel')}>
        <p className="error-text" role="alert" data-testid="video-error">
          {t('cannotDecode', { name: clip.name, reason: clipState.reason })}
        </p>
        <button type="button" className="button" onClick={video.close}>
          {t('close')}
        </button>
      </section>
    );
  }

  const planned = video.plannedTimes.length;
  const needsConfirm = provider === 'nhn' && planned > NHN_CONFIRM_ABOVE;
  const range = video.sampling.range;
  const setRange = (patch: Partial<{ start: number; end: number }>) =>
    video.setSampling({
      ...video.sampling,
      range: { start: range?.start ?? 0, end: range?.end ?? duration, ...patch },
    });
  const fileBase = baseName(clip.name);

  const record = async () => {
    if (!ready || sequence.frames.length === 0) return;
    setRecordError(undefined);
    setRecording(0);
    try {
      const frames = sequence.frames;
      const styleOf = video.styleOf;
      const blob = await recordAnnotatedWebm({
        url: clip.url,
        start: frames[0]!.time,
        end: Math.min(duration, frames.at(-1)!.time + 1 / video.sampleFps),
        markScale: Math.min(1, 1280 / Math.max(1, ready.info.width, ready.info.height)),
        colourBy: view.colourBy,
        onProgress: (f) => setRecording(f),
        personsAt: (time) => {
          const i = nearestFrameIndex(frames, time);
          const f = frames[i];
          if (!f || Math.abs(f.time - time) > 1 / video.sampleFps + 1e-3) return [];
          return buildPoseViewModel(trackedResult(f), {
            threshold: view.threshold,
            parts: view.parts,
            mapping: view.mapping,
            soloPersonId: view.soloPersonId,
            imageWidth: ready.info.width,
            imageHeight: ready.info.height,
            styleOf,
          }).drawOrder;
        },
      });
      downloadBlob(blob, `${fileBase}-annotated.webm`);
    } catch (err) {
      setRecordError(err instanceof Error ? err.message : String(err));
    } finally {
      setRecording(undefined);
    }
  };

  return (
    <section
      className="panel video-panel"
      data-testid="video-panel"
      aria-label={t('panel')}
      data-media-time={mediaTime.toFixed(4)}
      data-frame-index={frameIndex}
      data-frame-time={frame ? frame.time.toFixed(4) : undefined}
      data-analysed={sequence.frames.length}
    >
      <div className="video-head">
        <h2>
          {t('panel')}: <span data-testid="video-name">{clip.name}</span>
        </h2>
        {ready && (
          <span className="muted" data-testid="video-info">
            {t('info', {
              width: ready.info.width,
              height: ready.info.height,
              duration: duration.toFixed(1),
              fps: ready.sourceFps ? t('fps', { fps: ready.sourceFps }) : t('fpsUnknown'),
            })}
          </span>
        )}
        <button type="button" className="button small" onClick={video.close} data-testid="video-close">
          {t('close')}
        </button>
      </div>
      {!ready ? (
        <p className="muted">{t('loading')}</p>
      ) : (
        <>
          <div className="video-timeline">
            <button
              type="button"
              className="button small"
              data-testid="video-play"
              onClick={() =>
                playing ? clip.element.pause() : void clip.element.play().catch(() => undefined)
              }
            >
              {playing ? t('pausePlayback') : t('play')}
            </button>
            <button
              type="button"
              className="button small"
              aria-label={t('prevFrame')}
              title={t('prevFrame')}
              onClick={() => video.step(-1)}
            >
              ‹
            </button>
            <button
              type="button"
              className="button small"
              aria-label={t('nextFrame')}
              title={t('nextFrame')}
              onClick={() => video.step(1)}
            >
              ›
            </button>
            <input
              type="range"
              className="video-scrub"
              data-testid="video-scrub"
              aria-label={t('scrub')}
              min={0}
              max={duration}
              step={0.001}
              value={mediaTime}
              onChange={(e) => {
                clip.element.pause();
                video.seek(Number(e.currentTarget.value));
              }}
            />
            <span className="video-time" data-testid="video-time">
              {t('time', { time: mediaTime.toFixed(2) })}
            </span>
            <span className="muted" data-testid="video-frame">
              {frame ? t('frameOf', { index: frame.index + 1, time: frame.time.toFixed(2) }) : t('noFrame')}
            </span>
          </div>

          <fieldset className="video-sampling" disabled={total > 0 && counts.done + counts.failed < total}>
            <legend>{t('sampling')}</legend>
            <label className="compact-field">
              <span>{t('rate')}</span>
              <input
                type="number"
                data-testid="video-rate"
                min={0.1}
                max={ready.sourceFps ?? 60}
                step={0.5}
                value={video.sampling.fps}
                onChange={(e) => {
                  const fps = Number(e.currentTarget.value);
                  if (fps > 0) video.setSampling({ ...video.sampling, fps });
                }}
              />
            </label>
            <label className="compact-field">
              <span>{t('from')}</span>
              <input
                type="number"
                data-testid="video-from"
                min={0}
                max={duration}
                step={0.1}
                value={range?.start ?? 0}
                onChange={(e) => setRange({ start: Number(e.currentTarget.value) })}
              />
            </label>
            <label className="compact-field">
              <span>{t('to')}</span>
              <input
                type="number"
                data-testid="video-to"
                min={0}
                max={duration}
                step={0.1}
                value={Number((range?.end ?? duration).toFixed(3))}
                onChange={(e) => setRange({ end: Number(e.currentTarget.value) })}
              />
            </label>
            <p className="hint" data-testid="video-requests" data-count={planned}>
              {t('requests', { count: planned })}
              {video.requestOptions?.quality
                ? ` · ${t('quality', { quality: video.requestOptions.quality })}`
                : ''}
            </p>
            {confirming ? (
              <div className="video-confirm" role="alertdialog" data-testid="video-confirm">
                <p>{t('confirmCost', { count: planned })}</p>
                <button
                  type="button"
                  className="button primary"
                  onClick={() => {
                    setConfirming(false);
                    video.start();
                  }}
                >
                  {t('confirmYes', { count: planned })}
                </button>
                <button type="button" className="button" onClick={() => setConfirming(false)}>
                  {t('cancel')}
                </button>
              </div>
            ) : (
              <button
                type="button"
                className="button primary"
                data-testid="video-analyse"
                disabled={planned === 0}
                onClick={() => (needsConfirm ? setConfirming(true) : video.start())}
              >
                {t('analyse')}
              </button>
            )}
          </fieldset>

          {total > 0 && (
            <div className="video-progress">
              <p role="status" data-testid="video-progress" data-done={counts.done} data-total={total}>
                {t('progress', { done: counts.done, total })}
                {cached > 0 ? t('progressCached', { cached }) : ''}
                {counts.failed > 0 ? t('failed', { count: counts.failed }) : ''}
                {snapshot.holdUntil !== undefined ? t('busy') : ''}
              </p>
              <progress max={total} value={counts.done} aria-hidden="true" />
              {counts.done + counts.failed < total && (
                <>
                  <button
                    type="button"
                    className="button small"
                    data-testid="video-pause"
                    onClick={() => (snapshot.paused ? queue.resume() : queue.pause())}
                  >
                    {snapshot.paused ? t('resume') : t('pause')}
                  </button>
                  <button type="button" className="button small" onClick={video.stop}>
                    {t('stop')}
                  </button>
                </>
              )}
              {counts.failed > 0 && (
                <button type="button" className="button small" onClick={() => queue.retryAllFailed()}>
                  {t('retryFailed')}
                </button>
              )}
              <span className="muted" data-testid="video-tracks">
                {' '}
                {t('tracks', { count: trackCount })}
              </span>
            </div>
          )}

          <fieldset className="video-motion">
            <legend>{t('motion')}</legend>
            <label className="toggle">
              <input
                type="checkbox"
                data-testid="video-trails"
                checked={video.motion.trails}
                onChange={(e) => video.setMotion({ ...video.motion, trails: e.currentTarget.checked })}
              />
              {t('trails')}
            </label>
            <label className="compact-field">
              <span>{t('trailPoint')}</span>
              <select
                value={video.motion.trailKeypoint}
                onChange={(e) => video.setMotion({ ...video.motion, trailKeypoint: e.currentTarget.value })}
              >
                {COCO17_NAMES.map((n) => (
                  <option key={n} value={n}>
                    {nameOf(n)}
                  </option>
                ))}
              </select>
            </label>
            <label className="compact-field">
              <span>{t('trailLength')}</span>
              <input
                type="number"
                min={2}
                max={100}
                value={video.motion.trailLength}
                onChange={(e) =>
                  video.setMotion({
                    ...video.motion,
                    trailLength: Math.max(2, Number(e.currentTarget.value) || 2),
                  })
                }
              />
            </label>
            <label className="toggle">
              <input
                type="checkbox"
                data-testid="video-smoothing"
                checked={video.motion.smoothing}
                onChange={(e) => video.setMotion({ ...video.motion, smoothing: e.currentTarget.checked })}
              />
              {t('smoothing')}
            </label>
          </fieldset>

          <fieldset className="video-chart">
            <legend>{t('chart')}</legend>
            <label className="compact-field">
              <span>{t('chartJoint')}</span>
              <select
                data-testid="video-joint"
                value={joint}
                onChange={(e) => setJoint(e.currentTarget.value as StandardJoint)}
              >
                {(Object.keys(STANDARD_JOINTS) as StandardJoint[]).map((j) => (
                  <option key={j} value={j}>
                    {nameOf(j)}
                  </option>
                ))}
              </select>
            </label>
            {series && selectedTrack !== undefined ? (
              <AngleChart
                samples={series}
                duration={duration}
                playhead={mediaTime}
                colour={video.styleOf(String(selectedTrack), 0).colour}
                label={t('chartLabel', { joint: nameOf(joint), person: selectedTrack })}
                onSeek={(time) => {
                  clip.element.pause();
                  video.seek(time);
                }}
              />
            ) : (
              <p className="muted">{t('chartPick')}</p>
            )}
          </fieldset>

          <div className="video-export toolbar-group">
            <span>{t('export')}:</span>
            <button
              type="button"
              className="button small"
              data-testid="video-export-jsonl"
              disabled={sequence.frames.length === 0}
              onClick={() =>
                downloadBlob(
                  new Blob([exportSequenceJsonl(sequence)], { type: 'application/x-ndjson' }),
                  `${fileBase}-poses.jsonl`,
                )
              }
            >
              {t('jsonl')}
            </button>
            <button
              type="button"
              className="button small"
              data-testid="video-export-csv"
              disabled={sequence.frames.length === 0}
              onClick={() =>
                downloadBlob(
                  new Blob([exportSequenceCsv(sequence)], { type: 'text/csv' }),
                  `${fileBase}-keypoints.csv`,
                )
              }
            >
              {t('csv')}
            </button>
            <button
              type="button"
              className="button small"
              data-testid="video-export-webm"
              disabled={sequence.frames.length === 0 || recording !== undefined || !recorderMimeType()}
              onClick={() => void record()}
            >
              {recording !== undefined ? t('recording', { percent: Math.round(recording * 100) }) : t('webm')}
            </button>
            {recordError && (
              <span className="inline-error" role="alert">
                {t('recordFailed', { reason: recordError })}
              </span>
            )}
          </div>
        </>
      )}
    </section>
  );
}
