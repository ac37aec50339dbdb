// The messenger's mini-app controller: installed apps per conversation, personal pins, running
// slash commands and card buttons with every answer the broker gives (done, consent, slow,
// problems), the consent sheet, and the app panel with its page calls. No DOM access, like
// chat.js, so it runs under `node --test` with a fake API.

import { bridgeErrorOf, failureOf, outcomeOf, pendingText } from './answers.js';
import { newClientId } from './api.js';
import { BridgeError } from './bridge.js';
import { parseCommand } from './commands.js';
import { namespace } from './i18n.js';
import errorsCatalogue from './locales/errors.js';

const te = namespace('errors', errorsCatalogue);

/** How long an installed-apps list is trusted before it is fetched again on use. */
export const INSTALLED_TTL_MS = 60_000;
/** How long "<app> is taking longer than usual" stays when nothing arrives from the app. */
export const SLOW_NOTE_MS = 120_000;

/** Whether an installed app has a page to open (`pageUrl` in docs/api.md; the server also says `hasPage`). */
export function hasPage(entry) {
  return !!(entry && (entry.pageUrl || entry.hasPage === true));
}

/**
 * @param {object} o
 * @param {ReturnType<import('./api.js').createApi>} o.api
 * @param {{ingest: (id: string, messages: object[]) => void}} o.chat
 * @param {() => string} [o.newClientId]
 * @param {() => number} [o.now]
 * @param {{setTimeout: Function, clearTimeout: Function}} [o.timers]
 * @param {(e: Error) => void} [o.onUnauthorized]
 */
export function createApps(o) {
  const { api, chat } = o;
  const makeClientId = o.newClientId ?? (() => newClientId());
  const now = o.now ?? (() => Date.now());
  const timers = o.timers ?? globalThis;

  let installed = {}; // conversationId -> { items, loading, loaded, error, at }
  let pins = { items: [], loading: false, loaded: false, error: null };
  let consent = null; // { key, app, permissions, busy, error }
  let slow = {}; // conversationId -> [{ key, appId, text, at }]
  let panel = null; // { key, conversationId, appId, app, startParam, status, launch, error, errorStatus, mainButton }
  let keySeq = 0;
  let consentResolve = null;
  const inflight = new Map(); // conversationId -> Promise of the installed list
  // conversationId -> installs and removals answered: a list asked for before one of them may
  // answer after it, and must not put back what it changed.
  const changes = new Map();
  const lastAttempt = new Map(); // conversationId -> { text, clientId } of a command that failed on the way
  const slowTimers = new Map();
  const listeners = new Set();
  const pageListeners = new Set(); // (event, data) => void of the open panel's bridge
  let snapshot = null;

  function makeSnapshot() {
    snapshot = { installed, pins, consent, slow, panel };
  }
  makeSnapshot();

  function emit() {
    makeSnapshot();
    for (const l of [...listeners]) l();
  }

  function guard(e) {
    if (e && e.status === 401 && o.onUnauthorized) o.onUnauthorized(e);
  }

  // ---- installed apps --------------------------------------------------------------------

  function setInstalled(id, patch) {
    installed = {
      ...installed,
      [id]: { items: [], loading: false, loaded: false, error: null, at: 0, ...installed[id], ...patch },
    };
    emit();
  }

  /** The installed apps of a conversation, fetched when unknown, stale or forced. */
  function loadInstalled(id, { force = false } = {}) {
    const held = installed[id];
    if (!force && held?.loaded && now() - held.at < INSTALLED_TTL_MS) return Promise.resolve(held.items);
    if (inflight.has(id)) return inflight.get(id);
    setInstalled(id, { loading: true, error: null });
    const asked = changes.get(id) ?? 0;
    const p = api
      .listInstalledApps(id)
      .then((list) => {
        if ((changes.get(id) ?? 0) !== asked) {
          // An install or removal was answered meanwhile: this list may be older than it.
          inflight.delete(id);
          return loadInstalled(id, { force: true });
        }
        const items = Array.isArray(list) ? list : [];
        setInstalled(id, { items, loading: false, loaded: true, error: null, at: now() });
        return items;
      })
      .catch((e) => {
        guard(e);
        setInstalled(id, { loading: false, error: e });
        throw e;
      })
      .finally(() => {
        if (inflight.get(id) === p) inflight.delete(id);
      });
    inflight.set(id, p);
    return p;
  }

  async function install(id, appId) {
    try {
      const entry = await api.installApp(id, appId);
      changes.set(id, (changes.get(id) ?? 0) + 1);
      const items = (installed[id]?.items ?? []).filter((x) => x.app?.id !== appId);
      setInstalled(id, { items: entry && entry.app ? [...items, entry] : items, loaded: true, at: now() });
      return entry;
    } catch (e) {
      guard(e);
      throw e;
    }
  }

  async function uninstall(id, appId) {
    try {
      await api.uninstallApp(id, appId);
    } catch (e) {
      guard(e);
      if (e.status !== 404) throw e;
    }
    changes.set(id, (changes.get(id) ?? 0) + 1);
    setInstalled(id, { items: (installed[id]?.items ?? []).filter((x) => x.app?.id !== appId) });
    if (panel && panel.conversationId === id && panel.appId === appId) stopPanel();
  }

  /** The installed app that has a command, by name. */
  function appOfCommand(id, name) {
    for (const entry of installed[id]?.items ?? []) {
      if ((entry.commands ?? []).some((c) => c.name === name)) return entry.app;
    }
    return null;
  }

  // ---- pins ------------------------------------------------------------------------------

  async function loadPins() {
    pins = { ...pins, loading: true, error: null };
    emit();
    try {
      const list = await api.listPins();
      pins = { items: Array.isArray(list) ? list : [], loading: false, loaded: true, error: null };
    } catch (e) {
      guard(e);
      pins = { ...pins, loading: false, error: e };
    }
    emit();
  }

  /** Pins or unpins at once; the server's refusal puts the list back. */
  async function setPinned(app, pinned) {
    const before = pins;
    const has = pins.items.some((a) => a.id === app.id);
    if (pinned === has) return;
    pins = { ...pins, items: pinned ? [...pins.items, app] : pins.items.filter((a) => a.id !== app.id) };
    emit();
    try {
      if (pinned) await api.pinApp(app.id);
      else await api.unpinApp(app.id);
    } catch (e) {
      guard(e);
      pins = before;
      emit();
      throw e;
    }
  }

  // ---- consent ---------------------------------------------------------------------------

  /** Shows the consent sheet; resolves true once the grant is stored, false on "Not now". */
  function askConsent(app, permissions, conversationId = null) {
    if (consentResolve) consentResolve(false);
    consent = { key: ++keySeq, app, permissions, conversationId, busy: false, error: null };
    emit();
    return new Promise((resolve) => {
      consentResolve = resolve;
    });
  }

  function finishConsent(result) {
    const resolve = consentResolve;
    consentResolve = null;
    consent = null;
    emit();
    if (resolve) resolve(result);
  }

  async function allowConsent() {
    if (!consent || consent.busy) return;
    const current = consent;
    consent = { ...current, busy: true, error: null };
    emit();
    try {
      await api.grantConsent(
        current.app.id,
        current.permissions.map((p) => p.name),
        current.conversationId,
      );
      if (consent && consent.key === current.key) finishConsent(true);
    } catch (e) {
      guard(e);
      if (consent && consent.key === current.key) {
        consent = { ...consent, busy: false, error: failureOf(e, current.app.name).message };
        emit();
      }
    }
  }

  function declineConsent() {
    if (consent) finishConsent(false);
  }

  // ---- running commands and card buttons -------------------------------------------------

  function addSlow(id, app) {
    const key = ++keySeq;
    const note = { key, appId: app?.id ?? null, text: pendingText(app?.name), at: now() };
    slow = { ...slow, [id]: [...(slow[id] ?? []), note] };
    emit();
    slowTimers.set(
      key,
      timers.setTimeout(() => dismissSlow(id, key), SLOW_NOTE_MS),
    );
  }

  function dismissSlow(id, key) {
    const list = slow[id];
    if (!list) return;
    const left = list.filter((n) => n.key !== key);
    if (left.length === list.length) return;
    const t = slowTimers.get(key);
    if (t) timers.clearTimeout(t);
    slowTimers.delete(key);
    slow = { ...slow, [id]: left };
    emit();
  }

  /** A message from an app arrived (live): its late answer has landed. */
  function onMessage(m) {
    if (!m || m.kind !== 'card' || !m.app) return;
    for (const n of slow[m.conversationId] ?? []) {
      if (n.appId === m.app.id || n.appId == null) dismissSlow(m.conversationId, n.key);
    }
  }

  /**
   * Sends, and sees the answer through: consent (ask, then send again), slow, done, problems.
   * `send(fresh)` performs the request; `fresh` is true for a send after consent.
   */
  async function perform(id, app, send) {
    let fresh = false;
    for (let round = 0; round < 3; round++) {
      let outcome;
      try {
        outcome = outcomeOf(await send(fresh));
      } catch (e) {
        guard(e);
        const failure = failureOf(e, app?.name ?? te('theApp'));
        // Our list may be out of date (uninstalled, suspended elsewhere): fetch it again.
        if (e.status === 404 || e.status === 403) loadInstalled(id, { force: true }).catch(() => {});
        return failure;
      }
      if (outcome.kind === 'done') {
        chat.ingest(id, outcome.messages);
        return outcome;
      }
      if (outcome.kind === 'pending') {
        const slowApp = app ?? outcome.app;
        addSlow(id, slowApp);
        return { ...outcome, text: pendingText(slowApp?.name) };
      }
      if (outcome.kind !== 'consent') return outcome;
      const asked = outcome.app?.id ? outcome.app : { ...outcome.app, id: app?.id };
      if (!(await askConsent(asked, outcome.permissions, id))) {
        return { kind: 'declined', app: asked, message: te('needsPermission', { app: asked.name ?? te('theApp') }) };
      }
      fresh = true;
    }
    return {
      kind: 'error',
      status: 0,
      message: te('stillAsks'),
      retryAfter: null,
      transient: false,
    };
  }

  /**
   * Runs a slash command typed in a conversation. Resolves with the outcome: `done` and
   * `pending` mean the command was taken (clear the composer); anything else keeps the text.
   */
  async function runCommand(id, text) {
    const parsed = parseCommand(text);
    if (!parsed) return { kind: 'error', status: 0, message: te('notACommand'), retryAfter: null, transient: false };
    if (!installed[id]?.loaded) await loadInstalled(id).catch(() => {});
    const app = appOfCommand(id, parsed.name);
    // The same text after a failure on the way keeps its clientId, so the server runs it once.
    const prev = lastAttempt.get(id);
    let clientId = prev && prev.text === text ? prev.clientId : makeClientId();
    lastAttempt.set(id, { text, clientId });
    const outcome = await perform(id, app, (fresh) => {
      if (fresh) {
        clientId = makeClientId();
        lastAttempt.set(id, { text, clientId });
      }
      return api.runCommand(id, text, clientId);
    });
    if (!(outcome.kind === 'error' && outcome.transient)) lastAttempt.delete(id);
    return outcome;
  }

  /** Presses a card's `callback` button. */
  /** A card's button; `extra.attachmentIds` carries the file a request_file button asked for. */
  function pressButton(id, message, button, extra) {
    const files = extra?.attachmentIds;
    return perform(id, message.app, () =>
      files
        ? api.cardAction(id, message.id, button.id, button.value, files)
        : api.cardAction(id, message.id, button.id, button.value),
    );
  }

  // ---- the app panel ---------------------------------------------------------------------

  function appOf(id, appId) {
    const entry = (installed[id]?.items ?? []).find((x) => x.app?.id === appId);
    if (entry) return entry.app;
    const pinned = pins.items.find((a) => a.id === appId);
    return pinned ?? { id: appId, name: appId, iconUrl: null };
  }

  /**
   * Launches an app's page; one that is not in the conversation yet (a business's message names
   * the airline's or the shop's app, say) is added first by the person who pressed its button, as
   * from the directory: everyone sees "… added the app …", then the page opens.
   */
  async function launchOrAdd(id, appId, startParam) {
    try {
      return await api.launchApp(id, appId, startParam ?? undefined);
    } catch (e) {
      if (e.status !== 404 || (installed[id]?.items ?? []).some((x) => x.app?.id === appId)) throw e;
      try {
        await install(id, appId);
      } catch {
        throw e; // not addable here (the group's rule, no live version): say why it did not open
      }
      return api.launchApp(id, appId, startParam ?? undefined);
    }
  }

  /** Opens an app's page beside a conversation (launch parameters signed by the server). */
  async function openPanel(id, appId, startParam = null) {
    const key = ++keySeq;
    panel = {
      key,
      conversationId: id,
      appId,
      app: appOf(id, appId),
      startParam,
      status: 'loading',
      launch: null,
      error: null,
      errorStatus: null,
      mainButton: null,
    };
    emit();
    try {
      const launch = await launchOrAdd(id, appId, startParam);
      if (!panel || panel.key !== key) return;
      if (!launch || typeof launch.pageUrl !== 'string' || !launch.pageUrl) {
        panel = { ...panel, status: 'error', error: te('noPage', { app: panel.app.name }), errorStatus: 404 };
      } else {
        panel = {
          ...panel,
          status: 'open',
          launch,
          app: { ...panel.app, ...(launch.app && typeof launch.app === 'object' ? launch.app : {}) },
        };
      }
    } catch (e) {
      guard(e);
      if (!panel || panel.key !== key) return;
      panel = { ...panel, status: 'error', error: failureOf(e, panel.app.name).message, errorStatus: e.status ?? 0 };
    }
    emit();
  }

  // ---- the mini-player: a page that asked (manifest "mini_player", bridge setMiniPlayer) keeps
  // running docked when its panel is closed or its conversation left, until the user stops it.

  /** Closes the panel; a page in the mini-player docks instead (already docked: nothing to do). */
  function closePanel() {
    if (!panel || panel.docked) return;
    if (panel.status === 'open' && panel.miniPlayer?.enabled) {
      panel = { ...panel, docked: true };
      emit();
      return;
    }
    stopPanel();
  }

  /** Closes the panel and its page for good, docked or not. */
  function stopPanel() {
    if (!panel) return;
    panel = null;
    emit();
  }

  /** Shows the docked page in its panel again. */
  function undockPanel() {
    if (!panel || !panel.docked) return;
    panel = { ...panel, docked: false };
    emit();
  }

  /** The page's `setMiniPlayer({enabled, title})`: allowed only when its manifest asks for it. */
  function setMiniPlayer(params) {
    const current = panel;
    if (!current || current.status !== 'open') throw new BridgeError('closed', 'The app is not open.');
    if (current.launch?.miniPlayer !== true) {
      throw new BridgeError('not_allowed', 'The manifest must say "mini_player": true to keep playing when closed.');
    }
    const title = typeof params.title === 'string' ? params.title.trim().slice(0, 80) : '';
    panel = { ...current, miniPlayer: { enabled: params.enabled === true, title } };
    emit();
    return { enabled: panel.miniPlayer.enabled };
  }

  function setMainButton(params) {
    if (!panel) return;
    const text = typeof params.text === 'string' ? params.text.trim().slice(0, 64) : '';
    const visible = params.visible !== false && !!text;
    panel = { ...panel, mainButton: visible ? { text } : null };
    emit();
  }

  /**
   * A host call from the open page (bridge `call`): forwarded to the broker, which runs the same
   * checks as for server code. Failures become BridgeErrors with a code the page can act on.
   */
  async function pageCall(params) {
    const current = panel;
    if (!current || current.status !== 'open') throw new BridgeError('closed', 'The app is not open.');
    const capability = params.capability;
    if (typeof capability !== 'string' || !/^[a-z][a-z0-9_.]{0,63}$/u.test(capability)) {
      throw new BridgeError('invalid', 'capability must be a capability name.');
    }
    const args = params.args && typeof params.args === 'object' && !Array.isArray(params.args) ? params.args : {};
    const answer = await withConsent(current, () =>
      api.appCall(current.conversationId, current.appId, capability, args),
    );
    if (answer && answer.status === 'pending') {
      throw new BridgeError('pending', `${current.app.name} is taking longer than usual.`);
    }
    return answer && typeof answer === 'object' && 'result' in answer ? answer.result : null;
  }

  /**
   * Sends a request of the open page; when the server answers that it needs the user's consent,
   * asks once and sends it again. Failures become BridgeErrors with a code the page can act on.
   */
  async function withConsent(current, send) {
    for (let round = 0; round < 2; round++) {
      let answer;
      try {
        answer = await send();
      } catch (e) {
        guard(e);
        const { code, message } = bridgeErrorOf(e);
        throw new BridgeError(code, message);
      }
      if (!answer || answer.status !== 'consent_required') return answer;
      const outcome = outcomeOf(answer);
      const app = outcome.app?.id ? outcome.app : current.app;
      if (round > 0 || !(await askConsent(app, outcome.permissions, current.conversationId))) {
        break;
      }
    }
    throw new BridgeError('consent_denied', 'The user did not allow this.');
  }

  /**
   * An upload from the open page (bridge `uploadMedia`): the file goes to the platform, which
   * checks membership, consent (asked here like for a call), the permission, size and format.
   */
  async function uploadMedia(params) {
    const current = panel;
    if (!current || current.status !== 'open') throw new BridgeError('closed', 'The app is not open.');
    const data = params.data;
    const isBlob = typeof Blob !== 'undefined' && data instanceof Blob;
    if (!isBlob && !(data instanceof ArrayBuffer)) {
      throw new BridgeError('invalid', 'uploadMedia takes the file as a Blob or an ArrayBuffer.');
    }
    const name = typeof params.name === 'string' ? params.name.slice(0, 200) : '';
    return withConsent(current, () => api.uploadMedia(current.conversationId, current.appId, data, name));
  }

  /**
   * A live event: a `page_broadcast` goes to the open page only when it is that app's page in
   * that conversation (docs/api.md "The page bridge"); an `app_reloaded` (a dev-mode save went
   * live) opens that page again, with a fresh launch; everything else is not ours.
   */
  function onLiveEvent(event) {
    if (!event || (event.type !== 'page_broadcast' && event.type !== 'app_reloaded')) return;
    const current = panel;
    if (!current || current.status !== 'open') return;
    if (event.conversationId !== current.conversationId || event.appId !== current.appId) return;
    if (event.type === 'app_reloaded') {
      openPanel(current.conversationId, current.appId, current.startParam);
      return;
    }
    for (const fn of [...pageListeners]) fn('broadcast', event.data);
  }

  /** The open panel's bridge listens for page events here; returns a function that stops it. */
  function attachPage(fn) {
    pageListeners.add(fn);
    return () => pageListeners.delete(fn);
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      for (const t of slowTimers.values()) timers.clearTimeout(t);
      slowTimers.clear();
      if (consentResolve) consentResolve(false);
      consentResolve = null;
      listeners.clear();
    },
    loadInstalled,
    install,
    uninstall,
    loadPins,
    setPinned,
    allowConsent,
    declineConsent,
    runCommand,
    pressButton,
    dismissSlow,
    onMessage,
    openPanel,
    closePanel,
    stopPanel,
    undockPanel,
    setMiniPlayer,
    setMainButton,
    pageCall,
    uploadMedia,
    onLiveEvent,
    attachPage,
    launchObject: () => (panel && panel.launch ? panel.launch : null),
  };
}
