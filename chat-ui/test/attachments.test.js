import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeAttachment,
  filesFromTransfer,
  formatBytes,
  formatDuration,
  gridLayout,
  guessKind,
  mediaBox,
  recorderType,
  splitAttachments,
  storageSummary,
  typeLabel,
  voiceFileName,
  waveformBars,
} from '../src/attachments.js';

describe('attachments', () => {
  it('sizes and durations in words', () => {
    assert.equal(formatBytes(812), '812 B');
    assert.equal(formatBytes(14_500), '14 KB');
    assert.equal(formatBytes(3.4 * 1024 * 1024), '3.4 MB');
    assert.equal(formatBytes(20 * 1024 * 1024), '20 MB');
    assert.equal(formatBytes(2 * 1024 ** 3), '2 GB');
    assert.equal(formatBytes(undefined), '');
    assert.equal(formatDuration(7000), '0:07');
    assert.equal(formatDuration(65_400), '1:05');
    assert.equal(formatDuration(3_723_000), '1:02:03');
  });

  it('guesses a local file’s kind for the tray; the server decides by content', () => {
    assert.equal(guessKind('image/jpeg'), 'image');
    assert.equal(guessKind('image/svg+xml'), 'file');
    assert.equal(guessKind('video/mp4'), 'video');
    assert.equal(guessKind('audio/ogg'), 'file');
    assert.equal(guessKind('audio/ogg;codecs=opus', { recorded: true }), 'voice');
    assert.equal(guessKind(''), 'file');
  });

  it('labels file types', () => {
    assert.equal(typeLabel('application/pdf', 'x.pdf'), 'PDF');
    assert.equal(
      typeLabel('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx'),
      'Word document',
    );
    assert.equal(typeLabel('application/octet-stream', 'data.bin'), 'BIN');
    assert.equal(typeLabel(null, 'noext'), 'File');
  });

  it('splits a message’s attachments into the media grid, voice players and file chips', () => {
    const list = [
      { id: 'a', kind: 'image', inline: true },
      { id: 'b', kind: 'file', inline: false },
      { id: 'c', kind: 'voice', inline: true },
      { id: 'd', kind: 'video', inline: true },
      { id: 'e', kind: 'image', inline: false },
      { kind: 'image' },
      null,
    ];
    const s = splitAttachments(list);
    assert.deepEqual(
      s.media.map((x) => x.id),
      ['a', 'd'],
    );
    assert.deepEqual(
      s.voice.map((x) => x.id),
      ['c'],
    );
    assert.deepEqual(
      s.files.map((x) => x.id),
      ['b', 'e'],
    );
    assert.deepEqual(splitAttachments(undefined), { media: [], voice: [], files: [] });
  });

  it('a media box keeps the picture’s shape before it loads, within sane bounds', () => {
    assert.deepEqual(mediaBox({ width: 1600, height: 1200 }), { width: 320, height: 240, cropped: false });
    assert.deepEqual(mediaBox({ width: 200, height: 400 }), { width: 200, height: 360, cropped: true });
    assert.deepEqual(mediaBox({ width: 4000, height: 100 }), { width: 320, height: 80, cropped: true });
    assert.deepEqual(mediaBox({}), { width: 320, height: 240, cropped: false });
  });

  it('grid shapes', () => {
    assert.deepEqual(gridLayout(1), { className: 'one', spans: [true] });
    assert.deepEqual(gridLayout(2).spans, [false, false]);
    assert.deepEqual(gridLayout(3).spans, [true, false, false]);
    assert.deepEqual(gridLayout(5).spans, [false, false, false, false, true]);
  });

  it('folds the waveform into bars, never flat', () => {
    const w = Array.from({ length: 64 }, (_, i) => (i === 10 ? 100 : 0));
    const bars = waveformBars(w, 32);
    assert.equal(bars.length, 32);
    assert.equal(bars[5], 100);
    assert.equal(Math.min(...bars), 4);
    assert.deepEqual(waveformBars(null, 3), [4, 4, 4]);
    assert.deepEqual(waveformBars([250, -3], 2), [100, 4]);
  });

  it('the recorder prefers Opus in Ogg, then in WebM', () => {
    assert.equal(
      recorderType((t) => t.startsWith('audio/ogg')),
      'audio/ogg;codecs=opus',
    );
    assert.equal(
      recorderType((t) => t === 'audio/webm;codecs=opus'),
      'audio/webm;codecs=opus',
    );
    assert.equal(
      recorderType(() => false),
      '',
    );
    assert.equal(recorderType(undefined), '');
    assert.match(
      voiceFileName('audio/webm;codecs=opus', new Date(2026, 11, 6, 14, 5, 9)),
      /^voice-2026-12-06-140509\.webm$/,
    );
    assert.match(voiceFileName('audio/ogg;codecs=opus'), /\.ogg$/);
  });

  it('takes only files from a paste or drop', () => {
    const f = { name: 'image.png' };
    const dt = {
      items: [
        { kind: 'string', getAsFile: () => null },
        { kind: 'file', getAsFile: () => f },
      ],
      files: [],
    };
    assert.deepEqual(filesFromTransfer(dt), [f]);
    assert.deepEqual(filesFromTransfer({ items: [], files: [f] }), [f]);
    assert.deepEqual(filesFromTransfer(null), []);
  });

  it('describes attachments for screen readers', () => {
    assert.equal(describeAttachment({ kind: 'voice', durationMs: 4000 }), 'Voice message, 0:04');
    assert.equal(
      describeAttachment({ kind: 'file', name: 'a.pdf', contentType: 'application/pdf', size: 2500 }),
      'a.pdf, PDF, 2.4 KB',
    );
  });

  it('storage in words', () => {
    assert.deepEqual(storageSummary({ usedBytes: 14 * 1024 ** 2, quotaBytes: 1024 ** 3 }), {
      text: '14 MB of 1 GB used',
      share: 14 / 1024,
    });
    assert.deepEqual(storageSummary({ usedBytes: 10 }), { text: '10 B used', share: null });
    assert.equal(storageSummary(null), null);
  });
});

describe('attachmentClass', () => {
  it('marks rows with attachments, and pictures without a caption as media-only', async () => {
    const { attachmentClass } = await import('../src/attachments.js');
    const img = { id: 'a', kind: 'image', inline: true };
    assert.equal(attachmentClass({ text: '', attachments: [img] }), ' with-attachments media-only');
    assert.equal(attachmentClass({ text: 'hi', attachments: [img] }), ' with-attachments');
    assert.equal(attachmentClass({ text: '', attachments: [img, { id: 'b', kind: 'file' }] }), ' with-attachments');
    assert.equal(attachmentClass({ deleted: true, attachments: [img] }), '');
    assert.equal(attachmentClass({ text: 'x' }), '');
  });
});

describe('attachmentSummary', () => {
  it('names a message of attachments only in the conversation list', async () => {
    const { attachmentSummary } = await import('../src/attachments.js');
    const { previewOf } = await import('../src/format.js');
    assert.equal(attachmentSummary([{ kind: 'image' }]), 'Photo');
    assert.equal(attachmentSummary([{ kind: 'image' }, { kind: 'image' }]), '2 photos');
    assert.equal(attachmentSummary([{ kind: 'voice', durationMs: 4000 }]), 'Voice message (0:04)');
    assert.equal(attachmentSummary([{ kind: 'file', name: 'a.pdf' }]), 'a.pdf');
    assert.equal(attachmentSummary([{ kind: 'file' }, { kind: 'image' }]), '2 attachments');
    assert.equal(attachmentSummary(undefined), '');
    const conv = {
      kind: 'group',
      lastMessage: { senderId: 'u2', senderName: 'Bob B', text: '', attachments: [{ kind: 'image' }] },
    };
    assert.equal(previewOf(conv, 'u1'), 'Bob: Photo');
  });
});
