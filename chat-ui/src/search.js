// The one search box: search as you type (debounced; a newer query aborts the request of an
// older one, whose answer is never shown), the answer's sections as one list to move through with
// the keyboard, and the matched words of a text as parts to wrap in <mark>. No DOM access.

/** Queries shorter than this only filter the conversation list in place. */
export const MIN_QUERY = 2;
/** The server's longest query (docs/api.md "Search"). */
export const MAX_QUERY = 200;
export const DEBOUNCE_MS = 200;

/**
 * Splits `text` into parts by highlight ranges `[{start, end}]` (character offsets): every part is
 * `{text, mark}`. Ranges out of bounds, empty, unordered or overlapping are clamped, skipped or
 * merged, so nothing an answer holds can break the text or reach the page as markup.
 */
export function markParts(text, highlights) {
  const s = typeof text === 'string' ? text : '';
  const ranges = (Array.isArray(highlights) ? highlights : [])
    .filter((h) => h && Number.isInteger(h.start) && Number.isInteger(h.end))
    .map((h) => ({ start: Math.max(0, Math.min(s.length, h.start)), end: Math.max(0, Math.min(s.length, h.end)) }))
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const parts = [];
  let at = 0;
  for (const h of ranges) {
    const start = Math.max(h.start, at);
    if (h.end <= start) continue;
    if (start > at) parts.push({ text: s.slice(at, start), mark: false });
    parts.push({ text: s.slice(start, h.end), mark: true });
    at = h.end;
  }
  if (at < s.length || !parts.length) parts.push({ text: s.slice(at), mark: false });
  return parts.filter((p, i) => p.text !== '' || (i === 0 && parts.length === 1));
}

/**
 * The answer's sections as the rows shown, in order, each `{kind, key, ...}`: what the keyboard
 * moves through and Enter opens. Per-app results come last, under their app's name.
 */
export function resultItems(results) {
  if (!results) return [];
  const items = [];
  for (const c of results.conversations ?? []) items.push({ kind: 'conversation', key: `c:${c.id}`, conversation: c });
  for (const m of results.messages ?? []) items.push({ kind: 'message', key: `m:${m.messageId}`, hit: m });
  for (const p of results.people ?? []) items.push({ kind: 'person', key: `p:${p.id}`, person: p });
  for (const a of results.apps ?? []) items.push({ kind: 'app', key: `a:${a.id}`, app: a });
  for (const answer of results.appResults?.apps ?? []) {
    (answer.results ?? []).forEach((r, i) =>
      items.push({
        kind: 'appResult',
        key: `r:${answer.app?.id}:${i}`,
        app: answer.app,
        conversationId: answer.conversationId ?? null,
        result: r,
      }),
    );
  }
  return items;
}

/** Whether an answer has nothing to show (apps that were late or failed are still named). */
export function isEmpty(results) {
  return resultItems(results).length === 0;
}

/**
 * The search controller.
 * @param {object} o
 * @param {{search: Function}} o.api
 * @param {number} [o.debounceMs]
 * @param {typeof setTimeout} [o.setTimeout]
 * @param {typeof clearTimeout} [o.clearTimeout]
 */
export function createSearch(o) {
  const { api } = o;
  const debounceMs = o.debounceMs ?? DEBOUNCE_MS;
  const later = o.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
  const cancel = o.clearTimeout ?? ((t) => clearTimeout(t));
  let snapshot = { query: '', status: 'idle', results: null, error: null, active: -1 };
  const listeners = new Set();
  let timer = null;
  let inFlight = null; // AbortController of the request whose answer we wait for
  let seq = 0;

  function set(patch) {
    snapshot = { ...snapshot, ...patch };
    for (const l of [...listeners]) l();
  }

  function abort() {
    if (timer != null) cancel(timer);
    timer = null;
    if (inFlight) inFlight.abort();
    inFlight = null;
  }

  async function run(query, mine) {
    const controller = new AbortController();
    inFlight = controller;
    try {
      const results = await api.search(query, { signal: controller.signal });
      if (mine !== seq) return;
      inFlight = null;
      set({ status: 'done', results, error: null, active: -1 });
    } catch (e) {
      if (mine !== seq || (e && e.name === 'AbortError')) return;
      inFlight = null;
      set({ status: 'error', error: e, active: -1 });
    }
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** The box's text changed: search after a pause in typing; a shorter text clears the results. */
    setQuery(text) {
      const raw = String(text ?? '');
      const query = raw.trim().slice(0, MAX_QUERY);
      if (query === snapshot.query && raw !== '') return;
      abort();
      const mine = ++seq;
      if (query.length < MIN_QUERY) {
        set({ query, status: 'idle', results: null, error: null, active: -1 });
        return;
      }
      set({ query, status: 'loading', error: null });
      timer = later(() => {
        timer = null;
        run(query, mine);
      }, debounceMs);
    },

    /** Searches again now (after an error). */
    retry() {
      if (snapshot.query.length < MIN_QUERY) return;
      abort();
      const mine = ++seq;
      set({ status: 'loading', error: null });
      run(snapshot.query, mine);
    },

    /** Moves the keyboard's row by `delta`, within the rows shown (-1: none, the box itself). */
    move(delta) {
      const n = resultItems(snapshot.results).length;
      if (!n) return;
      let next = snapshot.active + delta;
      if (next < -1) next = n - 1;
      if (next >= n) next = -1;
      set({ active: next });
    },
    setActive(index) {
      set({ active: index });
    },
    /** The row Enter opens: the one moved to, else the first. */
    current() {
      const items = resultItems(snapshot.results);
      return items[snapshot.active >= 0 ? snapshot.active : 0] ?? null;
    },

    clear() {
      abort();
      seq++;
      set({ query: '', status: 'idle', results: null, error: null, active: -1 });
    },
    stop() {
      abort();
      seq++;
      listeners.clear();
    },
  };
}
