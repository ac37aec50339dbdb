// sync.js: how a player keeps in step with the shared state, as pure functions (no DOM), so that
// they are tested on their own (sample-miniapps/src/test/js/music-sync.test.js).
//
// The state says where the track was (`positionMs`) at a moment of the host's clock
// (`updatedAtHostMs`); a playing page expects to be at positionMs + (host now - updatedAtHostMs).
// Far off, it seeks; a little off, it plays slightly faster or slower until it catches up, which
// is inaudible where a seek would skip.

/** Beyond this drift the player seeks. */
export const SEEK_DRIFT_MS = 250;
/** Below this drift the player plays at normal speed. */
export const NUDGE_DRIFT_MS = 40;
/** How much faster or slower a nudged player plays. */
export const NUDGE_RATE = 0.05;

/**
 * Where the current track should be at host time `nowMs`: the saved position, plus the time since
 * it was saved while playing; never below 0, nor past `durationMs` when that is known (> 0).
 */
export function expectedPositionMs(state, nowMs, durationMs = 0) {
  let at = state.positionMs;
  if (state.playing) at += Math.max(0, nowMs - state.updatedAtHostMs);
  at = Math.max(0, at);
  return durationMs > 0 ? Math.min(at, durationMs) : at;
}

/** What the player does about the drift: `{rate, seekToMs?}`. */
export function correction(actualMs, expectedMs) {
  const drift = actualMs - expectedMs;
  if (Math.abs(drift) > SEEK_DRIFT_MS) return { rate: 1, seekToMs: expectedMs };
  if (Math.abs(drift) > NUDGE_DRIFT_MS) return { rate: drift > 0 ? 1 - NUDGE_RATE : 1 + NUDGE_RATE };
  return { rate: 1 };
}

/** Whether `next` replaces `current`: a newer version, or the same one again (a page asked for it). */
export function supersedes(current, next) {
  return !current || next.v >= current.v;
}

/** Whether a broadcast or stored value looks like the server's state (pages trust nothing blindly). */
export function isState(s) {
  return Boolean(s) && typeof s === 'object' && Number.isSafeInteger(s.v) && Array.isArray(s.queue)
    && Number.isSafeInteger(s.index) && typeof s.playing === 'boolean' && Number.isFinite(s.positionMs)
    && Number.isFinite(s.updatedAtHostMs)
    && s.queue.every((t) => t && typeof t === 'object' && typeof t.title === 'string' && typeof t.src === 'string');
}

/** The track the state points at, or null. */
export function currentTrack(state) {
  return state && state.index >= 0 && state.index < state.queue.length ? state.queue[state.index] : null;
}

/** m:ss */
export function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}
