// The public sign-in page of the admin console (no build step, no dependencies): it signs in
// through the API and reloads, so that the server now serves the console itself.
(function () {
  'use strict';
  var form = document.getElementById('signin');
  var errorBox = document.getElementById('signin-error');
  var submit = document.getElementById('signin-submit');
  var notAdmin = document.getElementById('not-admin');
  var csrfToken = null;

  function isAdmin(account) {
    return !!account && Array.isArray(account.roles) && account.roles.indexOf('admin') >= 0;
  }

  function showForm() {
    notAdmin.hidden = true;
    form.hidden = false;
    document.getElementById('signin-username').focus();
  }

  function showNotAdmin(account) {
    form.hidden = true;
    document.getElementById('not-admin-name').textContent = account.displayName + ' (@' + account.username + ')';
    notAdmin.hidden = false;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  // Back to the console: the address that was asked for, or the console's start for this page's own address.
  function openConsole() {
    if (/^\/admin\/signin/.test(location.pathname)) location.replace('/admin/');
    else location.reload();
  }

  function problemDetail(res) {
    return res
      .json()
      .catch(function () {
        return {};
      })
      .then(function (p) {
        if (res.status === 429) {
          var after = res.headers.get('Retry-After');
          return after ? 'Too many attempts. Try again in ' + after + ' s.' : p.detail || 'Too many attempts.';
        }
        return (p && (p.detail || p.title)) || 'Sign-in failed (' + res.status + ').';
      });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    errorBox.hidden = true;
    submit.disabled = true;
    fetch('/api/auth/signin', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
      body: JSON.stringify({ username: form.username.value.trim(), password: form.password.value }),
    })
      .then(function (res) {
        if (!res.ok) {
          return problemDetail(res).then(function (message) {
            showError(message);
            submit.disabled = false;
          });
        }
        return res.json().then(function (session) {
          csrfToken = session.csrfToken;
          if (isAdmin(session.account)) {
            openConsole();
          } else {
            submit.disabled = false;
            form.password.value = '';
            showNotAdmin(session.account);
          }
        });
      })
      .catch(function () {
        submit.disabled = false;
        showError('Could not reach the server. Check your connection and try again.');
      });
  });

  document.getElementById('switch-account').addEventListener('click', function () {
    var headers = {};
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    fetch('/api/auth/signout', { method: 'POST', credentials: 'same-origin', headers: headers })
      .catch(function () {})
      .then(showForm);
  });

  fetch('/api/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (res) {
      if (!res.ok) return showForm();
      return res.json().then(function (session) {
        csrfToken = session.csrfToken;
        // An admin who lands here (a stale tab, a session made elsewhere) only needs a click:
        // no automatic reload, so that a disagreement can never loop.
        if (isAdmin(session.account)) {
          showForm();
          showError('You are signed in as an admin already. Sign in again or reload the page.');
        } else {
          showNotAdmin(session.account);
        }
      });
    })
    .catch(showForm);
})();
