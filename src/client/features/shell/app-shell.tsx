import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { POSE_ERRORS } from '@/contract/pose-errors';
import { useHealth } from '@/client/api/get-health';
import { sessionQueryKey, useSession } from '@/client/api/get-session';
import { PoseRequestError } from '@/client/api/post-pose';
import { useAnalysis, type Analysis } from '@/client/features/analysis/use-analysis';
import type { BatchHostState } from '@/client/features/batch/batch-host';
import { analysisQueryOptions } from '@/client/features/settings/analysis-settings';
import { AnalysisSettingsControl } from '@/client/features/settings/analysis-settings-control';
import { useAnalysisSettings } from '@/client/features/settings/use-analysis-settings';
import { DEFAULT_MAX_UPLOAD_BYTES } from '@/client/features/upload/file-checks';
import { UploadControls } from '@/client/features/upload/upload-controls';
import { useDropAndPaste } from '@/client/features/upload/use-drop-and-paste';
import type { FrameSource } from '@/client/features/viewer/frame-source';
import { Workspace } from '@/client/features/viewer/workspace';
import { useVideo } from '@/client/features/video/use-video';
import { isVideoFile } from '@/client/features/video/video-files';
import { VideoPanel } from '@/client/features/video/video-panel';
import { ProviderBadge } from './provider-badge';
import { SignIn } from './sign-in';
import { useLastPhoto } from './use-last-photo';

// Batch mode is loaded on first use: its code is not part of the first screen.
const BatchHost = lazy(() =>
  import('@/client/features/batch/batch-host').then((m) => ({ default: m.BatchHost })),
);
// The live camera too: loaded on the first click of "Camera".
const CameraHost = lazy(() =>
  import('@/client/features/camera/camera-host').then((m) => ({ default: m.CameraHost })),
);

/** Page frame: header (provider, upload), the page-wide drop target, and the workspace. */
export function AppShell() {
  const { t, i18n } = useTranslation();
  const health = useHealth();
  const provider = health.data?.provider;
  const [analysisSettings, setAnalysisSettings] = useAnalysisSettings();
  // Memoised: a new object re-analyses the shown image (useAnalysis compares the content too).
  const queryOptions = useMemo(
    () => analysisQueryOptions(analysisSettings, provider),
    [analysisSettings, provider],
  );
  const analysis = useAnalysis(health.data?.limits?.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES, queryOptions);
  // Batch: the viewer shows the single image or an opened gallery item; the toggle sits in the
  // header. Once opened, the batch host stays mounted (its queue keeps running when closed).
  const [batchOpen, setBatchOpen] = useState(false);
  const [batchLoaded, setBatchLoaded] = useState(false);
  const [batchState, setBatchState] = useState<BatchHostState>({ override: undefined, running: 0 });
  const onBatchState = useCallback((s: BatchHostState) => setBatchState(s), []);
  const restored = useLastPhoto(analysis, queryOptions);
  // Camera: while open, a live panel beside the workspace; a paused frame is what the viewer shows.
  const [cameraOpen, setCameraOpen] = useState(false);
  const [cameraFrame, setCameraFrame] = useState<Analysis | undefined>(undefined);
  const closeCamera = useCallback(() => setCameraOpen(false), []);
  // A video file: dropped, pasted or picked like a photo; the viewer then shows its frames.
  const video = useVideo(queryOptions);
  const { open: openVideo, close: closeVideo } = video;
  const { pickFile } = analysis;
  const pickMedia = useCallback(
    (file: Blob, name?: string) => {
      const fileName = name ?? (file instanceof File ? file.name : '');
      if (isVideoFile(file, fileName)) {
        // A video takes the viewer: the live camera closes.
        setCameraOpen(false);
        openVideo(file, fileName || 'video');
      } else {
        closeVideo();
        pickFile(file, name);
      }
    },
    [openVideo, closeVideo, pickFile],
  );
  const frameSource = useMemo<FrameSource | undefined>(
    () =>
      video.clip
        ? {
            id: video.clip.id,
            imageState: video.imageState,
            frameKey: video.frameKey,
            answer: video.answer,
            styleOf: video.styleOf,
            trailsFor: video.trailsFor,
            panel: (view) => <VideoPanel video={video} view={view} provider={provider} />,
          }
        : undefined,
    [video, provider],
  );
  // Opening a batch result shows that photo: the video closes.
  const batchOverride = batchState.override;
  useEffect(() => {
    if (batchOverride) closeVideo();
  }, [batchOverride, closeVideo]);
  // A paused camera frame is what the viewer shows while the camera is open.
  const viewerAnalysis = cameraFrame ?? video.analysis ?? batchOverride ?? restored ?? analysis;
  // Looking harder changes the Quality setting (visible in the header), which re-analyses the
  // single image; a batch item, video or camera frame in the viewer keeps its own settings.
  const lookHarder = useCallback(
    () => setAnalysisSettings({ ...analysisSettings, quality: 'accurate' }),
    [analysisSettings, setAnalysisSettings],
  );
  const showsSingle = viewerAnalysis === analysis || viewerAnalysis === restored;
  const { dragActive, handlers } = useDropAndPaste(pickMedia);
  const queryClient = useQueryClient();
  // Asked directly, not read from health: with ACCESS_TOKEN, health tells anonymous callers nothing.
  const session = useSession(true);
  const locked = session.data?.required === true && !session.data.signedIn;

  // A 401 from the API means the session expired: ask again.
  const err = analysis.error?.kind === 'request' ? analysis.error.error : undefined;
  useEffect(() => {
    if (err instanceof PoseRequestError && err.resultCode === POSE_ERRORS.UNAUTHORIZED.resultCode) {
      void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    }
  }, [err, queryClient]);

  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = t('app.title');
  }, [i18n.language, t]);

  if (locked) {
    return (
      <div className="app" data-testid="drop-zone" data-drag-active="false">
        <header className="app-header">
          <div className="brand">
            <h1>{t('app.title')}</h1>
          </div>
          <ProviderBadge health={health} />
        </header>
        <SignIn />
      </div>
    );
  }

  return (
    <div
      className={`app${batchOpen ? ' has-batch' : ''}${cameraOpen ? ' has-camera' : ''}`}
      data-testid="drop-zone"
      data-drag-active={dragActive ? 'true' : 'false'}
      {...handlers}
    >
      <a className="skip-link" href="#stage">
        {t('app.skipToStage')}
      </a>
      {batchLoaded && (
        <Suspense fallback={<p className="batch-loading muted">{t('status.loading')}</p>}>
          <BatchHost
            single={analysis}
            open={batchOpen}
            maxUploadBytes={health.data?.limits?.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES}
            queryOptions={queryOptions}
            onState={onBatchState}
          />
        </Suspense>
      )}
      {cameraOpen && (
        <Suspense fallback={<p className="batch-loading muted">{t('status.loading')}</p>}>
          <CameraHost single={analysis} provider={provider} onFrozen={setCameraFrame} onClose={closeCamera} />
        </Suspense>
      )}
      <Workspace
        analysis={viewerAnalysis}
        provider={provider}
        onLookHarder={showsSingle && provider === 'local' ? lookHarder : undefined}
        frameSource={frameSource}
        header={(settings) => (
          <header className="app-header">
            <div className="brand">
              <img src="/favicon.svg" alt="" width={28} height={28} />
              <div>
                <h1>{t('app.title')}</h1>
                <p className="tagline">{t('app.tagline')}</p>
              </div>
            </div>
            <ProviderBadge health={health} />
            <UploadControls onFile={pickMedia} />
            <AnalysisSettingsControl
              settings={analysisSettings}
              onChange={setAnalysisSettings}
              provider={provider}
            />
            <button
              type="button"
              className="button"
              aria-pressed={batchOpen}
              data-testid="batch-toggle"
              onClick={() => {
                setBatchLoaded(true);
                setBatchOpen((o) => !o);
              }}
            >
              {batchState.running > 0
                ? t('batchToggle.running', { count: batchState.running })
                : t('batchToggle.label')}
            </button>
            <button
              type="button"
              className="button"
              aria-pressed={cameraOpen}
              data-testid="camera-toggle"
              onClick={() => {
                // The camera takes the viewer: an open video closes.
                if (!cameraOpen) closeVideo();
                setCameraOpen(!cameraOpen);
              }}
            >
              {t('cameraToggle.label')}
            </button>
            {settings}
          </header>
        )}
      />
      {dragActive && (
        <div className="drop-overlay" aria-hidden="true">
          <p>{t('upload.dropNow')}</p>
        </div>
      )}
    </div>
  );
}
