import { useCallback, useState } from 'preact/hooks';
import { useAction, useAsync } from '../hooks.js';
import { navigate } from '../nav.js';
import { href } from '../routes.js';
import { ErrorBox, Loading, Notice, PageHeader } from './common.jsx';
import { ResetLink } from './ResetLink.jsx';
import { namespace as listsNamespace } from '../i18n.js';
import listsCatalogue from '../locales/lists.js';

const tl = listsNamespace('lists', listsCatalogue);

const ROLES = ['developer', 'admin'];

/** Find people (developers included) and grant or revoke the developer and admin roles. */
export function PeoplePage({ api, me, initialQuery }) {
  const [q, setQ] = useState(initialQuery);
  const { data, error, loading, reload } = useAsync(
    (signal) => api.searchAccounts(initialQuery, { signal }),
    [initialQuery],
  );
  const [notice, setNotice] = useState(null);
  const [changed, setChanged] = useState({});
  const submit = (e) => {
    e.preventDefault();
    setNotice(null);
    navigate(href.people(q.trim()), { replace: true });
  };
  const accounts = (data ?? []).map((a) => changed[a.id] ?? a);
  return (
    <section data-testid="people-page">
      <PageHeader title={tl('people')} subtitle={tl('peopleSubtitle')} />
      <form class="filters" onSubmit={submit} role="search">
        <label>
          {tl('usernameOrName')}
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} data-testid="people-q" />
        </label>
        <button type="submit" class="button primary" data-testid="people-search">
          {tl('search')}
        </button>
        <button type="button" class="button" onClick={reload}>
          {tl('refresh')}
        </button>
      </form>
      <Notice>{notice}</Notice>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && accounts.length === 0 && <p class="empty">{tl('nobody')}</p>}
      {accounts.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{tl('person')}</th>
              <th scope="col">{tl('roles')}</th>
              <th scope="col">{tl('change')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <AccountRow
                key={a.id}
                api={api}
                account={a}
                isMe={a.id === me.id}
                onChanged={(updated, message) => {
                  setChanged((c) => ({ ...c, [updated.id]: updated }));
                  setNotice(message);
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AccountRow({ api, account, isMe, onChanged }) {
  const roles = account.roles ?? [];
  const [confirming, setConfirming] = useState(null);
  const act = useAction(
    useCallback(
      (role, grant) => (grant ? api.grantRole(account.id, role) : api.revokeRole(account.id, role)),
      [api, account.id],
    ),
  );
  const change = async (role, grant) => {
    setConfirming(null);
    const updated = await act.run(role, grant);
    if (updated)
      onChanged(
        updated,
        `${account.username} ${grant ? 'is now' : 'is no longer'} ${role === 'admin' ? 'an admin' : 'a developer'}.`,
      );
  };
  return (
    <tr data-testid="account-row" data-username={account.username} data-roles={roles.join(' ')}>
      <td>
        <strong>{account.displayName}</strong> <span class="muted">@{account.username}</span>
        {isMe && <span class="muted small">{tl('you')}</span>}
      </td>
      <td>
        {roles.map((r) => (
          <span key={r} class={`badge role-${r}`} data-testid="role" data-role={r}>
            {r}
          </span>
        ))}
      </td>
      <td class="actions">
        {ROLES.map((role) => {
          const has = roles.includes(role);
          if (!has) {
            return (
              <button
                key={role}
                type="button"
                class="button small"
                disabled={act.busy}
                onClick={() => change(role, true)}
                data-testid={`grant-${role}`}
              >
                {tl('make', { role })}
              </button>
            );
          }
          // Revoking admin rights (one's own above all) asks once more, inline.
          if (role === 'admin' && confirming !== role) {
            return (
              <button
                key={role}
                type="button"
                class="button small"
                disabled={act.busy}
                onClick={() => setConfirming(role)}
                data-testid={`revoke-${role}`}
              >
                {tl('revoke', { role })}
              </button>
            );
          }
          return (
            <button
              key={role}
              type="button"
              class="button small danger"
              disabled={act.busy}
              onClick={() => change(role, false)}
              data-testid={role === 'admin' ? 'revoke-admin-confirm' : `revoke-${role}`}
            >
              {role === 'admin' ? (isMe ? tl('revokeOwnAdmin') : tl('revokeAdmin')) : tl('revoke', { role })}
            </button>
          );
        })}
        <ErrorBox error={act.error} />
        <ResetLink api={api} account={account} />
      </td>
    </tr>
  );
}
