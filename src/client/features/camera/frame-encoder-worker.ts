// Runs in a dedicated worker: turns a VideoFrame into the JPEG that is sent and the bitmap that
// is drawn, so the pixel copy, colour conversion and JPEG encoding of every live frame stay off
// the page's main thread (which keeps drawing and answering input). Messages:
//   in:  { id, frame: VideoFrame (transferred), width, height, quality }
//   out: { id, jpeg: Blob, bitmap: ImageBitmap (transferred) } or { id, error: string }

interface EncodeRequest {
  id: number;
  frame: VideoFrame;
  width: number;
  height: number;
  quality: number;
}

// The DOM lib types `self` as a Window; in a worker postMessage takes (message, transfer).
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<EncodeRequest>) => void) | null;
  postMessage: (message: unknown, transfer?: Transferable[]) => void;
};

scope.onmessage = (e) => {
  const { id, frame, width, height, quality } = e.data;
  void (async () => {
    try {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2D context in the worker');
      ctx.drawImage(frame, 0, 0, width, height);
      frame.close();
      const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality });
      const bitmap = canvas.transferToImageBitmap();
      scope.postMessage({ id, jpeg, bitmap }, [bitmap]);
    } catch (error) {
      frame.close();
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  })();
};
