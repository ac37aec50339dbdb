// The messenger's estimate of the server's clock, which app pages use to play in step
// (docs/api.md "The page bridge", method `clock`). NTP style: a few round trips to GET /api/time,
// each giving offset = server time − the midpoint of our send and receive; the sample with the
// shortest round trip wins (its error is at most half that round trip). Re-synced now and then,
// since clocks drift. No DOM, so it runs under `node --test` with a fake time source.

/** Round trips per sync. */
export const SAMPLES = 5;
/** How long an estimate is trusted before the next `clock` request syncs again. */
export const RESYNC_MS = 5 * 60_000;
/** A forced sync (`{sync: true}` from a page) within this long of the last one reuses it. */
export const MIN_SYNC_GAP_MS = 2_000;

/**
 * @param {object} o
 * @param {() => Promise<{now: number}>} o.fetchTime one round trip to the server (api.serverTime)
 * @param {() => number} [o.now] the local clock (Date.now)
 * @param {number} [o.samples]
 */
export function createServerClock(o) {
  const localNow = o.now ?? (() => Date.now());
  const samples = o.samples ?? SAMPLES;
  let best = null; // { offsetMs, rttMs, at }
  let running = null;

  async function measure() {
    let found = null;
    for (let i = 0; i < samples; i++) {
      const sent = localNow();
      let answer;
      try {
        answer = await o.fetchTime();
      } catch {
        continue; // one lost round trip does not spoil the others
      }
      const received = localNow();
      if (!answer || typeof answer.now !== 'number' || !Number.isFinite(answer.now)) continue;
      const rttMs = Math.max(0, received - sent);
      if (!found || rttMs < found.rttMs) found = { offsetMs: answer.now - (sent + received) / 2, rttMs, at: received };
    }
    if (!found) throw new Error('The server did not tell the time.');
    best = found;
    return found;
  }

  /**
   * Syncs when there is no estimate, when it is older than RESYNC_MS, or when `force`d (and the
   * last sync is older than MIN_SYNC_GAP_MS); concurrent callers share one sync.
   */
  function sync({ force = false } = {}) {
    const age = best ? localNow() - best.at : Infinity;
    if (best && age < (force ? MIN_SYNC_GAP_MS : RESYNC_MS)) return Promise.resolve(best);
    if (!running)
      running = measure().finally(() => {
        running = null;
      });
    return running;
  }

  return {
    sync,
    /** The server's time now, as estimated (the local clock before the first sync). */
    now: () => localNow() + (best ? best.offsetMs : 0),
    /** The last estimate `{offsetMs, rttMs, at}`, or null. */
    get estimate() {
      return best;
    },
    /** What the bridge's `clock` method answers the page: `{now, offsetMs, rttMs}`. */
    async answer(params = {}) {
      const e = await sync({ force: params.sync === true });
      return { now: localNow() + e.offsetMs, offsetMs: e.offsetMs, rttMs: e.rttMs };
    },
  };
}
