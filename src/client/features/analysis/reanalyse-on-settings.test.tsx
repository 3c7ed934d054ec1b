// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeXhr } from '@/client/testing/fake-xhr';
import { installBrowserStubs, jpegFile, renderApp, successEnvelope } from '@/client/testing/render-app';

// Changing the analysis settings while an image is shown analyses it again with them; the
// previous result stays on screen until the new answer arrives.

beforeEach(() => {
  installBrowserStubs();
  localStorage.clear();
});
afterEach(() => cleanup());

async function nextXhr(count: number): Promise<FakeXhr> {
  await waitFor(() => expect(FakeXhr.instances.length).toBeGreaterThanOrEqual(count));
  return FakeXhr.instances[count - 1]!;
}

/** One person: 17 body points, and with `face` also the 68 iBUG face points. */
function personEnvelope(face: boolean) {
  const base = successEnvelope([{ id: '0', scores: Array.from({ length: 17 }, () => 0.9) }]);
  const person = base.result.keyPointList[0]!;
  const facePoints = face
    ? Array.from({ length: 68 }, (_, i) => ({
        name: `face-${i}`,
        part: 'face',
        x: 200 + i,
        y: 80,
        score: 0.8,
      }))
    : [];
  return {
    ...base,
    result: {
      ...base.result,
      keyPointList: [{ ...person, inferKeypointList: [...person.inferKeypointList, ...facePoints] }],
    },
  };
}

const query = (xhr: FakeXhr) => new URL(xhr.url, 'http://posescope.test').searchParams;

describe('re-analysis on new settings', () => {
  it('sends the image again with the new parts and keeps the old result until the answer', async () => {
    const user = userEvent.setup();
    renderApp();
    const canvas = screen.getByTestId('pose-canvas');
    await user.upload(screen.getByLabelText('Choose image'), jpegFile());
    const first = await nextXhr(1);
    expect(query(first).get('parts')).toBe('body');
    act(() => first.respond(200, personEnvelope(false)));
    await waitFor(() => expect(canvas).toHaveAttribute('data-state', 'done'));
    expect(screen.getByTestId('part-count-face')).toHaveTextContent('0');

    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Detect' }),
      'Whole body (body, feet, face, hands)',
    );
    const second = await nextXhr(2);
    expect(query(second).get('parts')).toBe('body,foot,face,hand');
    // Balanced is the engine's default: not sent.
    expect(query(second).get('quality')).toBeNull();
    // The same image again: same name, same bytes.
    const sent = (xhr: FakeXhr) => {
      const file = (xhr.body as FormData).get('image');
      if (!(file instanceof File)) throw new Error('no image field');
      return file;
    };
    expect(sent(second).name).toBe(sent(first).name);
    expect(new Uint8Array(await sent(second).arrayBuffer())).toEqual(
      new Uint8Array(await sent(first).arrayBuffer()),
    );

    // While the new request runs, the old result is still listed and counted.
    expect(canvas).toHaveAttribute('data-state', 'uploading');
    expect(screen.getByTestId('analysis-status')).toHaveTextContent('Uploading 0%');
    expect(screen.getAllByTestId('person-item')).toHaveLength(1);
    expect(screen.getByTestId('part-count-body')).toHaveTextContent('17');
    act(() => second.uploadDone());
    expect(canvas).toHaveAttribute('data-state', 'analysing');
    expect(screen.getAllByTestId('person-item')).toHaveLength(1);

    act(() => second.respond(200, personEnvelope(true)));
    await waitFor(() => expect(screen.getByTestId('part-count-face')).toHaveTextContent('68'));
    expect(canvas).toHaveAttribute('data-state', 'done');
    expect(screen.getByTestId('person-count')).toHaveTextContent('85 keypoints');
  });

  it('a second change while re-analysing cancels that request; only the last answer shows', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.upload(screen.getByLabelText('Choose image'), jpegFile());
    const first = await nextXhr(1);
    act(() => first.respond(200, personEnvelope(false)));
    await screen.findByTestId('person-item');

    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Detect' }),
      'Whole body (body, feet, face, hands)',
    );
    const second = await nextXhr(2);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Quality' }), 'Accurate');
    const third = await nextXhr(3);
    expect(second.aborted).toBe(true);
    expect(query(third).get('quality')).toBe('accurate');
    act(() => third.respond(200, personEnvelope(true)));
    await waitFor(() => expect(screen.getByTestId('part-count-face')).toHaveTextContent('68'));
    expect(FakeXhr.instances).toHaveLength(3);
  });

  it('a change with no image shown sends nothing; a failed re-analysis keeps the old result', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Detect' }), 'Body + feet');
    expect(FakeXhr.instances).toHaveLength(0);

    await user.upload(screen.getByLabelText('Choose image'), jpegFile());
    const first = await nextXhr(1);
    expect(query(first).get('parts')).toBe('body,foot');
    act(() => first.respond(200, personEnvelope(false)));
    await screen.findByTestId('person-item');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Detect' }), 'Body');
    const second = await nextXhr(2);
    act(() => second.failNetwork());
    // findBy fails when nothing appears; the element itself may be re-rendered since.
    await screen.findByText('The server could not be reached (network error).');
    expect(screen.getAllByTestId('person-item')).toHaveLength(1);

    // Retry uses the current settings.
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    const third = await nextXhr(3);
    expect(query(third).get('parts')).toBe('body');
  });

  it('"Look harder" appears when the engine saw people it did not return, and re-analyses at Accurate', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.upload(screen.getByLabelText('Choose image'), jpegFile());
    const first = await nextXhr(1);
    expect(query(first).get('quality')).toBeNull();
    const unsure = { provider: 'local', model: 'm', quality: 'balanced', unconfirmedPeople: 2 };
    act(() => first.respond(200, { ...personEnvelope(false), meta: unsure }));
    await screen.findByTestId('person-item');
    expect(screen.getByTestId('analysis-status')).toHaveTextContent(
      'Done: 1 person found. The engine saw 2 more possible people it was not sure of.',
    );

    await user.click(
      screen.getByRole('button', { name: 'Look harder: slower, finds small and crowded people' }),
    );
    const second = await nextXhr(2);
    expect(query(second).get('quality')).toBe('accurate');
    expect(screen.getByRole('combobox', { name: 'Quality' })).toHaveValue('accurate');
    // The old answer stays until the new one arrives.
    expect(screen.getAllByTestId('person-item')).toHaveLength(1);
    const two = successEnvelope([
      { id: '0', scores: Array.from({ length: 17 }, () => 0.9) },
      { id: '1', scores: Array.from({ length: 17 }, () => 0.8) },
    ]);
    act(() =>
      second.respond(200, {
        ...two,
        meta: { provider: 'local', model: 'm', quality: 'accurate', unconfirmedPeople: 1 },
      }),
    );
    await waitFor(() => expect(screen.getAllByTestId('person-item')).toHaveLength(2));
    // Already looking as hard as it can: no button, no "saw more" sentence.
    expect(screen.getByTestId('analysis-status')).toHaveTextContent(/^Done: 2 people found\.$/);
    expect(screen.queryByTestId('look-harder')).not.toBeInTheDocument();
  });

  it('offers no "Look harder" when the engine saw nobody more', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.upload(screen.getByLabelText('Choose image'), jpegFile());
    const first = await nextXhr(1);
    act(() =>
      first.respond(200, {
        ...personEnvelope(false),
        meta: { provider: 'local', model: 'm', unconfirmedPeople: 0 },
      }),
    );
    await screen.findByTestId('person-item');
    expect(screen.queryByTestId('look-harder')).not.toBeInTheDocument();
  });
});
