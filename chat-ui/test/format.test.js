import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initials, previewOf, splitLinks } from '../src/format.js';

describe('splitLinks', () => {
  it('links only http(s) URLs and keeps everything else as text', () => {
    const parts = splitLinks('see https://example.com/a?b=1, or javascript:alert(1) <b>x</b>');
    assert.deepEqual(parts, [
      { type: 'text', value: 'see ' },
      { type: 'link', value: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { type: 'text', value: ', or javascript:alert(1) <b>x</b>' },
    ]);
  });

  it('keeps balanced parentheses and drops a closing one it did not open', () => {
    assert.equal(
      splitLinks('(https://en.wikipedia.org/wiki/Foo_(bar))')[1].value,
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    );
    assert.equal(splitLinks('(see https://example.com)')[1].value, 'https://example.com');
  });
});

describe('view text', () => {
  it('initials', () => {
    assert.equal(initials('Ada Lovelace'), 'AL');
    assert.equal(initials('bob'), 'B');
    assert.equal(initials(''), '?');
  });

  it('previews name the sender in groups', () => {
    const c = {
      kind: 'group',
      lastMessage: { senderId: 'b', senderName: 'Bob Stone', kind: 'text', text: 'hi\nthere' },
    };
    assert.equal(previewOf(c, 'me'), 'Bob: hi there');
    assert.equal(previewOf({ ...c, lastMessage: { ...c.lastMessage, senderId: 'me' } }, 'me'), 'You: hi there');
  });
});

describe('deep links in text', () => {
  it('shows and opens parley:// links as the https form on our origin', () => {
    const parts = splitLinks('join parley://c/abc?app=poll&start=x now', 'https://chat.example');
    assert.deepEqual(parts[1], {
      type: 'link',
      value: 'https://chat.example/c/abc?app=poll&start=x',
      href: 'https://chat.example/c/abc?app=poll&start=x',
    });
    assert.equal(splitLinks('parley://evil/x', 'https://chat.example').length, 1, 'only conversation links');
    assert.equal(splitLinks('parley://c/abc').length, 1, 'no origin, no link');
  });

  it('previews a card by its app and title', () => {
    const c = {
      kind: 'group',
      lastMessage: { kind: 'card', senderId: null, app: { name: 'Polls' }, card: { title: 'Lunch?' } },
    };
    assert.equal(previewOf(c, 'me'), 'Polls: Lunch?');
  });
});
