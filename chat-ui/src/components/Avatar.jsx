import { useEffect, useState } from 'preact/hooks';
import { avatarColour, initials } from '../format.js';
import { person, subscribe } from '../people.js';
import { GroupIcon } from './Icons.jsx';

/** The latest known profile of a person (null for groups or unknown ids); re-renders on a live change. */
export function usePerson(id, { enabled = true } = {}) {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (!enabled || !id) return undefined;
    return subscribe((changed) => {
      if (changed === id) setVersion((v) => v + 1);
    });
  }, [id, enabled]);
  return enabled && id ? person(id) : null;
}

/**
 * A round avatar: the person's picture, or their initials on their one colour (`avatarColour`).
 * Decorative. `group` draws a group (no person behind the id).
 */
export function Avatar({ id, name, group = false, size = 40, lookup = !group }) {
  const known = usePerson(id, { enabled: lookup });
  const shownName = known?.displayName ?? name;
  const src = known?.avatar ? (size > 64 ? known.avatar.large : known.avatar.small) : null;
  const box = { width: `${size}px`, height: `${size}px` };
  if (src) {
    return <img class="avatar avatar-picture" src={src} alt="" aria-hidden="true" style={box} data-avatar-of={id} />;
  }
  return (
    <span
      class="avatar"
      aria-hidden="true"
      data-avatar-of={lookup ? id : undefined}
      style={{ ...box, background: avatarColour(id ?? name), fontSize: `${Math.round(size * 0.4)}px` }}
    >
      {group && !name ? <GroupIcon size={Math.round(size * 0.5)} /> : initials(shownName)}
    </span>
  );
}

/** A person's display name as last known (live), falling back to `name`. */
export function PersonName({ id, name }) {
  const known = usePerson(id);
  return <>{known?.displayName ?? name}</>;
}

/** The other member of a direct conversation, or null (groups, or members not loaded). */
export function peerOf(conv, meId) {
  if (!conv || conv.kind !== 'direct' || !Array.isArray(conv.members)) return null;
  return conv.members.find((m) => m.id !== meId) ?? null;
}

/** A conversation's avatar: the other person's for a direct conversation, a group's otherwise. */
export function ConversationAvatar({ conv, meId, size = 40 }) {
  const peer = peerOf(conv, meId);
  if (peer) return <Avatar id={peer.id} name={peer.displayName} size={size} />;
  return <Avatar id={conv.id} name={conv.title} group={conv.kind === 'group'} lookup={false} size={size} />;
}

/** A conversation's title, following the other person's live name in a direct conversation. */
export function ConversationTitle({ conv, meId }) {
  const peer = peerOf(conv, meId);
  return peer ? <PersonName id={peer.id} name={conv.title} /> : <>{conv.title}</>;
}
