import { useEffect, useRef, useState } from 'preact/hooks';
import { namespace } from '../i18n.js';
import catalogue from '../locales/forgot.js';
import { Field } from './Field.jsx';

const t = namespace('forgot', catalogue);

/**
 * "Forgot password?" (issue 17): a username or an e-mail address goes to POST /api/auth/forgot;
 * the server answers the same whatever matched, and so does this form.
 */
export function ForgotPassword({ api, onBack }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const input = useRef(null);
  useEffect(() => input.current?.focus(), []);

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const typed = value.trim();
    if (!typed) {
      setError(t('forgotEmpty'));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = typed.includes('@') ? { email: typed } : { username: typed.toLowerCase() };
      await api.request('POST', '/api/auth/forgot', body, { noAuthRedirect: true });
      setSent(true);
    } catch (err) {
      setError(err.userMessage ?? String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="forgot-password" aria-labelledby="forgot-heading" data-testid="forgot-password">
      <h2 id="forgot-heading">{t('forgotHeading')}</h2>
      {sent ? (
        <p class="notice" role="status" data-testid="forgot-sent">
          {t('forgotSent')}
        </p>
      ) : (
        <form onSubmit={submit} noValidate data-testid="forgot-form">
          <p class="muted">{t('forgotIntro')}</p>
          <Field
            id="forgot-login"
            label={t('forgotField')}
            inputRef={input}
            name="login"
            autocomplete="username"
            autocapitalize="none"
            autocorrect="off"
            spellcheck={false}
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
            error={error}
            required
          />
          <button type="submit" class="button primary block" disabled={busy} data-testid="forgot-submit">
            {busy ? t('forgotSending') : t('forgotSend')}
          </button>
        </form>
      )}
      <button type="button" class="link-button" onClick={onBack} data-testid="forgot-back">
        {t('forgotBack')}
      </button>
    </section>
  );
}

/** The "Forgot password?" button under the sign-in form. */
export function ForgotLink({ onClick }) {
  return (
    <button type="button" class="link-button" onClick={onClick} data-testid="forgot-link">
      {t('forgotLink')}
    </button>
  );
}
