#!/usr/bin/env node
// Generates the music sample's catalogue: a few short tunes synthesised here (chords, bass and a
// melody walked by a seeded random generator), so that every sound in the bundle was made for this
// project and is CC0. Deterministic: the same script gives the same samples.
//
//   node sample-miniapps/tools/music-tracks/make-tracks.mjs
//
// Writes, under sample-miniapps/src/main/resources/samples/music/:
//   ui/tracks/<id>.ogg   Ogg Opus, encoded with opusenc (apt-get install opus-tools) at a fixed
//                        serial number; without opusenc it stops (the build never runs this script:
//                        its output is committed)
//   ui/catalogue.json    [{id, title, artist, durationMs, src}]
//   server.js            the block between "BEGIN CATALOGUE" and "END CATALOGUE" (the same list)

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RATE = 48000;
const ARTIST = 'Parley generated';
const HERE = dirname(fileURLToPath(import.meta.url));
const APP = resolve(HERE, '../../src/main/resources/samples/music');

// Scale degrees are semitones above the key's root; chords are lists of scale-degree indexes.
const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10];

const TRACKS = [
  { id: 'harbour-lights', title: 'Harbour Lights', root: 60, scale: MAJOR, bpm: 92, bars: 12, seed: 11,
    progression: [0, 4, 5, 3], lead: 'bell', pad: 0.16 },
  { id: 'paper-kites', title: 'Paper Kites', root: 67, scale: MAJOR, bpm: 118, bars: 14, seed: 23,
    progression: [0, 3, 4, 0], lead: 'pluck', pad: 0.10 },
  { id: 'night-tram', title: 'Night Tram', root: 57, scale: MINOR, bpm: 84, bars: 12, seed: 37,
    progression: [0, 5, 2, 6], lead: 'triangle', pad: 0.14 },
  { id: 'orchard-walk', title: 'Orchard Walk', root: 65, scale: MAJOR, bpm: 104, bars: 10, seed: 41,
    progression: [0, 5, 3, 4], lead: 'pluck', pad: 0.12 },
  { id: 'glass-rain', title: 'Glass Rain', root: 64, scale: MINOR, bpm: 72, bars: 10, seed: 53,
    progression: [0, 3, 6, 4], lead: 'bell', pad: 0.18 },
  { id: 'tin-parade', title: 'Tin Parade', root: 62, scale: MAJOR, bpm: 128, bars: 14, seed: 67,
    progression: [0, 4, 0, 3, 0, 4, 4, 0], lead: 'triangle', pad: 0.08 },
];

/** mulberry32: a small seeded generator, so that every run writes the same samples. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hz = (midi) => 440 * Math.pow(2, (midi - 69) / 12);

/** The note of a scale degree (any integer: wraps into octaves). */
function note(track, degree) {
  const n = track.scale.length;
  const octave = Math.floor(degree / n);
  return track.root + 12 * octave + track.scale[((degree % n) + n) % n];
}

/** Adds one note into `out` with a simple instrument and envelope. */
function play(out, instrument, midi, start, length, gain) {
  const f = hz(midi);
  const from = Math.floor(start * RATE);
  const count = Math.floor(length * RATE);
  // Karplus-Strong needs its own delay line; the others are closed forms.
  let line = null;
  if (instrument === 'pluck') {
    const rnd = random(midi * 7919 + from);
    line = Float64Array.from({ length: Math.max(2, Math.round(RATE / f)) }, () => rnd() * 2 - 1);
  }
  for (let i = 0; i < count && from + i < out.length; i++) {
    const t = i / RATE;
    let v;
    let env;
    switch (instrument) {
      case 'bell':
        v = Math.sin(2 * Math.PI * f * t) + 0.35 * Math.sin(2 * Math.PI * f * 2.76 * t) * Math.exp(-t * 6);
        env = Math.min(1, t / 0.005) * Math.exp(-t * 2.8);
        break;
      case 'pluck': {
        const k = i % line.length;
        v = line[k];
        line[k] = 0.996 * 0.5 * (line[k] + line[(k + 1) % line.length]);
        env = Math.min(1, (count - i) / (0.03 * RATE));
        break;
      }
      case 'triangle': {
        const phase = (f * t) % 1;
        v = 4 * Math.abs(phase - 0.5) - 1;
        env = Math.min(1, t / 0.01) * Math.min(1, (count - i) / (0.05 * RATE)) * (0.6 + 0.4 * Math.exp(-t * 4));
        break;
      }
      case 'bass':
        v = Math.sin(2 * Math.PI * f * t) + 0.25 * Math.sin(4 * Math.PI * f * t);
        env = Math.min(1, t / 0.01) * Math.exp(-t * 3) * Math.min(1, (count - i) / (0.04 * RATE));
        break;
      default: // pad: soft sines with a slow swell
        v = Math.sin(2 * Math.PI * f * t) + 0.2 * Math.sin(2 * Math.PI * f * 2.005 * t);
        env = Math.min(1, t / 0.4) * Math.min(1, (count - i) / (0.4 * RATE));
    }
    out[from + i] += gain * v * env;
  }
}

/** One tune: a chord per bar, a bass note per beat, a melody of eighths walking over the chords. */
function compose(track) {
  const rnd = random(track.seed);
  const beat = 60 / track.bpm;
  const barLength = 4 * beat;
  const seconds = track.bars * barLength + 1.5; // a tail for the last notes to ring out
  const out = new Float64Array(Math.ceil(seconds * RATE));
  let degree = 7; // the melody starts an octave above the root
  for (let bar = 0; bar < track.bars; bar++) {
    const chord = track.progression[bar % track.progression.length];
    const start = bar * barLength;
    for (const step of [0, 2, 4]) {
      play(out, 'pad', note(track, chord + step) - 12, start, barLength, track.pad);
    }
    for (let b = 0; b < 4; b++) {
      play(out, 'bass', note(track, chord) - 24, start + b * beat, beat * 0.9, 0.22);
    }
    const last = bar === track.bars - 1;
    for (let e = 0; e < 8; e++) {
      if (last && e > 0) break; // the final bar holds one note
      if (!last && rnd() < 0.18) continue; // a rest now and then
      // On strong eighths land on a chord tone; elsewhere step up or down the scale.
      if (e % 4 === 0) {
        const tones = [chord + 7, chord + 9, chord + 11];
        degree = tones.reduce((best, t) => (Math.abs(t - degree) < Math.abs(best - degree) ? t : best));
      } else {
        degree += [-2, -1, -1, 1, 1, 2][Math.floor(rnd() * 6)];
        degree = Math.max(5, Math.min(14, degree));
      }
      const length = last ? barLength : beat / 2 * (rnd() < 0.25 ? 2 : 1);
      play(out, track.lead, note(track, degree), start + e * beat / 2, length, 0.3);
    }
  }
  // Fade the edges and bring the peak to -1 dBFS.
  const fade = Math.floor(0.02 * RATE);
  for (let i = 0; i < fade; i++) {
    out[i] *= i / fade;
    out[out.length - 1 - i] *= i / fade;
  }
  const peak = out.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  const scale = Math.pow(10, -1 / 20) / peak;
  return out.map((v) => v * scale);
}

function wav(samples) {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const work = mkdtempSync(join(tmpdir(), 'parley-music-'));
const catalogue = [];
try {
  TRACKS.forEach((track, i) => {
    const samples = compose(track);
    const input = join(work, track.id + '.wav');
    writeFileSync(input, wav(samples));
    const output = join(APP, 'ui', 'tracks', track.id + '.ogg');
    execFileSync('opusenc', ['--quiet', '--music', '--bitrate', '40', '--serial', String(1000 + i),
      '--title', track.title, '--artist', ARTIST, '--comment', 'LICENSE=CC0-1.0',
      '--comment', 'COMMENT=generated for the Parley project by make-tracks.mjs', input, output]);
    catalogue.push({ id: track.id, title: track.title, artist: ARTIST,
      durationMs: Math.round((samples.length / RATE) * 1000), src: 'tracks/' + track.id + '.ogg' });
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}

writeFileSync(join(APP, 'ui', 'catalogue.json'), JSON.stringify(catalogue, null, 2) + '\n');
const serverPath = join(APP, 'server.js');
const server = readFileSync(serverPath, 'utf8');
const block = /(\/\/ BEGIN CATALOGUE[^\n]*\n)[\s\S]*?(\/\/ END CATALOGUE)/;
if (!block.test(server)) throw new Error('server.js has no BEGIN CATALOGUE ... END CATALOGUE block');
writeFileSync(serverPath, server.replace(block, (m, begin, end) =>
  begin + 'const CATALOGUE = ' + JSON.stringify(catalogue, null, 2) + ';\n' + end));
console.log(catalogue.map((t) => t.id + ' ' + (t.durationMs / 1000).toFixed(1) + ' s').join('\n'));
