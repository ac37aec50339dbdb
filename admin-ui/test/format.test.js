import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatAgo,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatWaiting,
  localInputToIso,
  waitingSeconds,
} from '../src/format.js';

describe('format', () => {
  it('says how long a version waits, in the largest unit that fits', () => {
    assert.equal(formatWaiting(0), 'waiting 0 s');
    assert.equal(formatWaiting(59), 'waiting 59 s');
    assert.equal(formatWaiting(60), 'waiting 1 min');
    assert.equal(formatWaiting(3599), 'waiting 59 min');
    assert.equal(formatWaiting(3 * 3600 + 1200), 'waiting 3 h');
    assert.equal(formatWaiting(47 * 3600), 'waiting 47 h');
    assert.equal(formatWaiting(48 * 3600), 'waiting 2 d');
    assert.equal(formatDuration(-5), '0 s');
    assert.equal(formatDuration(undefined), '0 s');
  });

  it('takes waitingSeconds from the server, else computes it from submittedAt', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    assert.equal(waitingSeconds({ waitingSeconds: 42, submittedAt: '2020-01-01T00:00:00Z' }, now), 42);
    assert.equal(waitingSeconds({ submittedAt: '2025-01-01T09:00:00Z' }, now), 3 * 3600);
    assert.equal(waitingSeconds({ submittedAt: '2025-01-01T13:00:00Z' }, now), 0);
    assert.equal(waitingSeconds({}, now), 0);
  });

  it('formats times ago, sizes and UTC dates', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    assert.equal(formatAgo('2025-01-01T11:59:55Z', now), 'just now');
    assert.equal(formatAgo('2025-01-01T11:00:00Z', now), '1 h ago');
    assert.equal(formatAgo('nonsense', now), '');
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(3 * 1024 * 1024), '3.0 MB');
    assert.equal(formatBytes(200 * 1024), '200 KB');
    assert.equal(formatDateTime('2025-03-04T05:06:07Z'), '2025-03-04 05:06 UTC');
    assert.equal(formatDateTime(null), '');
  });

  it('reads datetime-local inputs as UTC', () => {
    assert.equal(localInputToIso('2025-03-04T05:06'), '2025-03-04T05:06:00.000Z');
    assert.equal(localInputToIso(''), '');
    assert.equal(localInputToIso('garbage'), '');
  });
});
