// A group's settings for its owner and admins (issue 17): description, who may do what, admins,
// invite links; and the join page an invite link opens (`/join/<token>`).
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../i18n.js';
import { t } from './Everyday.jsx';

const RIGHTS = ['addMembers', 'rename', 'pin', 'installApps'];

/** The group-settings part of the details dialog. */
export function GroupSettings({ chat, me, conv }) {
  const members = conv.members ?? [];
  const myRole = members.find((m) => m.id === me.id)?.role;
  const admin = myRole === 'owner' || myRole === 'admin';
  const mayRename = admin || conv.rights?.rename === 'members';
  const mayInvite = admin || conv.rights?.addMembers === 'members';
  const [description, setDescription] = useState(conv.description ?? '');
  const [error, setError] = useState(null);
  const [invites, setInvites] = useState(null);
  const [copied, setCopied] = useState(null);

  useEffect(() => {
    if (!mayInvite) return;
    chat
      .listInvites(conv.id)
      .then(setInvites)
      .catch(() => setInvites([]));
  }, [chat, conv.id, mayInvite]);

  async function run(action) {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e.userMessage ?? String(e));
    }
  }

  const linkOf = (invite) => `${window.location.origin}${invite.path}`;

  return (
    <section class="group-settings" aria-labelledby="group-settings-title" data-testid="group-settings">
      <h3 id="group-settings-title">{t('groupSettings')}</h3>
      {mayRename ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run(() => chat.updateGroup(conv.id, { description }));
          }}
        >
          <label for="group-description">{t('description')}</label>
          <textarea
            id="group-description"
            data-testid="group-description"
            maxLength={500}
            rows={2}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
          <button type="submit" class="button small" disabled={description === (conv.description ?? '')}>
            {t('saveDescription')}
          </button>
        </form>
      ) : (
        conv.description && <p data-testid="group-description-text">{conv.description}</p>
      )}
      {admin && (
        <fieldset>
          <legend>{t('whoMay')}</legend>
          {RIGHTS.map((right) => (
            <div class="setting-row" key={right}>
              <label for={`right-${right}`}>{t(`right_${right}`)}</label>
              <select
                id={`right-${right}`}
                data-testid={`right-${right}`}
                value={conv.rights?.[right] ?? 'members'}
                onChange={(e) => run(() => chat.updateGroup(conv.id, { rights: { [right]: e.currentTarget.value } }))}
              >
                <option value="members">{t('everyMember')}</option>
                <option value="admins">{t('onlyAdmins')}</option>
              </select>
            </div>
          ))}
        </fieldset>
      )}
      {myRole === 'owner' && (
        <ul class="member-roles">
          {members
            .filter((m) => m.id !== me.id && m.role !== 'owner')
            .map((m) => (
              <li key={m.id} class="setting-row">
                <span>
                  {m.displayName} · {t(`role_${m.role === 'admin' ? 'admin' : 'member'}`)}
                </span>
                <button
                  type="button"
                  class="button small subtle"
                  data-testid="toggle-admin"
                  data-username={m.username}
                  onClick={() => run(() => chat.setMemberRole(conv.id, m.id, m.role === 'admin' ? 'member' : 'admin'))}
                >
                  {m.role === 'admin' ? t('removeAdmin') : t('makeAdmin')}
                </button>
              </li>
            ))}
        </ul>
      )}
      {mayInvite && (
        <div class="invite-links">
          <h4>{t('inviteLinks')}</h4>
          {(invites ?? []).map((i) => (
            <div class="invite-row" key={i.id} data-testid="invite-link">
              <code>{linkOf(i)}</code>
              <span class="muted small">
                {t('inviteUses', { uses: i.uses })}
                {i.maxUses ? ` / ${i.maxUses}` : ''}
                {i.expiresAt ? ` · ${t('inviteExpires')} ${formatDateTime(i.expiresAt)}` : ''}
              </span>
              <button
                type="button"
                class="button small"
                onClick={() =>
                  navigator.clipboard?.writeText(linkOf(i)).then(
                    () => setCopied(i.id),
                    () => {},
                  )
                }
              >
                {copied === i.id ? t('copied') : t('copyLink')}
              </button>
              <button
                type="button"
                class="button small subtle"
                data-testid="revoke-invite"
                onClick={() =>
                  run(async () => {
                    await chat.revokeInvite(conv.id, i.id);
                    setInvites((list) => list.filter((x) => x.id !== i.id));
                  })
                }
              >
                {t('revoke')}
              </button>
            </div>
          ))}
          <button
            type="button"
            class="button small"
            data-testid="new-invite"
            onClick={() =>
              run(async () => {
                const made = await chat.createInvite(conv.id, {});
                setInvites((list) => [made, ...(list ?? [])]);
              })
            }
          >
            {t('newInviteLink')}
          </button>
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** The token of an invite link's path (`/join/<token>`), or null. */
export function inviteTokenOf(pathname) {
  const m = String(pathname ?? '').match(/^\/join\/([A-Za-z0-9_-]{16,64})\/?$/u);
  return m ? m[1] : null;
}

/** What an invite link leads to, and the button that joins. */
export function JoinPage({ chat, token, onOpen, onCancel }) {
  const [preview, setPreview] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    chat
      .invitePreview(token)
      .then(setPreview)
      .catch((e) => setError(e.userMessage ?? t('joinUnusable')));
  }, [chat, token]);

  async function join() {
    setBusy(true);
    try {
      const conv = await chat.joinInvite(token);
      onOpen(conv.id);
    } catch (e) {
      setError(e.userMessage ?? t('joinUnusable'));
      setBusy(false);
    }
  }

  return (
    <div class="join-page" data-testid="join-page">
      <h2>{t('joinTitle')}</h2>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {preview && (
        <>
          <h3 data-testid="join-title">{preview.title}</h3>
          {preview.description && <p>{preview.description}</p>}
          <p class="muted">{t('joinMembers', { count: preview.memberCount })}</p>
          {preview.member ? (
            <>
              <p>{t('alreadyMember')}</p>
              <button type="button" class="button primary" onClick={() => onOpen(preview.conversationId)}>
                {t('openGroup')}
              </button>
            </>
          ) : (
            <button type="button" class="button primary" data-testid="join-group" disabled={busy} onClick={join}>
              {t('join')}
            </button>
          )}
        </>
      )}
      <p>
        <button type="button" class="link-button" onClick={onCancel}>
          {t('backToChats')}
        </button>
      </p>
    </div>
  );
}
