import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignIn } from '@/client/api/post-session';

/** Shown instead of the workspace when the server asks for an access token. */
export function SignIn() {
  const { t } = useTranslation();
  const [passcode, setPasscode] = useState('');
  const signIn = useSignIn();
  return (
    <main className="sign-in">
      <form
        className="panel sign-in-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (passcode) signIn.mutate(passcode);
        }}
      >
        <h1>{t('session.title')}</h1>
        <label className="field-row">
          <span>{t('session.token')}</span>
          <input
            type="password"
            autoComplete="current-password"
            value={passcode}
            onChange={(e) => setPasscode(e.currentTarget.value)}
            required
          />
        </label>
        <button type="submit" className="button primary" disabled={signIn.isPending}>
          {t('session.submit')}
        </button>
        {signIn.isError && (
          <p className="inline-error" role="alert" data-testid="sign-in-error">
            {t('session.failed', { message: signIn.error.message })}
          </p>
        )}
      </form>
    </main>
  );
}
