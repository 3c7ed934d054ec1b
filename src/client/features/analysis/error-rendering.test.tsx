// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeXhr } from '@/client/testing/fake-xhr';
import { installBrowserStubs, jpegFile, renderApp, successEnvelope } from '@/client/testing/render-app';

beforeEach(() => {
  installBrowserStubs();
});
afterEach(() => cleanup());

async function uploadAndRespond(status: number, body: string | object): Promise<void> {
  const user = userEvent.setup();
  await user.upload(screen.getByLabelText('Choose image'), jpegFile());
  await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
  act(() => FakeXhr.latest().respond(status, body));
}

describe('error rendering', () => {
  it('a refusal of the image: our words with the code, the server text in details, Dismiss but no Retry', async () => {
    renderApp();
    await uploadAndRespond(200, {
      header: { isSuccessful: false, resultCode: -41000, resultMessage: 'Invalid image' },
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAttribute('data-testid', 'error-message');
    expect(alert).toHaveTextContent('The analysis service refused the image. (code -41000)');
    expect(screen.getByTestId('error-server-text')).toHaveTextContent('The server said: Invalid image');
    const canvas = screen.getByTestId('pose-canvas');
    expect(canvas).toHaveAttribute('data-state', 'error');
    expect(screen.getByTestId('analysis-status')).toHaveTextContent('Analysis failed.');
    // The same image would be refused again: no Retry.
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('error-message')).not.toBeInTheDocument();
  });

  it('a busy server (503) offers Retry, which sends the same image again', async () => {
    renderApp();
    await uploadAndRespond(503, {
      header: {
        isSuccessful: false,
        resultCode: -50303,
        resultMessage: 'PoseScope is busy with other images.',
      },
    });
    expect(await screen.findByTestId('error-message')).toHaveTextContent(
      'PoseScope is busy with other images. Try again in a moment. (code -50303)',
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(2));
    expect(FakeXhr.instances[0]!.body).not.toBe(FakeXhr.instances[1]!.body);
    act(() => FakeXhr.latest().respond(200, successEnvelope([{ id: '0', scores: [0.9] }])));
    // findBy fails when nothing appears; the element itself may be re-rendered since.
    await screen.findByTestId('person-item');
    expect(screen.queryByTestId('error-message')).not.toBeInTheDocument();
  });

  it('an HTTP error status with a failure envelope reads the envelope, not just the status', async () => {
    renderApp();
    await uploadAndRespond(504, {
      header: {
        isSuccessful: false,
        resultCode: -50401,
        resultMessage: 'The NHN Cloud pose API did not answer in time.',
      },
    });
    expect(await screen.findByTestId('error-message')).toHaveTextContent(
      'The NHN Cloud pose API did not answer in time. (code -50401)',
    );
  });

  it('a non-JSON gateway page names the HTTP status', async () => {
    renderApp();
    await uploadAndRespond(502, '<html><body>Bad Gateway</body></html>');
    expect(await screen.findByTestId('error-message')).toHaveTextContent('HTTP 502');
  });

  it('a schema failure names the offending field', async () => {
    renderApp();
    const bad = successEnvelope([{ id: '0', scores: [0.9] }]);
    (bad.result.keyPointList[0]!.inferKeypointList[0] as { score: number }).score = 7;
    await uploadAndRespond(200, bad);
    const alert = await screen.findByTestId('error-message');
    expect(alert).toHaveTextContent('result.keyPointList.0.inferKeypointList.0.score');
    expect(screen.getByTestId('error-field')).toHaveTextContent(
      'Field: result.keyPointList.0.inferKeypointList.0.score',
    );
  });

  it('a network failure is reported and Retry is offered', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.upload(screen.getByLabelText('Choose image'), jpegFile());
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    act(() => FakeXhr.latest().failNetwork());
    expect(await screen.findByTestId('error-message')).toHaveTextContent('network error');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeEnabled();
  });

  it('refuses a file that is not an image before uploading anything', async () => {
    const user = userEvent.setup({ applyAccept: false });
    renderApp();
    const text = new File(['hello, not a picture'], 'notes.txt', { type: 'text/plain' });
    await user.upload(screen.getByLabelText('Choose image'), text);
    expect(await screen.findByTestId('error-message')).toHaveTextContent(
      '“notes.txt” is not an image PoseScope can read. Use JPEG, PNG or WebP. (code -41501)',
    );
    expect(FakeXhr.instances).toHaveLength(0);
  });

  it('refuses a file renamed to .jpg whose bytes are not an image', async () => {
    const user = userEvent.setup();
    renderApp();
    const fake = new File(['GIF? no: plain text'], 'fake.jpg', { type: 'image/jpeg' });
    await user.upload(screen.getByLabelText('Choose image'), fake);
    expect(await screen.findByTestId('error-message')).toHaveTextContent('(code -41501)');
    expect(FakeXhr.instances).toHaveLength(0);
  });

  it('refuses a file above the limit the server announced', async () => {
    const user = userEvent.setup();
    renderApp();
    // The health stub announces 1 MiB.
    await waitFor(() => expect(screen.getByTestId('provider-badge')).toHaveTextContent('Offline engine'));
    await user.upload(screen.getByLabelText('Choose image'), jpegFile('huge.jpg', 2 * 1024 * 1024));
    expect(await screen.findByTestId('error-message')).toHaveTextContent(
      '“huge.jpg” is 2.0 MB; the limit is 1.0 MB. (code -41301)',
    );
    expect(FakeXhr.instances).toHaveLength(0);
  });

  it('a refused file keeps the previous result on screen', async () => {
    const user = userEvent.setup({ applyAccept: false });
    renderApp();
    await uploadAndRespond(200, successEnvelope([{ id: '0', scores: [0.9] }]));
    // findBy fails when nothing appears; the element itself may be re-rendered since.
    await screen.findByTestId('person-item');
    await user.upload(
      screen.getByLabelText('Choose image'),
      new File(['x'], 'a.txt', { type: 'text/plain' }),
    );
    expect(await screen.findByTestId('error-message')).toHaveTextContent('(code -41501)');
    expect(screen.getByTestId('person-item')).toBeInTheDocument();
  });
});
