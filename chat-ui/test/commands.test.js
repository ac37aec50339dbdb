import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyCompletion,
  argHint,
  availableCommands,
  completionContext,
  matchCommands,
  matchMembers,
  moveSelection,
  parseCommand,
  unescapeSlash,
} from '../src/commands.js';

const installed = [
  {
    app: { id: 'pay', name: 'Payments', iconUrl: '/static/apps/pay/x/icon.png' },
    commands: [
      {
        name: 'pay',
        description: 'Send money',
        args: [
          { name: 'to', hint: '@person', type: 'member', required: true },
          { name: 'amount', required: true },
          { name: 'note', required: false },
        ],
      },
      { name: 'Bad Name', description: 'refused' },
    ],
  },
  {
    app: { id: 'poll', name: 'Polls' },
    commands: [
      { name: 'poll', description: 'Ask the group' },
      { name: 'payday', description: 'Count down' },
    ],
  },
  { app: null, commands: [{ name: 'ghost' }] },
];

describe('commands', () => {
  it('parses a command and its arguments, and leaves plain messages alone', () => {
    assert.deepEqual(parseCommand('/pay @dana 12.50'), { name: 'pay', args: '@dana 12.50' });
    assert.deepEqual(parseCommand('  /Poll  '), { name: 'poll', args: '' });
    assert.deepEqual(parseCommand('/pay\n@dana'), { name: 'pay', args: '@dana' });
    assert.equal(parseCommand('hello /pay'), null);
    assert.equal(parseCommand('/ hi'), null);
    assert.equal(parseCommand('/usr/bin/env'), null);
    assert.equal(parseCommand('//pay'), null);
    assert.equal(parseCommand('/'), null);
    assert.equal(unescapeSlash('//shrug'), '/shrug');
    assert.equal(unescapeSlash('/shrug'), '/shrug');
  });

  it('lists the commands of installed apps with valid names, sorted', () => {
    const list = availableCommands(installed);
    assert.deepEqual(
      list.map((c) => `${c.name}:${c.app.id}`),
      ['pay:pay', 'payday:poll', 'poll:poll'],
    );
    assert.equal(argHint(list[0]), '<@person> <amount> [note]');
    assert.equal(argHint(list[2]), '');
  });

  it('knows what the caret completes', () => {
    assert.deepEqual(completionContext('/', 1), { kind: 'command', query: '', start: 0, end: 1 });
    assert.deepEqual(completionContext('/Pa', 3), { kind: 'command', query: 'pa', start: 0, end: 3 });
    assert.deepEqual(completionContext('/pay @da 5', 8), {
      kind: 'member',
      query: 'da',
      start: 5,
      end: 8,
      command: 'pay',
    });
    assert.deepEqual(completionContext('/pay @', 6), { kind: 'member', query: '', start: 5, end: 6, command: 'pay' });
    assert.equal(completionContext('/pay 12', 7), null);
    assert.equal(completionContext('hi @da', 6), null, 'members only complete inside command arguments');
    assert.equal(completionContext('//x', 3), null);
    assert.equal(completionContext('/a/b', 4), null);
  });

  it('filters commands as you type: name prefixes first, then other matches', () => {
    const list = availableCommands(installed);
    assert.deepEqual(
      matchCommands(list, 'pay').map((c) => c.name),
      ['pay', 'payday'],
    );
    assert.deepEqual(
      matchCommands(list, 'po').map((c) => c.name),
      ['poll', 'payday'],
      'prefix first, then the app name',
    );
    assert.deepEqual(
      matchCommands(list, 'group').map((c) => c.name),
      ['poll'],
      'descriptions match too',
    );
    assert.deepEqual(
      matchCommands(list, 'polls').map((c) => c.name),
      ['payday', 'poll'],
      "the app's name matches",
    );
    assert.deepEqual(matchCommands(list, 'zzz'), []);
    assert.equal(matchCommands(list, '').length, 3);
  });

  it('matches members by username or name, never me', () => {
    const members = [
      { id: 'me', username: 'ann', displayName: 'Ann Lee' },
      { id: 'd', username: 'dana', displayName: 'Dana Scully' },
      { id: 'b', username: 'bob', displayName: 'Robert Dane' },
    ];
    assert.deepEqual(
      matchMembers(members, 'da', 'me').map((m) => m.id),
      ['d', 'b'],
    );
    assert.deepEqual(
      matchMembers(members, 'an', 'me').map((m) => m.id),
      [],
    );
    assert.deepEqual(
      matchMembers(members, '', 'me').map((m) => m.id),
      ['b', 'd'],
    );
  });

  it('applies a completion with one space after it', () => {
    assert.deepEqual(applyCompletion('/pa', { kind: 'command', start: 0, end: 3 }, 'pay'), { text: '/pay ', caret: 5 });
    assert.deepEqual(applyCompletion('/pa 12', { kind: 'command', start: 0, end: 3 }, 'pay'), {
      text: '/pay 12',
      caret: 5,
    });
    assert.deepEqual(applyCompletion('/pay @da 5', { kind: 'member', start: 5, end: 8 }, 'dana'), {
      text: '/pay @dana 5',
      caret: 11,
    });
  });

  it('moves the selection around the list', () => {
    assert.equal(moveSelection(0, -1, 3), 2);
    assert.equal(moveSelection(2, 1, 3), 0);
    assert.equal(moveSelection(0, 1, 0), -1);
  });
});
