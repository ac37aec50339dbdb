// player.js: the Music page. It shows the shared queue and player of this conversation, sends
// what the user does to the app's server code (`page_call`), and plays what the state says,
// corrected against the host's clock (sync.js). The server's broadcasts are the truth: pressing
// Play does nothing locally until the new state arrives, so every member's page, this one too,
// follows the same path.

import Parley from '/parley-sdk.js';
import { clock, correction, currentTrack, expectedPositionMs, isState, supersedes } from './sync.js';

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** How often a playing page checks its drift. */
const CHECK_EVERY_MS = 500;

const $ = (id) => document.getElementById(id);
const audio = $('audio');
const seek = $('seek');
const nonce = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');

let state = null;
let dragging = false;
let needsTap = false;

function showError(text) {
  $('error').textContent = text || '';
  $('error').hidden = !text;
}

function describe(e) {
  return e && e.message ? e.message : String(e);
}

/** Sends an action to the server code; its outcome comes back as a broadcast. */
async function send(args) {
  try {
    await Parley.server(args);
    showError('');
  } catch (e) {
    showError('That did not work: ' + describe(e));
  }
}

function hostNow() {
  return typeof Parley.now === 'function' ? Parley.now() : Date.now();
}

function durationMs(track) {
  const d = Number.isFinite(audio.duration) && audio.duration > 0 ? Math.round(audio.duration * 1000) : 0;
  return d || (track && track.durationMs) || 0;
}

/** A track's address, only on this page's own origin (the bundle's files or uploads). */
function sourceOf(track) {
  try {
    const url = new URL(track.src, location.href);
    return url.origin === location.origin ? url.href : null;
  } catch {
    return null;
  }
}

function apply(next) {
  if (!isState(next) || !supersedes(state, next)) return;
  state = next;
  document.body.dataset.version = String(state.v);
  document.body.dataset.appliedAt = String(Date.now()); // when this page heard it (tests print the delay)
  render();
  follow();
}

/** Makes the audio element do what the state says. */
function follow() {
  const track = currentTrack(state);
  if (!track) {
    audio.pause();
    audio.removeAttribute('src');
    return;
  }
  const src = sourceOf(track);
  if (!src) {
    showError('This track cannot be played here.');
    audio.pause();
    return;
  }
  if (audio.src !== src) {
    audio.src = src;
  }
  const expected = expectedPositionMs(state, hostNow(), durationMs(track));
  if (!state.playing) {
    audio.playbackRate = 1;
    if (!audio.paused) audio.pause();
    if (Math.abs(audio.currentTime * 1000 - expected) > 1) audio.currentTime = expected / 1000;
    return;
  }
  adjust(expected);
  if (audio.paused) {
    audio.play().then(() => setNeedsTap(false)).catch((e) => {
      // A browser that wants a gesture first: the user taps "join" (its click is the gesture).
      if (e && e.name === 'NotAllowedError') setNeedsTap(true);
    });
  }
}

function adjust(expected) {
  const fix = correction(audio.currentTime * 1000, expected);
  if (fix.seekToMs !== undefined) audio.currentTime = fix.seekToMs / 1000;
  audio.playbackRate = fix.rate;
}

function setNeedsTap(value) {
  needsTap = value;
  $('join').hidden = !value;
}

/** While playing, checks the drift against the host clock now and then. */
setInterval(() => {
  if (!state || !state.playing || audio.paused || audio.seeking || audio.readyState < 2) return;
  const track = currentTrack(state);
  if (!track) return;
  const duration = durationMs(track);
  const expected = expectedPositionMs(state, hostNow(), duration);
  if (duration > 0 && expected >= duration) return; // the end: "ended" moves the queue on
  adjust(expected);
}, CHECK_EVERY_MS);

// Listen together keeps playing when the panel is closed: the page asks for the messenger's
// docked mini-player (manifest "mini_player": true) and gives it the track playing as its line.
let miniPlayerShown = null;
function miniPlayerLine(line) {
  if (!Parley.miniPlayer || line === miniPlayerShown) return;
  miniPlayerShown = line;
  Parley.miniPlayer.set({ enabled: true, title: line }).catch(() => {
    // an older messenger without a mini-player: the page closes with its panel
  });
}

function render() {
  const track = currentTrack(state);
  document.body.dataset.playing = String(Boolean(state && state.playing));
  $('now-title').textContent = track ? track.title : 'Nothing yet';
  miniPlayerLine(track && state.playing ? track.title + ' · ' + track.artist : '');
  $('now-artist').textContent = track ? track.artist : 'Add a track from the catalogue below.';
  $('play').textContent = state && state.playing ? 'Pause' : 'Play';
  $('play').disabled = !state || state.queue.length === 0;
  $('skip').disabled = !track;
  seek.disabled = !track;
  const queue = $('queue');
  queue.replaceChildren(...(state ? state.queue : []).map((t, i) => {
    const li = document.createElement('li');
    li.dataset.index = String(i);
    li.setAttribute('aria-current', String(i === state.index));
    const title = document.createElement('span');
    title.className = 'title';
    title.textContent = (i + 1) + '. ' + t.title;
    const go = document.createElement('button');
    go.type = 'button';
    go.textContent = i === state.index ? 'Current' : 'Play this';
    go.disabled = i === state.index;
    go.addEventListener('click', () => send({ action: 'skip', index: i }));
    li.append(title, go);
    return li;
  }));
  $('queue-empty').hidden = Boolean(state && state.queue.length);
  renderTime();
}

function renderTime() {
  const track = currentTrack(state);
  const duration = durationMs(track);
  $('duration').textContent = clock(duration);
  seek.max = String(duration);
  if (!dragging) {
    const at = track ? audio.currentTime * 1000 : 0;
    seek.value = String(at);
    $('elapsed').textContent = clock(at);
  }
}

function renderCatalogue(catalogue) {
  $('catalogue').replaceChildren(...catalogue.map((t) => {
    const li = document.createElement('li');
    li.dataset.trackId = t.id;
    const title = document.createElement('span');
    title.className = 'title';
    title.textContent = t.title + ' · ' + clock(t.durationMs);
    const add = document.createElement('button');
    add.type = 'button';
    add.textContent = 'Add';
    add.addEventListener('click', () => send({ action: 'enqueue', trackId: t.id }));
    li.append(title, add);
    return li;
  }));
}

async function upload(file) {
  const status = $('upload-status');
  if (!file) return;
  if (file.size > MAX_UPLOAD_BYTES) {
    status.textContent = file.name + ' is larger than 20 MiB.';
    return;
  }
  status.textContent = 'Uploading ' + file.name + '…';
  try {
    const media = await Parley.media.upload(file, { name: file.name });
    await Parley.server({ action: 'enqueue', mediaId: media.id });
    status.textContent = file.name + ' was added to the queue.';
  } catch (e) {
    status.textContent = 'Not added: ' + describe(e);
  } finally {
    $('upload-file').value = '';
  }
}

$('play').addEventListener('click', () => send({ action: state && state.playing ? 'pause' : 'play' }));
$('skip').addEventListener('click', () => send({ action: 'skip' }));
$('join').addEventListener('click', () => {
  setNeedsTap(false);
  follow();
});
seek.addEventListener('input', () => {
  dragging = true;
  $('elapsed').textContent = clock(Number(seek.value));
});
seek.addEventListener('change', () => {
  dragging = false;
  send({ action: 'seek', positionMs: Math.round(Number(seek.value)) });
});
$('upload-file').addEventListener('change', (e) => upload(e.target.files && e.target.files[0]));
audio.addEventListener('timeupdate', renderTime);
audio.addEventListener('loadedmetadata', () => {
  renderTime();
  if (state) follow(); // now that the length is known, land where the state says
});
audio.addEventListener('ended', () => {
  if (state && state.playing) send({ action: 'ended', index: state.index });
});

async function start() {
  try {
    await Parley.ready();
  } catch (e) {
    document.body.dataset.status = 'failed';
    showError('Open this page from Parley: ' + describe(e));
    return;
  }
  if (typeof Parley.onBroadcast !== 'function') {
    document.body.dataset.status = 'failed';
    showError('This Parley cannot share a player between members (no broadcasts).');
    return;
  }
  Parley.onBroadcast((data) => {
    if (!data || typeof data !== 'object' || data.type !== 'state') return;
    if (data.reply && data.reply.nonce === nonce) $('upload').hidden = data.reply.canUpload !== true;
    apply(data.state);
  });
  fetch('catalogue.json').then((r) => r.json()).then(renderCatalogue)
    .catch((e) => showError('The catalogue did not load: ' + describe(e)));
  try {
    if (typeof Parley.syncClock === 'function') await Parley.syncClock();
  } catch {
    // parley.now() falls back to this device's clock
  }
  try {
    // A late joiner starts from the saved state at once, then asks for a fresh broadcast.
    apply(await Parley.call('storage.get', { scope: 'conversation', key: 'player' }));
  } catch (e) {
    showError('The player did not load: ' + describe(e));
  }
  await send({ action: 'state', nonce });
  if (!state) apply({ v: 0, queue: [], index: -1, playing: false, positionMs: 0, updatedAtHostMs: 0 });
  if (Parley.miniPlayer) {
    Parley.miniPlayer.onChange(({ docked }) => {
      document.body.dataset.docked = String(docked);
    });
    miniPlayerLine(miniPlayerShown ?? '');
  }
  document.body.dataset.status = 'ready';
}

start();
