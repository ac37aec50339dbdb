import { QrCode } from './QrCode.jsx';
import { useEffect, useRef, useState } from 'preact/hooks';
import { changeLocale, formatDateTime, LANGUAGES, namespace } from '../i18n.js';
import catalogue from '../locales/profile.js';
import { cropOf, remember } from '../people.js';
import { profileApi } from '../profileApi.js';
import { Avatar } from './Avatar.jsx';
import { EmailSection } from './EmailSection.jsx';
import { Field } from './Field.jsx';
import { Modal } from './Modal.jsx';
import './profile.css';

const t = namespace('profile', catalogue);
const LANGUAGE_NAMES = { en: 'English', de: 'Deutsch', ar: 'العربية' };

/** The profile/settings sheet: profile and avatar, language, presence privacy, password, sessions, 2FA. */
export function ProfileSheet({ api, me, onClose, onChanged }) {
  const pa = useRef(profileApi(api)).current;
  const [profile, setProfile] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    pa.me()
      .then(setProfile)
      .catch((e) => setError(e.userMessage));
  }, [pa]);
  const changed = (p) => {
    setProfile(p);
    remember({ id: p.id, username: p.username, displayName: p.displayName, about: p.about, avatar: p.avatar });
    onChanged?.(p);
  };
  return (
    <Modal id="profile-sheet" title={t('title')} onClose={onClose} wide>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {profile && (
        <div class="profile-sheet">
          <ProfileSection pa={pa} profile={profile} onChanged={changed} />
          <AvatarSection pa={pa} profile={profile} onChanged={changed} />
          <LanguageSection pa={pa} profile={profile} />
          <PrivacySection pa={pa} profile={profile} onChanged={changed} />
          <EmailSection pa={pa} profile={profile} onChanged={changed} />
          <PasswordSection pa={pa} />
          <SessionsSection pa={pa} />
          <TwoFactorSection pa={pa} username={me.username} />
        </div>
      )}
    </Modal>
  );
}

function useAction() {
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState(null);
  const run = async (fn, okText) => {
    setBusy(true);
    setMsg(null);
    try {
      const out = await fn();
      if (okText) setMsg({ ok: true, text: okText });
      return out;
    } catch (e) {
      setMsg({ ok: false, text: e.userMessage ?? String(e), field: e.fieldName });
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, msg, run };
}

function Status({ msg, testId }) {
  if (!msg) return null;
  return (
    <p class={msg.ok ? 'profile-ok' : 'form-error'} role={msg.ok ? 'status' : 'alert'} data-testid={testId}>
      {msg.text}
    </p>
  );
}

function ProfileSection({ pa, profile, onChanged }) {
  const [displayName, setDisplayName] = useState(profile.displayName);
  const [about, setAbout] = useState(profile.about ?? '');
  const [username, setUsername] = useState(profile.username);
  const { busy, msg, run } = useAction();
  async function save(e) {
    e.preventDefault();
    const p = await run(() => pa.update({ displayName, about: about.trim() || null }), t('saved'));
    if (p) onChanged(p);
  }
  async function rename(e) {
    e.preventDefault();
    const p = await run(() => pa.rename(username), t('saved'));
    if (p) onChanged(p);
  }
  return (
    <section class="profile-section" aria-labelledby="profile-h">
      <h3 id="profile-h">{t('profileSection')}</h3>
      <form onSubmit={save}>
        <Field
          id="profile-display-name"
          label={t('displayName')}
          value={displayName}
          maxLength={64}
          required
          onInput={(e) => setDisplayName(e.currentTarget.value)}
        />
        <Field
          id="profile-about"
          label={t('about')}
          hint={t('aboutHint')}
          value={about}
          maxLength={140}
          onInput={(e) => setAbout(e.currentTarget.value)}
        />
        <button type="submit" class="button primary" disabled={busy} data-testid="profile-save">
          {t('saveProfile')}
        </button>
      </form>
      <form onSubmit={rename} class="profile-row-form">
        <Field
          id="profile-username"
          label={t('username')}
          hint={t('usernameHint')}
          value={username}
          maxLength={32}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
        <button type="submit" class="button" disabled={busy || username === profile.username}>
          {t('changeUsername')}
        </button>
      </form>
      <Status msg={msg} testId="profile-status" />
    </section>
  );
}

/** Picks a picture, previews the square crop (zoom and position), uploads it with the crop. */
function AvatarSection({ pa, profile, onChanged }) {
  const [file, setFile] = useState(null);
  const [img, setImg] = useState(null);
  const [zoom, setZoom] = useState(1);
  const [px, setPx] = useState(0.5);
  const [py, setPy] = useState(0.5);
  const canvas = useRef(null);
  const { busy, msg, run } = useAction();

  useEffect(() => {
    if (!file) return undefined;
    const url = URL.createObjectURL(file);
    const image = new Image();
    image.onload = () => setImg(image);
    image.src = url;
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const crop = img ? cropOf(img.naturalWidth, img.naturalHeight, zoom, px, py) : null;
  useEffect(() => {
    const c = canvas.current;
    if (!c || !img || !crop) return;
    const ctx = c.getContext('2d');
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.drawImage(img, crop.x, crop.y, crop.size, crop.size, 0, 0, c.width, c.height);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [img, crop?.x, crop?.y, crop?.size]);

  async function upload() {
    const p = await run(() => pa.setAvatar(file, crop), t('saved'));
    if (p) {
      setFile(null);
      setImg(null);
      onChanged(p);
    }
  }
  async function removePicture() {
    const p = await run(() => pa.removeAvatar(), t('saved'));
    if (p) onChanged(p);
  }
  return (
    <section class="profile-section" aria-labelledby="avatar-h">
      <h3 id="avatar-h">{t('avatar')}</h3>
      <div class="avatar-editor">
        {img ? (
          <canvas
            ref={canvas}
            width="160"
            height="160"
            class="avatar-crop"
            role="img"
            aria-label={t('cropPreview')}
            data-testid="avatar-crop-preview"
          />
        ) : (
          <Avatar id={profile.id} name={profile.displayName} size={96} />
        )}
        <div class="avatar-controls">
          <label class="button" for="avatar-file">
            {t('choosePicture')}
          </label>
          <input
            id="avatar-file"
            class="sr-only"
            type="file"
            accept="image/jpeg,image/png,image/gif,image/webp"
            data-testid="avatar-file"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              if (f) {
                setZoom(1);
                setPx(0.5);
                setPy(0.5);
                setFile(f);
              }
            }}
          />
          {img && (
            <>
              <Slider id="avatar-zoom" label={t('zoom')} min={1} max={4} step={0.05} value={zoom} onInput={setZoom} />
              <Slider id="avatar-x" label={t('moveX')} min={0} max={1} step={0.01} value={px} onInput={setPx} />
              <Slider id="avatar-y" label={t('moveY')} min={0} max={1} step={0.01} value={py} onInput={setPy} />
              <button type="button" class="button primary" disabled={busy} onClick={upload} data-testid="avatar-upload">
                {t('usePicture')}
              </button>
            </>
          )}
          {!img && profile.avatar && (
            <button type="button" class="button subtle" disabled={busy} onClick={removePicture}>
              {t('removePicture')}
            </button>
          )}
        </div>
      </div>
      <Status msg={msg} testId="avatar-status" />
    </section>
  );
}

function Slider({ id, label, min, max, step, value, onInput }) {
  return (
    <div class="field slider-field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        onInput={(e) => onInput(Number(e.currentTarget.value))}
      />
    </div>
  );
}

function LanguageSection({ pa, profile }) {
  const { busy, msg, run } = useAction();
  const current = profile.locale ?? '';
  async function choose(language) {
    const done = await run(() => pa.update({ locale: language }));
    if (done) changeLocale(language);
  }
  return (
    <section class="profile-section" aria-labelledby="language-h">
      <h3 id="language-h">{t('language')}</h3>
      <div class="field">
        <label for="profile-language">{t('language')}</label>
        <select
          id="profile-language"
          data-testid="profile-language"
          value={current}
          disabled={busy}
          onChange={(e) => choose(e.currentTarget.value)}
        >
          {!current && <option value="">—</option>}
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l] ?? l}
            </option>
          ))}
        </select>
      </div>
      <Status msg={msg} />
    </section>
  );
}

function PrivacySection({ pa, profile, onChanged }) {
  const { busy, msg, run } = useAction();
  async function choose(value) {
    const p = await run(() => pa.update({ presencePrivacy: value }), t('saved'));
    if (p) onChanged(p);
  }
  return (
    <section class="profile-section" aria-labelledby="privacy-h">
      <h3 id="privacy-h">{t('privacySection')}</h3>
      <fieldset class="radio-group" disabled={busy}>
        <legend>{t('presenceLabel')}</legend>
        {['everyone', 'contacts', 'nobody'].map((v) => (
          <label key={v} class="radio">
            <input
              type="radio"
              name="presence-privacy"
              value={v}
              checked={profile.presencePrivacy === v}
              onChange={() => choose(v)}
            />
            {t(`presence_${v}`)}
          </label>
        ))}
      </fieldset>
      <Status msg={msg} />
    </section>
  );
}

function PasswordSection({ pa }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { busy, msg, run } = useAction();
  async function submit(e) {
    e.preventDefault();
    const ok = await run(() => pa.changePassword(current, next), t('passwordChanged'));
    if (ok !== undefined) {
      setCurrent('');
      setNext('');
    }
  }
  return (
    <section class="profile-section" aria-labelledby="password-h">
      <h3 id="password-h">{t('securitySection')}</h3>
      <form onSubmit={submit}>
        <Field
          id="current-password"
          type="password"
          autocomplete="current-password"
          label={t('currentPassword')}
          value={current}
          required
          error={msg && !msg.ok && msg.field === 'currentPassword' ? msg.text : null}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
        <Field
          id="new-password"
          type="password"
          autocomplete="new-password"
          label={t('newPassword')}
          value={next}
          required
          error={msg && !msg.ok && msg.field === 'newPassword' ? msg.text : null}
          onInput={(e) => setNext(e.currentTarget.value)}
        />
        <button type="submit" class="button" disabled={busy}>
          {t('changePassword')}
        </button>
      </form>
      <Status msg={msg && (msg.ok || !msg.field) ? msg : null} testId="password-status" />
    </section>
  );
}

function SessionsSection({ pa }) {
  const [list, setList] = useState([]);
  const { busy, msg, run } = useAction();
  const load = () =>
    pa
      .sessions()
      .then(setList)
      .catch(() => {});
  useEffect(() => {
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <section class="profile-section" aria-labelledby="sessions-h">
      <h3 id="sessions-h">{t('sessions')}</h3>
      <ul class="session-list" data-testid="session-list">
        {list.map((s) => (
          <li key={s.id} class="session" data-testid="session">
            <span class="session-text">
              <span>{s.current ? `${s.device} · ${t('thisDevice')}` : s.device}</span>
              <span class="muted">{t('lastUsed', { when: formatDateTime(s.lastUsedAt) })}</span>
            </span>
            {!s.current && (
              <button
                type="button"
                class="button small subtle"
                disabled={busy}
                aria-label={t('signOutSessionOf', { device: s.device })}
                onClick={() => run(() => pa.endSession(s.id)).then(load)}
              >
                {t('signOutSession')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {list.length > 1 && (
        <button
          type="button"
          class="button"
          disabled={busy}
          data-testid="sign-out-others"
          onClick={() => run(() => pa.signOutOthers()).then(load)}
        >
          {t('signOutOthers')}
        </button>
      )}
      <Status msg={msg} />
    </section>
  );
}

function TwoFactorSection({ pa }) {
  const [status, setStatus] = useState(null);
  const [setup, setSetup] = useState(null);
  const [codes, setCodes] = useState(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const { busy, msg, run } = useAction();
  const load = () =>
    pa
      .twoFactor()
      .then(setStatus)
      .catch(() => {});
  useEffect(() => {
    load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  async function begin() {
    const s = await run(() => pa.beginTwoFactor());
    if (s) setSetup(s);
  }
  async function enable(e) {
    e.preventDefault();
    const out = await run(() => pa.enableTwoFactor(code));
    if (out) {
      setCodes(out.recoveryCodes);
      setSetup(null);
      setCode('');
      load();
    }
  }
  async function disable(e) {
    e.preventDefault();
    const out = await run(() => pa.disableTwoFactor(password));
    if (out !== undefined) {
      setPassword('');
      setCodes(null);
      load();
    }
  }
  return (
    <section class="profile-section" aria-labelledby="twofactor-h">
      <h3 id="twofactor-h">{t('twoFactor')}</h3>
      {status && (
        <p data-testid="two-factor-status">
          {status.enabled ? t('twoFactorOn', { count: status.recoveryCodesLeft }) : t('twoFactorOff')}
        </p>
      )}
      {codes && (
        <div class="recovery-codes" data-testid="recovery-codes">
          <p>{t('recoveryCodes')}</p>
          <ul>
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {status && !status.enabled && !setup && (
        <button type="button" class="button" disabled={busy} onClick={begin} data-testid="two-factor-begin">
          {t('turnOn')}
        </button>
      )}
      {setup && (
        <form onSubmit={enable}>
          <p>{t('scanQr')}</p>
          <QrCode testId="two-factor-qr" text={setup.uri} label={t('qrLabel')} />
          <p>
            <code data-testid="two-factor-secret">{setup.secret}</code>
          </p>
          <Field
            id="two-factor-code"
            label={t('code')}
            inputMode="numeric"
            autocomplete="one-time-code"
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
          <button type="submit" class="button primary" disabled={busy}>
            {t('confirm')}
          </button>
        </form>
      )}
      {status?.enabled && (
        <form onSubmit={disable}>
          <Field
            id="two-factor-password"
            type="password"
            autocomplete="current-password"
            label={t('password')}
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <button type="submit" class="button" disabled={busy}>
            {t('turnOff')}
          </button>
        </form>
      )}
      <Status msg={msg} />
    </section>
  );
}

/** Another person's profile: picture, names, about, and presence when their setting allows. */
export function PersonSheet({ api, personId, onClose }) {
  const pa = useRef(profileApi(api)).current;
  const [p, setP] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    pa.person(personId)
      .then((x) => {
        setP(x);
        remember({ id: x.id, username: x.username, displayName: x.displayName, about: x.about, avatar: x.avatar });
      })
      .catch((e) => setError(e.userMessage));
  }, [pa, personId]);
  return (
    <Modal
      id="person-sheet"
      title={p ? t('profileOf', { name: p.displayName }) : t('profileSection')}
      onClose={onClose}
    >
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {p && (
        <div class="person-profile">
          <Avatar id={p.id} name={p.displayName} size={128} />
          <p class="person-profile-name">{p.displayName}</p>
          <p class="muted">@{p.username}</p>
          {p.about && <p data-testid="person-about">{p.about}</p>}
          <p class="muted" data-testid="person-presence">
            {!p.presence
              ? t('presenceHidden')
              : p.presence.online
                ? t('online')
                : p.presence.lastSeenAt
                  ? t('lastSeen', { when: formatDateTime(p.presence.lastSeenAt) })
                  : ''}
          </p>
        </div>
      )}
    </Modal>
  );
}
