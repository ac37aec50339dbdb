import { GroupSettings } from './GroupAdmin.jsx';
import { t as tm } from './Everyday.jsx';
import { useState } from 'preact/hooks';
import { Avatar, PersonName } from './Avatar.jsx';
import { Field } from './Field.jsx';
import { Modal } from './Modal.jsx';
import { PeoplePicker } from './PeoplePicker.jsx';
import { namespace } from '../i18n.js';
import dialogsCatalogue from '../locales/dialogs.js';

const t = namespace('dialogs', dialogsCatalogue);

function toggleIn(map, account) {
  const next = new Map(map);
  if (next.has(account.id)) next.delete(account.id);
  else next.set(account.id, account);
  return next;
}

/** Creates a group: a title and the people to add. */
export function NewGroupDialog({ chat, api, me, onClose, onDone }) {
  const [title, setTitle] = useState('');
  const [selected, setSelected] = useState(() => new Map());
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    if (busy) return;
    const name = title.trim();
    if (!name) {
      setErrors({ title: t('nameTheGroup') });
      document.getElementById('group-title')?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const conv = await chat.createGroup(name, [...selected.keys()]);
      onDone(conv);
    } catch (err) {
      setBusy(false);
      const f = err.fieldName;
      if (f === 'title') setErrors({ title: err.userMessage });
      else if (f === 'memberIds') setErrors({ members: err.userMessage });
      else setErrors({ form: err.userMessage });
    }
  }

  return (
    <Modal id="new-group-dialog" title={t('newGroup')} onClose={onClose} wide>
      <form onSubmit={submit} noValidate class="dialog-form">
        <Field
          id="group-title"
          label={t('groupName')}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
          error={errors.title}
          maxLength={100}
          autocomplete="off"
          autoFocus
          required
        />
        <PeoplePicker
          api={api}
          meId={me.id}
          selected={selected}
          onToggle={(a) => setSelected((s) => toggleIn(s, a))}
          error={errors.members}
        />
        {errors.form && (
          <p class="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="submit" class="button primary" data-testid="create-group-submit" disabled={busy}>
            {busy ? t('creating') : selected.size ? t('createGroupWith', { count: selected.size }) : t('createGroup')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Starts (or reopens) a direct conversation with one person. */
export function NewDirectDialog({ chat, api, me, onClose, onDone }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function pick(account) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await chat.createDirect(account.id));
    } catch (err) {
      setBusy(false);
      setError(err.userMessage);
    }
  }
  return (
    <Modal id="new-direct-dialog" title={t('newMessage')} onClose={onClose}>
      <PeoplePicker api={api} meId={me.id} multiple={false} onPick={pick} autoFocus />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}

/** Adds people to a group. */
export function AddMembersDialog({ chat, api, me, conv, onClose, onDone }) {
  const [selected, setSelected] = useState(() => new Map());
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  async function submit(e) {
    e.preventDefault();
    if (busy || !selected.size) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await chat.addMembers(conv.id, [...selected.keys()]));
    } catch (err) {
      setBusy(false);
      setError(err.userMessage);
    }
  }
  return (
    <Modal id="add-members-dialog" title={t('addPeopleTo', { title: conv.title })} onClose={onClose} wide>
      <form onSubmit={submit} noValidate class="dialog-form">
        <PeoplePicker
          api={api}
          meId={me.id}
          excludeIds={(conv.members ?? []).map((m) => m.id)}
          selected={selected}
          onToggle={(a) => setSelected((s) => toggleIn(s, a))}
          autoFocus
        />
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button
            type="submit"
            class="button primary"
            data-testid="add-members-submit"
            disabled={busy || !selected.size}
          >
            {busy ? t('adding') : selected.size ? t('addCount', { count: selected.size }) : t('add')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Details of a conversation: rename, members, remove, leave. */
export function ConversationInfoDialog({ chat, me, conv, onClose, onAddPeople, onLeft, onOpenPerson }) {
  const isGroup = conv.kind === 'group';
  const members = conv.members ?? [];
  const myRole = members.find((m) => m.id === me.id)?.role;
  const isOwner = myRole === 'owner';
  const [title, setTitle] = useState(conv.title ?? '');
  const [error, setError] = useState(null);
  const [titleError, setTitleError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);

  async function rename(e) {
    e.preventDefault();
    const name = title.trim();
    if (!name) {
      setTitleError(t('nameTheGroup'));
      return;
    }
    if (name === conv.title) return;
    setBusy(true);
    setTitleError(null);
    try {
      await chat.rename(conv.id, name);
    } catch (err) {
      setTitleError(err.userMessage);
    } finally {
      setBusy(false);
    }
  }

  async function remove(member) {
    setBusy(true);
    setError(null);
    try {
      await chat.removeMember(conv.id, member.id);
    } catch (err) {
      setError(err.userMessage);
    } finally {
      setBusy(false);
    }
  }

  async function leave() {
    setBusy(true);
    setError(null);
    try {
      await chat.removeMember(conv.id, me.id);
      onLeft(conv);
    } catch (err) {
      setBusy(false);
      setError(err.userMessage);
    }
  }

  const sorted = [...members].sort(
    (a, b) =>
      (a.role === 'owner' ? -1 : 0) - (b.role === 'owner' ? -1 : 0) || a.displayName.localeCompare(b.displayName),
  );

  return (
    <Modal
      id="conversation-info-dialog"
      title={isGroup ? t('groupDetails') : t('conversationDetails')}
      onClose={onClose}
      wide
    >
      {isGroup && (
        <form class="rename-form" onSubmit={rename} noValidate>
          <Field
            id="rename-title"
            label={t('groupName')}
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
            error={titleError}
            maxLength={100}
            autocomplete="off"
          />
          <button type="submit" class="button" disabled={busy || title.trim() === conv.title}>
            {t('save')}
          </button>
        </form>
      )}
      <div class="members-header">
        <h3>
          {members.length} {members.length === 1 ? 'member' : 'members'}
        </h3>
        {isGroup && (
          <button type="button" class="button small" data-testid="info-add-people" onClick={onAddPeople}>
            {t('addPeople')}
          </button>
        )}
      </div>
      <ul class="member-list" data-testid="member-list">
        {sorted.map((m) => (
          <li key={m.id} class="member" data-testid="member" data-username={m.username}>
            <Avatar id={m.id} name={m.displayName} size={36} />
            <span class="person-text">
              <span class="person-name">
                {onOpenPerson ? (
                  <button
                    type="button"
                    class="link-button"
                    data-testid="member-profile"
                    onClick={() => onOpenPerson(m.id)}
                  >
                    <PersonName id={m.id} name={m.displayName} />
                  </button>
                ) : (
                  <PersonName id={m.id} name={m.displayName} />
                )}
                {m.id === me.id && <span class="muted">{t('you')}</span>}
              </span>
              <span class="muted">@{m.username}</span>
            </span>
            {m.role === 'owner' && <span class="tag">{t('owner')}</span>}
            {m.role === 'admin' && <span class="tag">{tm('role_admin')}</span>}
            {isGroup && m.id !== me.id && (isOwner || (myRole === 'admin' && m.role === 'member')) && (
              <button
                type="button"
                class="button small subtle"
                disabled={busy}
                aria-label={t('removeFromGroup', { name: m.displayName })}
                onClick={() => remove(m)}
              >
                {t('remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {isGroup && <GroupSettings chat={chat} me={me} conv={conv} />}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {isGroup && (
        <div class="danger-zone">
          {confirmLeave ? (
            <div class="confirm" role="group" aria-label={t('confirmLeaving')}>
              <span>{t('leaveQuestion', { title: conv.title })}</span>
              <button type="button" class="button" onClick={() => setConfirmLeave(false)}>
                {t('stay')}
              </button>
              <button type="button" class="button danger" data-testid="confirm-leave" disabled={busy} onClick={leave}>
                {t('leaveGroup')}
              </button>
            </div>
          ) : (
            <button
              type="button"
              class="button danger subtle"
              data-testid="leave-group"
              onClick={() => setConfirmLeave(true)}
            >
              {t('leaveGroup')}
            </button>
          )}
        </div>
      )}
    </Modal>
  );
}
