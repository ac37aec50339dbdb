// Unit tests of the music page's sync rules (samples/music/ui/sync.js) with Node's test runner.
// Run: node --test sample-miniapps/src/test/js/   (MusicPageTest runs them in the Maven build)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clock, correction, currentTrack, expectedPositionMs, isState, supersedes, NUDGE_RATE, SEEK_DRIFT_MS,
} from '../../main/resources/samples/music/ui/sync.js';

const track = { title: 'Harbour Lights', src: 'tracks/harbour-lights.ogg', durationMs: 30_000 };
const state = (over = {}) => ({ v: 3, queue: [track], index: 0, playing: true, positionMs: 1_000, updatedAtHostMs: 50_000, ...over });

test('a playing track is where it was plus the host time since', () => {
  assert.equal(expectedPositionMs(state(), 52_500), 3_500);
});

test('a paused track stays where it was', () => {
  assert.equal(expectedPositionMs(state({ playing: false }), 99_000), 1_000);
});

test('a host clock behind the state counts no negative time', () => {
  assert.equal(expectedPositionMs(state(), 49_000), 1_000);
});

test('the expected position stops at the end of a track of known length', () => {
  assert.equal(expectedPositionMs(state(), 500_000, 30_000), 30_000);
  assert.equal(expectedPositionMs(state(), 500_000, 0), 451_000);
});

test('a large drift seeks, a small one nudges the speed, a tiny one plays on', () => {
  assert.deepEqual(correction(10_000, 10_000 + SEEK_DRIFT_MS + 1), { rate: 1, seekToMs: 10_251 });
  assert.deepEqual(correction(10_200, 10_000), { rate: 1 - NUDGE_RATE }); // ahead: slower
  assert.deepEqual(correction(9_900, 10_000), { rate: 1 + NUDGE_RATE }); // behind: faster
  assert.deepEqual(correction(10_020, 10_000), { rate: 1 });
});

test('an older version never replaces a newer one; the same one again does', () => {
  assert.equal(supersedes(null, state()), true);
  assert.equal(supersedes(state({ v: 4 }), state({ v: 3 })), false);
  assert.equal(supersedes(state({ v: 3 }), state({ v: 3 })), true);
  assert.equal(supersedes(state({ v: 3 }), state({ v: 5 })), true);
});

test('anything that is not a state is ignored', () => {
  assert.equal(isState(state()), true);
  for (const bad of [null, 'x', {}, state({ v: '3' }), state({ queue: 'no' }), state({ playing: 1 }),
    state({ positionMs: NaN }), state({ queue: [{ title: 1, src: 'x' }] }), state({ queue: [null] })]) {
    assert.equal(isState(bad), false, JSON.stringify(bad));
  }
});

test('the current track is the one the index points at, if any', () => {
  assert.equal(currentTrack(state()), track);
  assert.equal(currentTrack(state({ index: -1 })), null);
  assert.equal(currentTrack(state({ index: 1 })), null);
  assert.equal(currentTrack(null), null);
});

test('times read as m:ss', () => {
  assert.equal(clock(0), '0:00');
  assert.equal(clock(65_900), '1:05');
  assert.equal(clock(-5), '0:00');
});
