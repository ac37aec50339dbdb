import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServerClock, MIN_SYNC_GAP_MS, RESYNC_MS, SAMPLES } from '../src/clock.js';

/** A server whose clock is `skew` ahead of ours, reached over the round trips in `rtts` (ms, symmetric). */
function fakeServer(skew, rtts) {
  let t = 1_000_000;
  let i = 0;
  const calls = [];
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    calls,
    fetchTime: async () => {
      const rtt = rtts[i++ % rtts.length];
      calls.push(rtt);
      if (rtt === null) throw new Error('lost');
      t += rtt / 2;
      const now = t + skew;
      t += rtt / 2;
      return { now };
    },
  };
}

test('the round trip with the shortest time wins, and now() follows the server', async () => {
  const server = fakeServer(5_000, [80, 12, 40, 300, 20]);
  const clock = createServerClock({ fetchTime: server.fetchTime, now: server.now });
  assert.equal(clock.now(), server.now(), 'the local clock before any sync');
  const e = await clock.sync();
  assert.equal(server.calls.length, SAMPLES);
  assert.equal(e.rttMs, 12);
  assert.equal(e.offsetMs, 5_000);
  assert.equal(clock.now(), server.now() + 5_000);
});

test('an asymmetric slow sample does not spoil the estimate; lost round trips are skipped', async () => {
  const server = fakeServer(-2_000, [null, 10, null, 500, 16]);
  const clock = createServerClock({ fetchTime: server.fetchTime, now: server.now });
  const e = await clock.sync();
  assert.equal(e.rttMs, 10);
  assert.equal(e.offsetMs, -2_000);
});

test('every round trip lost: the sync fails and now() stays local', async () => {
  const server = fakeServer(1_000, [null]);
  const clock = createServerClock({ fetchTime: server.fetchTime, now: server.now });
  await assert.rejects(clock.sync(), /did not tell the time/);
  assert.equal(clock.now(), server.now());
});

test('an estimate is reused until it is old; forced syncs are spaced; concurrent callers share one sync', async () => {
  const server = fakeServer(100, [10]);
  const clock = createServerClock({ fetchTime: server.fetchTime, now: server.now, samples: 2 });
  await Promise.all([clock.sync(), clock.sync(), clock.answer()]);
  assert.equal(server.calls.length, 2, 'one shared sync');
  await clock.sync();
  await clock.answer({ sync: true });
  assert.equal(server.calls.length, 2, 'fresh: nothing asked');
  server.advance(MIN_SYNC_GAP_MS);
  await clock.answer({ sync: true });
  assert.equal(server.calls.length, 4, 'a forced sync after the gap');
  await clock.sync();
  assert.equal(server.calls.length, 4);
  server.advance(RESYNC_MS);
  await clock.sync();
  assert.equal(server.calls.length, 6, 're-synced once old');
});

test('answer() tells the page the server time now with the offset and round trip', async () => {
  const server = fakeServer(7_000, [20]);
  const clock = createServerClock({ fetchTime: server.fetchTime, now: server.now, samples: 1 });
  const a = await clock.answer();
  assert.deepEqual(a, { now: server.now() + 7_000, offsetMs: 7_000, rttMs: 20 });
});
