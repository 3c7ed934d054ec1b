import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MEDIA_ACCEPT } from '@/client/features/video/video-files';

/** Shipped sample photo (public/samples, CC BY 2.0; see public/samples/LICENSES.md). */
export const SAMPLE_IMAGE = { url: '/samples/000000000785.jpg', name: '000000000785.jpg' } as const;

export function UploadControls({ onFile }: { onFile: (file: Blob, name?: string) => void }) {
  const { t } = useTranslation();
  const [sampleError, setSampleError] = useState<string | undefined>(undefined);
  return (
    <div className="upload-controls">
      <input
        id="image-input"
        className="file-input"
        type="file"
        accept={MEDIA_ACCEPT}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) onFile(file);
          // Picking the same file again must fire change again.
          e.currentTarget.value = '';
        }}
      />
      <label htmlFor="image-input" className="button primary file-label">
        {t('upload.choose')}
      </label>
      <button
        type="button"
        className="button"
        onClick={() => {
          setSampleError(undefined);
          fetch(SAMPLE_IMAGE.url)
            .then((res) => {
              if (!res.ok) throw new Error(`HTTP ${res.status}`);
              return res.blob();
            })
            .then((blob) => onFile(blob, SAMPLE_IMAGE.name))
            .catch((err: unknown) => setSampleError(err instanceof Error ? err.message : String(err)));
        }}
      >
        {t('upload.sample')}
      </button>
      {sampleError && (
        <span className="inline-error" role="alert">
          {sampleError}
        </span>
      )}
    </div>
  );
}
