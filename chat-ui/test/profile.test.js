import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { avatarColour } from '../src/format.js';
import { cropOf, forgetAll, onLiveEvent, person, remember, setPersonSource, subscribe } from '../src/people.js';

/** WCAG relative luminance of an `hsl(h s% l%)` colour. */
function luminance(hsl) {
  const [h, s, l] = hsl.match(/[\d.]+/g).map(Number);
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const f = (n) => {
    const k = (n + h / 30) % 12;
    return l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  const lin = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(f(0)) + 0.7152 * lin(f(8)) + 0.0722 * lin(f(4));
}

describe('avatarColour', () => {
  it('is one stable colour per account id', () => {
    assert.equal(avatarColour('abcdefghijklmnopqrst'), avatarColour('abcdefghijklmnopqrst'));
    assert.notEqual(avatarColour('abcdefghijklmnopqrst'), avatarColour('bbcdefghijklmnopqrst'));
  });

  it('keeps white initials at a contrast of at least 4.5:1 for every hue', () => {
    for (let i = 0; i < 400; i++) {
      const colour = avatarColour(`id${i}`);
      const ratio = 1.05 / (luminance(colour) + 0.05);
      assert.ok(ratio >= 4.5, `${colour}: ${ratio.toFixed(2)}`);
    }
  });
});

describe('people', () => {
  it('asks for an unknown person once and follows live profile events', async () => {
    forgetAll();
    const asked = [];
    setPersonSource(async (id) => {
      asked.push(id);
      return { id, displayName: 'Ann', avatar: null };
    });
    assert.equal(person('p1'), null);
    assert.equal(person('p1'), null);
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(asked, ['p1']);
    assert.equal(person('p1').displayName, 'Ann');

    const changed = [];
    const stop = subscribe((id) => changed.push(id));
    assert.equal(
      onLiveEvent({ type: 'profile', person: { id: 'p1', displayName: 'Ann A.', avatar: { small: '/s' } } }),
      true,
    );
    assert.equal(onLiveEvent({ type: 'wallet' }), false);
    stop();
    remember({ id: 'p1', displayName: 'again' });
    assert.deepEqual(changed, ['p1']);
    assert.equal(person('p1').avatar.small, '/s');
  });
});

describe('cropOf', () => {
  it('selects a square inside the picture', () => {
    assert.deepEqual(cropOf(800, 500, 1, 0.5, 0.5), { x: 150, y: 0, size: 500 });
    assert.deepEqual(cropOf(800, 500, 2, 1, 1), { x: 550, y: 250, size: 250 });
    assert.deepEqual(cropOf(800, 500, 2, 5, -1), { x: 550, y: 0, size: 250 });
  });
});
