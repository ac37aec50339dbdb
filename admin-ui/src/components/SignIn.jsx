import { useState } from 'preact/hooks';
import { ErrorBox } from './common.jsx';
import { LanguagePicker } from './LanguagePicker.jsx';
import { namespace } from '../i18n.js';
import consoleCatalogue from '../locales/console.js';

const t = namespace('console', consoleCatalogue);

/** Sign-in inside the console, for a session that ended while it was open. */
export function SignIn({ api, notice, onSignedIn }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn(username.trim(), password));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div class="splash">
      <form class="card signin" onSubmit={submit} data-testid="signin-form">
        <h1>{t('signInTitle')}</h1>
        {notice && <p class="muted">{notice}</p>}
        <label for="signin-username">{t('username')}</label>
        <input
          id="signin-username"
          autocomplete="username"
          required
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
        <label for="signin-password">{t('password')}</label>
        <input
          id="signin-password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <ErrorBox error={error} testid="signin-error" />
        <button type="submit" class="button primary" disabled={busy} data-testid="signin-submit">
          {busy ? t('signingIn') : t('signIn')}
        </button>
        <LanguagePicker />
      </form>
    </div>
  );
}
