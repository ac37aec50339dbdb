import { useState } from 'preact/hooks';
import { formatDateTime, namespace } from '../i18n.js';
import catalogue from '../locales/resetLinks.js';
import { ErrorBox } from './common.jsx';

const t = namespace('resetLinks', catalogue);

/**
 * "Issue reset link" on a person's row: asks the server for a one-time password reset link
 * (audited) and shows it once, to hand over without e-mail.
 */
export function ResetLink({ api, account }) {
  const [link, setLink] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  async function issue() {
    setBusy(true);
    setError(null);
    try {
      const out = await api.request('POST', `/api/admin/accounts/${encodeURIComponent(account.id)}/reset-link`, {});
      setLink({ url: new URL(out.path, window.location.origin).toString(), expiresAt: out.expiresAt });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="reset-link">
      <button
        type="button"
        class="button small"
        disabled={busy}
        aria-label={t('issueFor', { name: account.username })}
        onClick={issue}
        data-testid="issue-reset-link"
      >
        {t('issue')}
      </button>
      {link && (
        <div class="notice" role="status" data-testid="reset-link">
          <p>{t('shownOnce', { name: account.username, expires: formatDateTime(link.expiresAt) })}</p>
          <input
            type="text"
            readOnly
            value={link.url}
            aria-label={t('link')}
            data-testid="reset-link-url"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button
            type="button"
            class="button small"
            onClick={() =>
              navigator.clipboard?.writeText(link.url).then(
                () => setCopied(true),
                () => {},
              )
            }
          >
            {copied ? t('copied') : t('copy')}
          </button>
        </div>
      )}
      <ErrorBox error={error} />
    </div>
  );
}
