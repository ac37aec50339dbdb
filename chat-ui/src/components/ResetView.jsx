import { useState } from 'preact/hooks';
import { namespace } from '../i18n.js';
import catalogue from '../locales/profile.js';
import { Field } from './Field.jsx';

const t = namespace('profile', catalogue);

/** Reads `/#reset=<token>` (a one-time link an admin issued) and removes it from the address bar. */
export function takeResetToken() {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const token = params.get('reset');
  if (!token) return null;
  window.history.replaceState(null, '', window.location.pathname);
  return token;
}

/** Sets a new password through a one-time reset link, then goes on to sign in. */
export function ResetView({ api, token, onDone }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.request('POST', '/api/auth/reset', { token, password }, { noAuthRedirect: true });
      onDone(t('resetDone'));
    } catch (err) {
      setError(err.userMessage ?? String(err));
      setBusy(false);
    }
  }
  return (
    <div class="auth-page">
      <main class="auth-card">
        <h1>{t('resetTitle')}</h1>
        <form onSubmit={submit} data-testid="reset-form">
          <Field
            id="reset-password"
            type="password"
            autocomplete="new-password"
            label={t('newPassword')}
            value={password}
            required
            autoFocus
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          {error && (
            <p class="form-error" role="alert" data-testid="reset-error">
              {error}
            </p>
          )}
          <button type="submit" class="button primary block" disabled={busy} data-testid="reset-submit">
            {t('setPassword')}
          </button>
        </form>
      </main>
    </div>
  );
}
