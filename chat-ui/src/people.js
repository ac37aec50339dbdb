// What the messenger knows of people's profiles (names, avatars), by account id: filled from
// `GET /api/people/:id` on first sight and kept current by the live `profile` event, so every
// avatar and name on screen follows a change without a reload.

const people = new Map(); // id -> { id, username, displayName, about, avatar }
const asked = new Set();
const listeners = new Set();
let fetchPerson = null;

/** Sets how a person is fetched (`id => Promise<person>`); the messenger calls it once it has an API. */
export function setPersonSource(fn) {
  fetchPerson = fn;
  asked.clear();
}

/** A person as last known, or null; asks the server once when unknown. */
export function person(id) {
  if (!id) return null;
  const known = people.get(id);
  if (!known && fetchPerson && !asked.has(id)) {
    asked.add(id);
    Promise.resolve()
      .then(() => fetchPerson(id))
      .then((p) => p && remember(p))
      .catch(() => {});
  }
  return known ?? null;
}

/** Takes in a person's public profile (from an answer or a live `profile` event). */
export function remember(p) {
  if (!p || !p.id) return;
  people.set(p.id, { ...(people.get(p.id) || {}), ...p });
  for (const fn of listeners) fn(p.id);
}

/** Calls `fn(id)` after each change; returns the unsubscribe function. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Handles a live account event; true when it was a profile event. */
export function onLiveEvent(e) {
  if (e && e.type === 'profile' && e.person) {
    remember(e.person);
    return true;
  }
  return false;
}

/** For tests. */
export function forgetAll() {
  people.clear();
  asked.clear();
}

/** The square (in the picture's upright pixels) that the avatar editor's zoom (≥ 1) and position (0..1) select. */
export function cropOf(width, height, zoom, px, py) {
  const size = Math.max(1, Math.floor(Math.min(width, height) / Math.max(1, zoom)));
  return {
    x: Math.round((width - size) * Math.min(1, Math.max(0, px))),
    y: Math.round((height - size) * Math.min(1, Math.max(0, py))),
    size,
  };
}
