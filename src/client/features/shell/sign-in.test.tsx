// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEALTH_OK, installBrowserStubs, renderApp } from '@/client/testing/render-app';

let signedIn = false;
const posted: string[] = [];

beforeEach(() => {
  installBrowserStubs();
  signedIn = false;
  posted.length = 0;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith('/api/health')) {
      // Like the server: an anonymous caller learns only the status.
      return new Response(
        JSON.stringify(signedIn ? { ...HEALTH_OK, accessTokenRequired: true } : { status: 'ok' }),
      );
    }
    if (url.endsWith('/api/session') && init?.method === 'POST') {
      const body = String(init.body);
      posted.push(body);
      if (body.includes('right-passcode')) {
        signedIn = true;
        return new Response(null, { status: 204 });
      }
      return new Response(
        JSON.stringify({
          header: { isSuccessful: false, resultCode: -40101, resultMessage: 'Wrong passcode.' },
        }),
        { status: 401 },
      );
    }
    if (url.endsWith('/api/session')) return new Response(JSON.stringify({ required: true, signedIn }));
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
});
afterEach(() => cleanup());

describe('sign-in screen', () => {
  it('asks for the access token when the server requires one, and then shows the app', async () => {
    const user = userEvent.setup();
    renderApp();
    const field = await screen.findByLabelText('Access token');
    expect(screen.queryByLabelText('Choose image')).not.toBeInTheDocument();

    await user.type(field, 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByTestId('sign-in-error')).toHaveTextContent('Sign-in failed: Wrong passcode.');

    await user.clear(field);
    await user.type(field, 'right-passcode');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    // findBy fails when nothing appears; the element itself may be re-rendered since.
    await screen.findByLabelText('Choose image');
    // Health is asked again once signed in, and now names the provider.
    expect(await screen.findByTestId('provider-badge')).toHaveAttribute('data-provider', 'local');
    expect(JSON.parse(posted.at(-1) ?? '{}')).toEqual({ passcode: 'right-passcode' });
  });
});
