import { useEffect, useState } from 'preact/hooks';
import { namespace } from '../i18n.js';
import catalogue from '../locales/business.js';
import { TalkToPerson } from './CareCustomer.jsx';
import { businessCalls, businessHandleOf, businessLink, businessSessionApi, relationOf } from '../business.js';
import { ConsentSwitches, OwnerTemplates } from './BusinessConsent.jsx';
import { BusinessWebhooks } from './BusinessWebhooks.jsx';
import { QrCode } from './QrCode.jsx';
import { Modal } from './Modal.jsx';
import './business.css';

import consentCatalogue from '../locales/businessConsent.js';

const tc = namespace('businessConsent', consentCatalogue);
const t = namespace('business', catalogue);

/** The verified badge: drawn here from the server's flag, so no name can carry it. */
export function VerifiedBadge() {
  return (
    <span
      class="verified-badge"
      role="img"
      aria-label={t('verified')}
      title={t('verified')}
      data-testid="verified-badge"
    >
      <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 1l2.9 2.2 3.6-.3 1 3.5 3 2-1.4 3.4 1.4 3.4-3 2-1 3.5-3.6-.3L12 23l-2.9-2.2-3.6.3-1-3.5-3-2L2.9 12 1.5 8.6l3-2 1-3.5 3.6.3z"
        />
        <path fill="#fff" d="M10.5 15.6l-3.3-3.3 1.4-1.4 1.9 1.9 5-5 1.4 1.4z" />
      </svg>
    </span>
  );
}

/** The "bot" label of every bot message. */
export function BotLabel() {
  return (
    <span class="bot-label" title={t('botTitle')} data-testid="bot-label">
      {t('bot')}
    </span>
  );
}

function useRelation(handle) {
  const [relation, setRelation] = useState(null);
  useEffect(() => {
    let live = true;
    relationOf(handle).then((r) => live && setRelation(r));
    return () => {
      live = false;
    };
  }, [handle]);
  return [relation, setRelation];
}

/** Above a bot's message: who wrote it, the badge when the business is verified, and the bot label. */
export function BotSender({ message }) {
  const handle = message.business?.handle ?? null;
  const [relation] = useRelation(handle);
  return (
    <span class="bot-sender" data-testid="bot-sender">
      <span>{message.senderName}</span>
      {relation?.business?.verified && <VerifiedBadge />}
      <BotLabel />
    </span>
  );
}

/** Over a business conversation: the business, its badge, and blocking in one tap. */
export function BusinessBar({ conversationId, messages }) {
  const handle = businessHandleOf(conversationId, messages);
  const [relation, setRelation] = useRelation(handle);
  const [busy, setBusy] = useState(false);
  const [choices, setChoices] = useState(null); // the customer's consent to this business, when open
  if (!handle || !relation) return null;
  const b = relation.business;
  async function toggleChoices() {
    const api = businessSessionApi();
    if (choices || !api) return setChoices(null);
    setChoices(await api.businessChoices(b.id));
  }
  async function toggle() {
    const calls = businessCalls();
    setBusy(true);
    try {
      if (relation.blocked) await calls.unblock(handle);
      else await calls.block(handle);
      setRelation(await relationOf(handle, { fresh: true }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class={`business-bar${relation.blocked ? ' is-blocked' : ''}`} data-testid="business-bar">
      <strong>{b.name}</strong>
      {b.verified && <VerifiedBadge />}
      <span class="muted">@{b.handle}</span>
      <span class="spacer">{relation.blocked ? t('blocked') : ''}</span>
      <button
        type="button"
        class="button small"
        disabled={busy}
        title={relation.blocked ? undefined : t('blockTitle', { name: b.name })}
        data-testid="business-block"
        onClick={toggle}
      >
        {relation.blocked ? t('unblock') : t('block')}
      </button>
      {b.verified && !relation.blocked && (
        <button
          type="button"
          class="button small subtle"
          aria-expanded={choices ? 'true' : 'false'}
          data-testid="business-consent-open"
          onClick={toggleChoices}
        >
          {tc('optInTitle', { name: b.name })}
        </button>
      )}
      {b.verified && !relation.blocked && <TalkToPerson conversationId={conversationId} messages={messages} />}
      {choices && (
        <div class="business-consent" data-testid="business-consent">
          <p class="muted small">{tc('optInHelp', { name: b.name })}</p>
          <ConsentSwitches api={businessSessionApi()} business={choices} place="conversation" onChange={setChoices} />
        </div>
      )}
    </div>
  );
}

/** The directory of verified businesses, and (for developers) their own businesses and keys. */
export function BusinessesDialog({ me, onOpenBusiness, onLedger, onClose }) {
  const calls = businessCalls();
  const [q, setQ] = useState('');
  const [found, setFound] = useState([]);
  const developer = (me.roles ?? []).includes('developer');
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      calls
        .directory(q)
        .then((list) => live && setFound(list))
        .catch(() => live && setFound([]));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);
  return (
    <Modal id="businesses-dialog" title={t('businesses')} onClose={onClose} wide>
      {onLedger && (
        <p>
          <button type="button" class="button subtle" data-testid="business-ledger-open" onClick={onLedger}>
            {tc('ledgerOpen')}
          </button>
        </p>
      )}
      <h3>{t('directory')}</h3>
      <label class="sr-only" for="business-search">
        {t('searchLabel')}
      </label>
      <input
        id="business-search"
        type="search"
        value={q}
        placeholder={t('searchLabel')}
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      <ul class="business-list" data-testid="business-directory">
        {found.map((b) => (
          <li key={b.id}>
            <span class="grow">
              <strong>{b.name}</strong> {b.verified && <VerifiedBadge />} <span class="muted">@{b.handle}</span>
            </span>
            <button type="button" class="button small" onClick={() => onOpenBusiness(b.handle)}>
              {t('chat')}
            </button>
          </li>
        ))}
      </ul>
      {!found.length && <p class="muted">{t('noneFound')}</p>}
      {developer ? <OwnerSection /> : <p class="muted small">{t('developersOnly')}</p>}
    </Modal>
  );
}

const EMPTY = { handle: '', name: '', description: '', category: 'retail', website: '', privacyUrl: '' };
const CATEGORIES = ['retail', 'travel', 'finance', 'utilities', 'telecom', 'health', 'food', 'education', 'services'];

function OwnerSection() {
  const calls = businessCalls();
  const [mine, setMine] = useState([]);
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState(null);
  const reload = () => calls.mine().then(setMine, () => setMine([]));
  useEffect(() => {
    reload();
  }, []);
  async function create(e) {
    e.preventDefault();
    setError(null);
    const body = { ...form };
    if (!body.website) delete body.website;
    try {
      await calls.create(body);
      setForm(EMPTY);
      reload();
    } catch (err) {
      setError(err.userMessage ?? String(err));
    }
  }
  const field = (key, type = 'text') => (
    <div class="field">
      <label for={`business-${key}`}>{t(key)}</label>
      <input
        id={`business-${key}`}
        type={type}
        value={form[key]}
        onInput={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
      />
    </div>
  );
  return (
    <section aria-labelledby="my-businesses">
      <h3 id="my-businesses">{t('mine')}</h3>
      <ul class="business-list">
        {mine.map((b) => (
          <OwnedBusiness key={b.id} business={b} />
        ))}
      </ul>
      <form onSubmit={create}>
        <h4>{t('create')}</h4>
        {field('handle')}
        {field('name')}
        {field('description')}
        <div class="field">
          <label for="business-category">{t('category')}</label>
          <select
            id="business-category"
            value={form.category}
            onChange={(e) => setForm({ ...form, category: e.currentTarget.value })}
          >
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        {field('website', 'url')}
        {field('privacyUrl', 'url')}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button primary">
          {t('create')}
        </button>
      </form>
    </section>
  );
}

function OwnedBusiness({ business: b }) {
  const calls = businessCalls();
  const [keys, setKeys] = useState([]);
  const [name, setName] = useState('');
  const [shown, setShown] = useState(null);
  const reload = () => calls.keys(b.id).then(setKeys, () => setKeys([]));
  useEffect(() => {
    reload();
  }, [b.id]);
  return (
    <li style={{ flexDirection: 'column', alignItems: 'stretch' }}>
      <span class="grow">
        <strong>{b.name}</strong> {b.verified && <VerifiedBadge />} @{b.handle} ·{' '}
        {t('status', { status: t(`status_${b.status}`) })}
        {b.reviewReason ? ` · ${t('reason', { reason: b.reviewReason })}` : ''}
      </span>
      <span class="muted small">
        {t('deepLink')}: {businessLink(window.location.origin, b.handle)}
        {b.verified && (
          <QrCode text={businessLink(window.location.origin, b.handle)} label={t('deepLink')} testId="business-qr" />
        )}
      </span>
      <h4>{t('keys')}</h4>
      <ul class="business-list">
        {keys.map((k) => (
          <li key={k.id}>
            <span class="grow">
              {k.name} {k.hint} {k.revokedAt ? `(${t('revoked')})` : ''}
            </span>
            {!k.revokedAt && (
              <button type="button" class="button small" onClick={() => calls.revokeKey(b.id, k.id).then(reload)}>
                {t('revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {shown && (
        <p role="status">
          {t('keyOnce')} <code class="business-key">{shown}</code>
        </p>
      )}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const created = await calls.createKey(b.id, name);
          setShown(created.key);
          setName('');
          reload();
        }}
      >
        <label for={`key-name-${b.id}`}>{t('keyName')}</label>
        <input id={`key-name-${b.id}`} value={name} required onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" class="button small">
          {t('newKey')}
        </button>
      </form>
      <OwnerTemplates businessId={b.id} />
      {businessSessionApi() && <BusinessWebhooks request={businessSessionApi().request} businessId={b.id} />}
    </li>
  );
}

/** The Businesses section of the search box's results: verified businesses matching the query. */
export function BusinessSearchSection({ query, onOpenBusiness }) {
  const [found, setFound] = useState([]);
  useEffect(() => {
    const calls = businessCalls();
    let live = true;
    if (!calls || !query || query.trim().length < 2) {
      setFound([]);
      return undefined;
    }
    calls
      .directory(query.trim())
      .then((list) => live && setFound(list.slice(0, 5)))
      .catch(() => live && setFound([]));
    return () => {
      live = false;
    };
  }, [query]);
  if (!found.length) return null;
  return (
    <section class="search-section" aria-label={t('businessesSection')} data-testid="search-businesses">
      <h3 class="search-section-title">{t('businessesSection')}</h3>
      <ul class="business-list">
        {found.map((b) => (
          <li key={b.id}>
            <button type="button" class="grow link-button" onClick={() => onOpenBusiness(b.handle)}>
              <strong>{b.name}</strong> {b.verified && <VerifiedBadge />} <span class="muted">@{b.handle}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
