// "Forgot password?" and the profile's e-mail field (issue 17) rendered to HTML: labelled inputs,
// named buttons, and the sign-in screen's link to the form.
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { describe, it } from 'node:test';

register('./jsx-loader.js', import.meta.url);
const { h } = await import('preact');
const { renderToString } = await import('preact-render-to-string');
const { ForgotPassword, ForgotLink } = await import('../src/components/ForgotPassword.jsx');
const { EmailSection } = await import('../src/components/EmailSection.jsx');
const { AuthView } = await import('../src/components/AuthView.jsx');

describe('forgot password', () => {
  it('the sign-in form offers "Forgot password?"; sign-up does not', () => {
    const signin = renderToString(h(AuthView, { api: {}, mode: 'signin', onSignedIn() {} }));
    assert.match(signin, /data-testid="forgot-link"[^>]*>Forgot password\?</);
    const signup = renderToString(h(AuthView, { api: {}, mode: 'signup', onSignedIn() {} }));
    assert.doesNotMatch(signup, /forgot-link/);
  });

  it('the form has one labelled field, a send button and a way back', () => {
    const html = renderToString(h(ForgotPassword, { api: {}, onBack() {} }));
    assert.match(html, /<label for="forgot-login">Username or e-mail<\/label>/);
    assert.match(html, /id="forgot-login"[^>]*autocomplete="username"/);
    assert.match(html, /data-testid="forgot-submit"[^>]*>Send link</);
    assert.match(html, /data-testid="forgot-back"[^>]*>Back to sign in</);
    assert.match(renderToString(h(ForgotLink, { onClick() {} })), /type="button"/);
  });

  it('the profile sheet shows the owner their e-mail address in a labelled field', () => {
    const html = renderToString(h(EmailSection, { pa: {}, profile: { email: 'ada@example.org' }, onChanged() {} }));
    assert.match(html, /<label for="profile-email">E-mail address<\/label>/);
    assert.match(html, /type="email"[^>]*value="ada@example.org"|value="ada@example.org"[^>]*type="email"/);
    assert.match(html, />Save e-mail</);
  });
});
