// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeXhr } from '@/client/testing/fake-xhr';
import { installBrowserStubs, renderApp, successEnvelope } from '@/client/testing/render-app';

// Two picks in a row whose file checks (an async read of the file's head) finish in the other
// order: the later pick must win, whatever order the checks resolve in.

beforeEach(() => {
  installBrowserStubs();
});
afterEach(() => cleanup());

interface GatedFile {
  file: File;
  /** Lets the file's head read (the browser-side check) finish. */
  release: () => void;
  /** Settles once the gated read has returned its bytes. */
  read: Promise<void>;
}

function jpegBytes(fill: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(2048).fill(fill);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
}

/** A file whose head reads (the browser-side check's slice().arrayBuffer()) wait for release(). */
function gatedFile(name: string, bytes: Uint8Array<ArrayBuffer>): GatedFile {
  const file = new File([bytes], name, { type: 'image/jpeg' });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let readDone!: () => void;
  const read = new Promise<void>((resolve) => (readDone = resolve));
  const slice = file.slice.bind(file);
  file.slice = (...args: Parameters<Blob['slice']>) => {
    const part = slice(...args);
    const arrayBuffer = part.arrayBuffer.bind(part);
    part.arrayBuffer = async () => {
      await gate;
      const buffer = await arrayBuffer();
      readDone();
      return buffer;
    };
    return part;
  };
  return { file, release, read };
}

const sentName = (x: FakeXhr) => {
  const image = x.body instanceof FormData ? x.body.get('image') : null;
  return image instanceof File ? image.name : undefined;
};

/** Lets every callback queued by a settled promise run (one macrotask turn, no clock involved). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('picking while an earlier pick is still being checked', () => {
  it('the later pick wins when the earlier check resolves last', async () => {
    renderApp();
    const input = screen.getByLabelText('Choose image');
    const first = gatedFile('first.jpg', jpegBytes(1));
    const second = gatedFile('second.jpg', jpegBytes(2));
    fireEvent.change(input, { target: { files: [first.file] } });
    fireEvent.change(input, { target: { files: [second.file] } });

    // The newer check finishes first: its image is sent and answered.
    await act(async () => {
      second.release();
      await second.read;
    });
    await waitFor(() => expect(FakeXhr.instances.map(sentName)).toEqual(['second.jpg']));
    act(() => FakeXhr.instances[0]!.respond(200, successEnvelope([{ id: '0', scores: [0.9, 0.8] }])));
    expect(await screen.findAllByTestId('person-item')).toHaveLength(1);

    // Then the older check lands: it must neither start a request nor clear the answer.
    await act(async () => {
      first.release();
      await first.read;
      await settle();
    });
    expect(FakeXhr.instances.map(sentName)).toEqual(['second.jpg']);
    expect(FakeXhr.instances[0]!.aborted).toBe(false);
    expect(screen.getByTestId('pose-canvas')).toHaveAttribute('data-state', 'done');
    expect(screen.getAllByTestId('person-item')).toHaveLength(1);
  });

  it('a refusal of an older pick that resolves last does not show over the newer image', async () => {
    renderApp();
    const input = screen.getByLabelText('Choose image');
    // Text behind a .jpg name: refused by the check once its head is read.
    const bogus = gatedFile('bogus.jpg', new Uint8Array(2048).fill(0x41));
    const good = gatedFile('good.jpg', jpegBytes(3));
    fireEvent.change(input, { target: { files: [bogus.file] } });
    fireEvent.change(input, { target: { files: [good.file] } });
    await act(async () => {
      good.release();
      await good.read;
    });
    await waitFor(() => expect(FakeXhr.instances.map(sentName)).toEqual(['good.jpg']));
    await act(async () => {
      bogus.release();
      await bogus.read;
      await settle();
    });
    expect(screen.queryByTestId('error-message')).not.toBeInTheDocument();
    expect(screen.getByTestId('pose-canvas')).not.toHaveAttribute('data-state', 'error');
  });
});
