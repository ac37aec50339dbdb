import { useEffect, useRef, useState } from 'preact/hooks';
import { Field } from './Field.jsx';
import { namespace as profileNamespace } from '../i18n.js';
import profileCatalogue from '../locales/profile.js';

const tProfile = profileNamespace('profile', profileCatalogue);
import { namespace, isRightToLeft } from '../i18n.js';
import catalogue from '../locales/auth.js';
import { LanguagePicker } from './LanguagePicker.jsx';
import { ForgotLink, ForgotPassword } from './ForgotPassword.jsx';

const t = namespace('auth', catalogue);

const USERNAME_RE = /^[a-z][a-z0-9_.]{2,31}$/;
const USERNAME_HINT = t('usernameHint');
const PASSWORD_HINT = t('passwordHint');

function validate(mode, v) {
  const errors = {};
  if (mode === 'signin') {
    if (!v.username.trim()) errors.username = t('enterUsername');
    if (!v.password) errors.password = t('enterPassword');
    return errors;
  }
  if (!USERNAME_RE.test(v.username)) errors.username = USERNAME_HINT;
  if (!v.displayName.trim()) errors.displayName = t('enterDisplayName');
  if (v.password.length < 10) errors.password = t('passwordTooShort');
  else if (v.password.length > 200) errors.password = t('passwordTooLong');
  return errors;
}

const TABS = [
  { mode: 'signin', label: t('signIn') },
  { mode: 'signup', label: t('createAccount') },
];

/** Sign in, sign up, and the first-admin setup form. */
export function AuthView({ api, mode: initialMode, setupToken, notice, onSignedIn }) {
  const [mode, setMode] = useState(initialMode);
  const [values, setValues] = useState({ username: '', displayName: '', password: '' });
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  // Two-factor sign-in (issue 17): the right password of such an account asks for a code next.
  const [twoFactor, setTwoFactor] = useState(false);
  const [code, setCode] = useState('');
  // "Forgot password?" (issue 17): its own small form in place of the sign-in form.
  const [forgot, setForgot] = useState(false);
  const refs = { username: useRef(null), displayName: useRef(null), password: useRef(null) };
  const tabRefs = [useRef(null), useRef(null)];
  const p = mode; // id prefix: signin-, signup-, setup-

  // Focus the first field on arrival and after a click on a tab; arrow keys keep focus on the tabs.
  const focusFieldOnSwitch = useRef(true);
  useEffect(() => {
    if (focusFieldOnSwitch.current) refs.username.current?.focus();
    focusFieldOnSwitch.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode]);

  function focusFirstError(errs) {
    for (const name of ['username', 'displayName', 'password']) {
      if (errs[name]) {
        refs[name].current?.focus();
        return;
      }
    }
  }

  function switchMode(next) {
    setMode(next);
    setErrors({});
    setFormError(null);
  }

  const update = (name) => (e) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [name]: value }));
    if (errors[name]) setErrors((er) => ({ ...er, [name]: undefined }));
  };

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    // The server folds usernames to lower case; so do we, before checking them.
    const v = { ...values, username: values.username.trim().toLowerCase() };
    const errs = validate(mode === 'signin' ? 'signin' : 'signup', v);
    setFormError(null);
    if (Object.values(errs).some(Boolean)) {
      setErrors(errs);
      focusFirstError(errs);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      let session;
      if (mode === 'signin' && twoFactor) {
        session = await api.request(
          'POST',
          '/api/auth/signin',
          { username: v.username, password: v.password, code: code.trim() },
          { noAuthRedirect: true },
        );
        api.setCsrfToken(session.csrfToken);
      } else if (mode === 'signin') session = await api.signIn(v.username, v.password);
      else if (mode === 'signup') session = await api.signUp(v.username, v.displayName.trim(), v.password);
      else session = await api.setupAdmin(setupToken, v.username, v.displayName.trim(), v.password);
      if (session && session.twoFactorRequired) {
        setBusy(false);
        setTwoFactor(true);
        return;
      }
      onSignedIn(session);
    } catch (err) {
      setBusy(false);
      const field = err.fieldName;
      if (field && field in refs && !(mode === 'signin' && field === 'displayName')) {
        const next = { [field]: err.userMessage };
        setErrors(next);
        focusFirstError(next);
      } else if (mode === 'signin' && err.status === 401) {
        setFormError(t('wrongPassword'));
        refs.password.current?.focus();
      } else {
        setFormError(err.userMessage ?? String(err));
      }
    }
  }

  function onTabKey(e, index) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const forward = (e.key === 'ArrowRight') !== isRightToLeft(); // the tabs mirror in right-to-left
    const next = (index + (forward ? 1 : TABS.length - 1)) % TABS.length;
    focusFieldOnSwitch.current = false;
    switchMode(TABS[next].mode);
    tabRefs[next].current?.focus();
  }

  const isSetup = mode === 'setup';
  const heading = isSetup ? t('setUp') : mode === 'signin' ? t('welcomeBack') : t('createYourAccount');
  const submitLabel = isSetup ? t('createAdmin') : mode === 'signin' ? t('signIn') : t('createAccount');
  const busyLabel = isSetup ? t('creating') : mode === 'signin' ? t('signingIn') : t('creatingAccount');

  return (
    <div class="auth-page">
      <main class="auth-card" aria-labelledby="auth-heading">
        <div class="brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <span>Parley</span>
        </div>
        <h1 id="auth-heading">{heading}</h1>
        {isSetup ? (
          <p class="muted">{t('setupIntro')}</p>
        ) : (
          <div class="tabs" role="tablist" aria-label={t('tabs')}>
            {TABS.map((t, i) => (
              <button
                key={t.mode}
                ref={tabRefs[i]}
                type="button"
                role="tab"
                id={`auth-tab-${t.mode}`}
                data-testid={`auth-tab-${t.mode}`}
                aria-selected={mode === t.mode ? 'true' : 'false'}
                aria-controls="auth-form"
                tabIndex={mode === t.mode ? 0 : -1}
                onClick={() => switchMode(t.mode)}
                onKeyDown={(e) => onTabKey(e, i)}
              >
                {t.label}
              </button>
            ))}
          </div>
        )}
        {notice && mode === 'signin' && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        {mode === 'signin' && forgot ? (
          <ForgotPassword api={api} onBack={() => setForgot(false)} />
        ) : isSetup && !setupToken ? (
          <p class="form-error" role="alert" data-testid="setup-missing-token">
            {t('setupIncomplete')}
          </p>
        ) : (
          <form
            id="auth-form"
            data-testid={`${p}-form`}
            role={isSetup ? undefined : 'tabpanel'}
            aria-labelledby={isSetup ? 'auth-heading' : `auth-tab-${mode}`}
            onSubmit={submit}
            noValidate
          >
            <Field
              id={`${p}-username`}
              label={t('username')}
              inputRef={refs.username}
              name="username"
              autocomplete="username"
              autocapitalize="none"
              autocorrect="off"
              spellcheck={false}
              value={values.username}
              onInput={update('username')}
              error={errors.username}
              hint={mode === 'signin' ? null : USERNAME_HINT}
              required
            />
            {mode !== 'signin' && (
              <Field
                id={`${p}-displayname`}
                label={t('displayName')}
                inputRef={refs.displayName}
                name="displayName"
                autocomplete="name"
                value={values.displayName}
                onInput={update('displayName')}
                error={errors.displayName}
                required
              />
            )}
            <Field
              id={`${p}-password`}
              label={t('password')}
              inputRef={refs.password}
              name="password"
              type={showPassword ? 'text' : 'password'}
              autocomplete={mode === 'signin' ? 'current-password' : 'new-password'}
              value={values.password}
              onInput={update('password')}
              error={errors.password}
              hint={mode === 'signin' ? null : PASSWORD_HINT}
              required
            >
              <button
                type="button"
                class="reveal"
                aria-pressed={showPassword ? 'true' : 'false'}
                aria-label={showPassword ? t('hidePassword') : t('showPassword')}
                onClick={() => setShowPassword((s) => !s)}
              >
                {showPassword ? t('hide') : t('show')}
              </button>
            </Field>
            {mode === 'signin' && twoFactor && (
              <Field
                id="signin-code"
                label={tProfile('code')}
                hint={tProfile('twoFactorPrompt')}
                name="code"
                autocomplete="one-time-code"
                value={code}
                onInput={(e) => setCode(e.currentTarget.value)}
                required
                autoFocus
              />
            )}
            {formError && (
              <p class="form-error" role="alert" data-testid="auth-error">
                {formError}
              </p>
            )}
            <button type="submit" class="button primary block" data-testid={`${p}-submit`} disabled={busy}>
              {busy ? busyLabel : submitLabel}
            </button>
            {mode === 'signin' && !twoFactor && <ForgotLink onClick={() => setForgot(true)} />}
          </form>
        )}
        <LanguagePicker />
      </main>
    </div>
  );
}
