// What a reviewer must see about a version against the one it is compared to: permissions and
// network domains, each flagged new / kept / removed. Pure functions over `versionDetail`s.

/** What each permission lets an app do, for reviewers. */
export const PERMISSION_HELP = {
  'cards.post': 'post messages and cards in the conversation',
  'members.read': 'read who is in the conversation',
  'profile.read': "read the user's profile",
  'storage.user': 'store data per user',
  'storage.conversation': 'store data per conversation',
  'payments.request': 'ask the user to pay (the host confirms every payment)',
  'network.fetch': 'reach the allowed network domains',
  'notifications.send': 'send notifications',
  'media.upload': 'upload audio files for its pages in the conversation',
  'files.receive': 'receive the photos and files users send with its request_file buttons',
};

function names(list) {
  return (list ?? []).map((p) => (typeof p === 'string' ? p : p.name));
}

/**
 * The permissions of `detail` with their reasons, and those `previous` had that are gone:
 * `[{name, reason, status: 'new'|'kept'|'removed', previousReason, reasonChanged}]`, new ones
 * first. The server's `permissionChanges` decides what is new or removed; without it (or for the
 * removed reasons) the `previous` detail is used. With nothing to compare to, every permission is new.
 */
export function permissionRows(detail, previous = null) {
  const current = detail?.permissions ?? [];
  const before = new Map((previous?.permissions ?? []).map((p) => [p.name, p]));
  const changes = detail?.permissionChanges;
  const hasBase = Boolean(detail?.comparedTo) || Boolean(previous);
  const added = new Set(
    changes?.added
      ? names(changes.added)
      : hasBase
        ? current.map((p) => p.name).filter((n) => !before.has(n))
        : current.map((p) => p.name),
  );
  const currentNames = new Set(current.map((p) => p.name));
  const removed = changes?.removed ? names(changes.removed) : [...before.keys()].filter((n) => !currentNames.has(n));

  const rows = current.map((p) => {
    const prev = before.get(p.name);
    const isNew = added.has(p.name);
    return {
      name: p.name,
      reason: p.reason ?? '',
      status: isNew ? 'new' : 'kept',
      previousReason: prev ? (prev.reason ?? '') : null,
      reasonChanged: !isNew && Boolean(prev) && (prev.reason ?? '') !== (p.reason ?? ''),
    };
  });
  for (const name of removed) {
    if (currentNames.has(name)) continue;
    const prev = before.get(name);
    rows.push({
      name,
      reason: '',
      status: 'removed',
      previousReason: prev ? (prev.reason ?? '') : null,
      reasonChanged: false,
    });
  }
  const order = { new: 0, kept: 1, removed: 2 };
  return rows.sort((a, b) => order[a.status] - order[b.status] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The allowed network domains of `detail`, and removed ones: `[{domain, status}]` as for
 * permissions, from `domainChanges` when the server sent it.
 */
export function domainRows(detail, previous = null) {
  const current = detail?.allowedDomains ?? [];
  const before = new Set(previous?.allowedDomains ?? []);
  const changes = detail?.domainChanges;
  const hasBase = Boolean(detail?.comparedTo) || Boolean(previous);
  const added = new Set(changes?.added ?? (hasBase ? current.filter((d) => !before.has(d)) : current));
  const now = new Set(current);
  const removed = changes?.removed ?? [...before].filter((d) => !now.has(d));
  const rows = current.map((domain) => ({ domain, status: added.has(domain) ? 'new' : 'kept' }));
  for (const domain of removed) if (!now.has(domain)) rows.push({ domain, status: 'removed' });
  const order = { new: 0, kept: 1, removed: 2 };
  return rows.sort((a, b) => order[a.status] - order[b.status] || (a.domain < b.domain ? -1 : 1));
}

/** Pretty JSON of a manifest (2 spaces), or the raw text when it is not an object. */
export function prettyJson(value) {
  if (value == null) return '';
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

/** True when a version can be approved or rejected now. */
export function canDecide(version) {
  return version?.state === 'in_review';
}

/** True when the admin may make this version live (release or roll back to it). */
export function canRelease(version) {
  return version?.state === 'approved' && !version.live;
}
