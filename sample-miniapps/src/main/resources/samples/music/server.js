// Music: listen together. `/music` answers with a card whose button opens the app's page. Every
// member's page in a conversation shares one player: a queue, the track playing and where it is,
// kept in conversation storage as `positionMs` at `updatedAtHostMs` (the host's clock) with a
// version that rises with every change. Pages ask for changes through `page_call` (play, pause,
// seek, skip, enqueue, ended, state); each change is saved and broadcast to every open page,
// which corrects its own position against the host clock. A now-playing card follows the track.
//
// Pages are untrusted: every argument is checked here, and a bad one fails the call.

// BEGIN CATALOGUE (written by sample-miniapps/tools/music-tracks/make-tracks.mjs; do not edit)
const CATALOGUE = [
  {
    "id": "harbour-lights",
    "title": "Harbour Lights",
    "artist": "Parley generated",
    "durationMs": 32804,
    "src": "tracks/harbour-lights.ogg"
  },
  {
    "id": "paper-kites",
    "title": "Paper Kites",
    "artist": "Parley generated",
    "durationMs": 29975,
    "src": "tracks/paper-kites.ogg"
  },
  {
    "id": "night-tram",
    "title": "Night Tram",
    "artist": "Parley generated",
    "durationMs": 35786,
    "src": "tracks/night-tram.ogg"
  },
  {
    "id": "orchard-walk",
    "title": "Orchard Walk",
    "artist": "Parley generated",
    "durationMs": 24577,
    "src": "tracks/orchard-walk.ogg"
  },
  {
    "id": "glass-rain",
    "title": "Glass Rain",
    "artist": "Parley generated",
    "durationMs": 34833,
    "src": "tracks/glass-rain.ogg"
  },
  {
    "id": "tin-parade",
    "title": "Tin Parade",
    "artist": "Parley generated",
    "durationMs": 27750,
    "src": "tracks/tin-parade.ogg"
  }
];
// END CATALOGUE

const KEY = "player";
const MAX_QUEUE = 30;
const MAX_TITLE = 100;
/** Where a seek may go in an upload whose length the server does not know. */
const MAX_UNKNOWN_POSITION_MS = 6 * 60 * 60 * 1000;
const ID = /^[A-Za-z0-9_-]{1,100}$/;
const NONCE = /^[A-Za-z0-9_-]{1,64}$/;

/** `/music`: a card with a button that opens the player. */
export async function music(event, ctx) {
  const state = await load();
  const track = state.queue[state.index];
  return {
    card: {
      title: "Listen together",
      text: track
        ? (state.playing ? "Playing: " : "Paused: ") + track.title + " — open the player to listen along."
        : "Open the player, pick tracks and everyone here hears them at the same time.",
      buttons: [{ id: "open", label: "Open the player", type: "open_page" }],
    },
  };
}

/** A call from the player page: `{action, ...}`. */
export async function page(event, ctx) {
  const args = event.args;
  if (!args || typeof args !== "object" || Array.isArray(args)) {
    throw new Error("page_call: args must be an object with an action");
  }
  const action = args.action;
  if (typeof action !== "string" || !Object.prototype.hasOwnProperty.call(ACTIONS, action)) {
    throw new Error("page_call: unknown action " + JSON.stringify(String(action).slice(0, 40))
      + "; use " + Object.keys(ACTIONS).join(", "));
  }
  const state = await load();
  const now = Date.now();
  const change = await ACTIONS[action](state, args, now, ctx);
  if (!change) {
    // Nothing changed: answer with the state as it is (a page that asked gets back in step).
    await parley.pages.broadcast({ data: message(state, args, ctx) });
    return {};
  }
  const next = { ...change.state, v: state.v + 1, updatedAtHostMs: now };
  await save(next);
  await parley.pages.broadcast({ data: message(next, args, ctx) });
  if (change.card) {
    try {
      await nowPlaying(next);
    } catch (e) {
      // The player works without its card (cards.post not granted, for one): say why in the log.
      console.warn("the now-playing card was not posted: " + e.message);
    }
  }
  return {};
}

const ACTIONS = {
  /** Plays the current track from where it is (the first track when none was chosen). */
  async play(state, args, now) {
    requireTrack(state);
    if (state.playing) return null;
    const index = state.index < 0 ? 0 : state.index;
    let positionMs = index === state.index ? positionAt(state, now) : 0;
    const track = state.queue[index];
    if (track.durationMs > 0 && positionMs >= track.durationMs) positionMs = 0;
    return { state: { ...state, index, playing: true, positionMs }, card: true };
  },

  async pause(state, args, now) {
    if (!state.playing) return null;
    return { state: { ...state, playing: false, positionMs: positionAt(state, now) }, card: true };
  },

  /** `{positionMs}`: moves within the current track, playing or not. */
  async seek(state, args) {
    const track = requireTrack(state);
    const max = track.durationMs > 0 ? track.durationMs : MAX_UNKNOWN_POSITION_MS;
    const positionMs = integer(args, "positionMs", 0, max);
    return { state: { ...state, positionMs }, card: false };
  },

  /** `{index?}`: to a track of the queue, or the next one; past the last, the player stops. */
  async skip(state, args) {
    requireTrack(state);
    const index = args.index === undefined ? state.index + 1 : integer(args, "index", 0, state.queue.length - 1);
    return { state: moveTo(state, index), card: true };
  },

  /**
   * `{index}`: a page's audio reached the end of track `index`. Every page says so; only the first
   * that still matches the state moves on, so the queue advances once.
   */
  async ended(state, args) {
    const index = integer(args, "index", 0, MAX_QUEUE - 1);
    if (!state.playing || index !== state.index) return null;
    return { state: moveTo(state, index + 1), card: true };
  },

  /** `{trackId}` from the catalogue, or `{mediaId}` of an audio file uploaded in this conversation. */
  async enqueue(state, args) {
    if (state.queue.length >= MAX_QUEUE) {
      throw new Error("enqueue: the queue is full (" + MAX_QUEUE + " tracks)");
    }
    const hasTrack = args.trackId !== undefined;
    if (hasTrack === (args.mediaId !== undefined)) {
      throw new Error("enqueue: give either trackId or mediaId");
    }
    let item;
    if (hasTrack) {
      const id = string(args, "trackId", ID);
      const found = CATALOGUE.find((t) => t.id === id);
      if (!found) throw new Error("enqueue: no track " + JSON.stringify(id) + " in the catalogue");
      item = { kind: "catalogue", id, title: found.title, artist: found.artist, durationMs: found.durationMs, src: found.src };
    } else {
      const id = string(args, "mediaId", ID);
      const media = await parley.media.get({ id });
      if (!media) throw new Error("enqueue: no upload " + JSON.stringify(id) + " in this conversation");
      if (typeof media.contentType !== "string" || !media.contentType.startsWith("audio/")) {
        throw new Error("enqueue: upload " + JSON.stringify(id) + " is not audio");
      }
      // Played from the page's own origin, whatever public address the platform knows itself by.
      item = { kind: "upload", id, title: title(media.name), artist: "Upload", durationMs: 0, src: "/media/" + id };
    }
    const queue = [...state.queue, { key: state.nextKey, ...item }];
    const first = state.index < 0;
    return { state: { ...state, queue, nextKey: state.nextKey + 1, index: first ? 0 : state.index,
      positionMs: first ? 0 : state.positionMs }, card: false };
  },

  /** `{nonce?}`: broadcasts the state as it is, telling the page with that nonce whether it may upload. */
  async state(state, args) {
    if (args.nonce !== undefined) string(args, "nonce", NONCE);
    return null;
  },
};

function message(state, args, ctx) {
  const data = { type: "state", state: visible(state) };
  // Only the page that sent this nonce reads `canUpload`; it says whether its user granted media.upload.
  if (args.action === "state" && typeof args.nonce === "string") {
    data.reply = { nonce: args.nonce, canUpload: Array.isArray(ctx.permissions) && ctx.permissions.includes("media.upload") };
  }
  return data;
}

/** What pages see: the state without the id of the now-playing card. */
function visible(state) {
  const { cardId, ...rest } = state;
  return rest;
}

function moveTo(state, index) {
  if (index >= state.queue.length) {
    // Past the end: the last track, stopped at its start.
    return { ...state, index: state.queue.length - 1, playing: false, positionMs: 0 };
  }
  return { ...state, index, positionMs: 0 };
}

/** Where the current track is at `now` on the host clock. */
function positionAt(state, now) {
  if (!state.playing) return state.positionMs;
  const track = state.queue[state.index];
  const at = state.positionMs + Math.max(0, now - state.updatedAtHostMs);
  return track && track.durationMs > 0 ? Math.min(at, track.durationMs) : at;
}

function requireTrack(state) {
  if (state.queue.length === 0) throw new Error("the queue is empty: add a track first");
  return state.queue[state.index < 0 ? 0 : state.index];
}

function integer(args, name, min, max) {
  const v = args[name];
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new Error(args.action + ": " + name + " must be a whole number from " + min + " to " + max);
  }
  return v;
}

function string(args, name, pattern) {
  const v = args[name];
  if (typeof v !== "string" || !pattern.test(v)) {
    throw new Error(args.action + ": " + name + " must be 1-" + (pattern === NONCE ? 64 : 100) + " of A-Z a-z 0-9 _ -");
  }
  return v;
}

/** A file name as a title: no extension, no control characters, at most MAX_TITLE characters. */
function title(name) {
  const text = String(name || "").replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\.[A-Za-z0-9]{1,5}$/, "").trim();
  return (text || "Untitled upload").slice(0, MAX_TITLE);
}

async function load() {
  const saved = await parley.storage.get({ scope: "conversation", key: KEY });
  if (saved && typeof saved === "object" && Array.isArray(saved.queue)) {
    return saved;
  }
  return { v: 0, queue: [], nextKey: 1, index: -1, playing: false, positionMs: 0, updatedAtHostMs: 0, cardId: null };
}

async function save(state) {
  await parley.storage.set({ scope: "conversation", key: KEY, value: state });
}

/** Posts the now-playing card on the first play, and updates it in place afterwards. */
async function nowPlaying(state) {
  const track = state.queue[state.index];
  if (!track || (!state.cardId && !state.playing)) return;
  const card = {
    title: (state.playing ? "Now playing: " : "Paused: ") + track.title,
    text: track.artist + " · track " + (state.index + 1) + " of " + state.queue.length,
    buttons: [{ id: "listen", label: "Listen along", type: "open_page" }],
  };
  if (state.cardId) {
    try {
      await parley.cards.update({ messageId: state.cardId, card });
      return;
    } catch (e) {
      // The card is gone (deleted, or refused): post a new one below.
    }
  }
  const { messageId } = await parley.cards.post({ card });
  // Keep the card's id without bumping the version: pages never see it.
  const latest = await load();
  await save({ ...latest, cardId: messageId });
}
