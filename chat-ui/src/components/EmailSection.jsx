import { useState } from 'preact/hooks';
import { namespace } from '../i18n.js';
import catalogue from '../locales/forgot.js';
import { Field } from './Field.jsx';

const t = namespace('forgot', catalogue);

/** The profile sheet's e-mail address (issue 17): only its owner sees it; it receives reset links. */
export function EmailSection({ pa, profile, onChanged }) {
  const [email, setEmail] = useState(profile.email ?? '');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState(null);
  async function save(e) {
    e.preventDefault();
    setBusy(true);
    setMsg(null);
    try {
      const p = await pa.update({ email: email.trim() || null });
      setEmail(p.email ?? '');
      setMsg({ ok: true, text: p.email ? t('emailSaved') : t('emailRemoved') });
      onChanged(p);
    } catch (err) {
      setMsg({ ok: false, text: err.userMessage ?? String(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="profile-section" aria-labelledby="email-h">
      <h3 id="email-h">{t('emailSection')}</h3>
      <form onSubmit={save} class="profile-row-form">
        <Field
          id="profile-email"
          label={t('emailLabel')}
          hint={t('emailHint')}
          type="email"
          autocomplete="email"
          value={email}
          maxLength={254}
          error={msg && !msg.ok ? msg.text : null}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <button type="submit" class="button" disabled={busy} data-testid="profile-email-save">
          {t('emailSave')}
        </button>
      </form>
      {msg?.ok && (
        <p class="profile-ok" role="status" data-testid="profile-email-status">
          {msg.text}
        </p>
      )}
    </section>
  );
}
