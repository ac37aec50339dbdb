// Customer care (issue 22): the inbox's pure parts and its calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyConversation,
  applyMessage,
  cannedMatches,
  cannedQuery,
  careApi,
  careSignature,
  handoverFromMessages,
  lacksLinks,
  handoverFromServer,
  isRatingRequest,
  matches,
  mergeThread,
  parseLabels,
  parseWeekly,
  formatWeekly,
  query,
  slaBadges,
  waitedMinutes,
} from '../src/care.js';

test('query keeps only the set filters', () => {
  assert.equal(query({ status: 'open', assignee: '', team: null, q: 'a b' }), '?status=open&q=a%20b');
  assert.equal(query({}), '');
});

test('careApi calls the contract routes', async () => {
  const calls = [];
  const care = careApi({ request: async (method, path, body) => calls.push([method, path, body]) });
  await care.conversations('biz_1', { status: 'open', assignee: 'me' });
  await care.act('biz_1', 'c/1', 'take');
  await care.assign('biz_1', 'c1', null);
  await care.labels('biz_1', 'c1', ['billing']);
  await care.requestAgent('c1');
  await care.rate('c1', 5);
  await care.rate('c1', 4, 'quick');
  assert.deepEqual(calls, [
    ['GET', '/api/care/businesses/biz_1/conversations?status=open&assignee=me', undefined],
    ['POST', '/api/care/businesses/biz_1/conversations/c%2F1/take', {}],
    ['POST', '/api/care/businesses/biz_1/conversations/c1/assign', { agentId: null }],
    ['PUT', '/api/care/businesses/biz_1/conversations/c1/labels', { labels: ['billing'] }],
    ['POST', '/api/conversations/c1/agent-request', {}],
    ['POST', '/api/conversations/c1/rating', { score: 5 }],
    ['POST', '/api/conversations/c1/rating', { score: 4, comment: 'quick' }],
  ]);
});

const item = (o) => ({ conversationId: 'c1', status: 'open', labels: [], ...o });

test('live updates respect the filters', () => {
  assert.ok(matches(item({}), { status: 'open' }));
  assert.ok(!matches(item({ status: 'resolved' }), { status: 'open' }));
  assert.ok(matches(item({ assignee: { id: 'a1' } }), { assignee: 'me' }, 'a1'));
  assert.ok(!matches(item({ assignee: { id: 'a2' } }), { assignee: 'me' }, 'a1'));
  assert.ok(matches(item({}), { assignee: 'unassigned' }));
  assert.ok(!matches(item({}), { label: 'billing' }));
  assert.ok(matches(item({ customer: { displayName: 'Ada' } }), { q: 'ada' }));
  const list = [item({ conversationId: 'c0' })];
  assert.deepEqual(
    applyConversation(list, item({}), { status: 'open' }).map((c) => c.conversationId),
    ['c1', 'c0'],
  );
  assert.deepEqual(applyConversation([item({})], item({ status: 'resolved' }), { status: 'open' }), []);
});

test('a customer message moves the conversation up and counts as unread unless open', () => {
  const list = [item({ conversationId: 'a' }), item({ conversationId: 'b', unread: 1 })];
  const after = applyMessage(list, 'b', { text: 'hi', senderKind: 'person' }, 'a');
  assert.equal(after[0].conversationId, 'b');
  assert.equal(after[0].unread, 2);
  assert.equal(applyMessage(list, 'b', { text: 'hi' }, 'b')[0].unread, 1);
  assert.equal(applyMessage(list, 'b', { text: 'hi', senderKind: 'person', agent: { name: 'D' } }, 'a')[0].unread, 1);
});

test('the thread holds each message once, in time order, notes apart', () => {
  let th = [];
  th = mergeThread(th, { id: 'm2', createdAt: '2026-01-01T10:02:00Z' });
  th = mergeThread(th, { id: 'm1', createdAt: '2026-01-01T10:01:00Z' });
  th = mergeThread(th, { id: 'm1', createdAt: '2026-01-01T10:01:00Z' });
  th = mergeThread(th, { id: 'm1', kind: 'note', createdAt: '2026-01-01T10:03:00Z' });
  assert.deepEqual(
    th.map((e) => `${e.kind ?? 'm'}:${e.id}`),
    ['m:m1', 'm:m2', 'note:m1'],
  );
});

test('SLA badges: due, soon and breached', () => {
  const now = Date.parse('2026-01-01T10:00:00Z');
  const badges = slaBadges(
    {
      firstResponseDueAt: '2026-01-01T10:10:00Z',
      resolutionDueAt: '2026-01-02T10:00:00Z',
      nextResponseDueAt: '2026-01-01T09:00:00Z',
      breaches: [],
    },
    now,
  );
  assert.deepEqual(
    badges.map((b) => [b.kind, b.breached, b.soon]),
    [
      ['nextResponse', true, false],
      ['firstResponse', false, true],
      ['resolution', false, false],
    ],
  );
  assert.equal(slaBadges({ breaches: ['firstResponse'] }, now)[0].breached, true);
  assert.deepEqual(slaBadges(null), []);
});

test('wait time in minutes', () => {
  assert.equal(waitedMinutes({ waitingSince: '2026-01-01T10:00:00Z' }, Date.parse('2026-01-01T10:07:30Z')), 7);
  assert.equal(waitedMinutes({}), null);
});

test('canned replies: "/" opens them, shortcuts first', () => {
  assert.equal(cannedQuery('/'), '');
  assert.equal(cannedQuery('/Mete'), 'mete');
  assert.equal(cannedQuery('hello /x'), null);
  const replies = [
    { id: 1, shortcut: 'thanks', text: 'Thank you for the meter photo' },
    { id: 2, shortcut: 'meter', text: 'We read {{customer.name}}' },
  ];
  assert.deepEqual(
    cannedMatches(replies, 'meter').map((r) => r.id),
    [2, 1],
  );
});

test('labels and hours parse from simple text', () => {
  assert.deepEqual(parseLabels(' billing, meter ,billing,, '), ['billing', 'meter']);
  const weekly = parseWeekly('mon 09:00-12:00, 13:00-17:00; sat 10:00-14:00; xyz 1-2');
  assert.deepEqual(weekly, {
    mon: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
    sat: [['10:00', '14:00']],
  });
  assert.equal(formatWeekly(weekly), 'mon 09:00-12:00,13:00-17:00; sat 10:00-14:00');
});

test('the customer side reads the care events of the conversation', () => {
  assert.ok(isRatingRequest({ interactive: { type: 'rating', episode: 1 } }));
  assert.ok(isRatingRequest({ care: { event: 'rating.request' } }));
  assert.ok(!isRatingRequest({ text: 'hi' }));
  assert.equal(handoverFromMessages([{ text: 'x' }]), null);
  assert.equal(
    handoverFromMessages([{ care: { event: 'waiting' } }, { care: { event: 'agent.joined', agent: { name: 'Dana' } } }])
      .state,
    'agent',
  );
});

test("the customer's handover from the server is flat for the banner, and re-read on each care line", () => {
  assert.equal(handoverFromServer(null), null);
  assert.deepEqual(handoverFromServer({ state: 'bot', assignee: null, waiting: null }), {
    state: 'bot',
    assignee: null,
  });
  const waiting = handoverFromServer({
    state: 'waiting_for_agent',
    assignee: null,
    waiting: { position: 2, nextOpenAt: '2026-01-12T08:00:00Z', timezone: 'Europe/Paris' },
  });
  assert.equal(waiting.position, 2);
  assert.equal(waiting.timezone, 'Europe/Paris');
  assert.equal(waiting.state, 'waiting_for_agent');
  const before = careSignature([{ id: 'a', text: 'hi' }]);
  assert.equal(
    careSignature([
      { id: 'a', text: 'hi' },
      { id: 'b', text: 'yo' },
    ]),
    before,
  );
  assert.notEqual(careSignature([{ id: 'a' }, { id: 'c', care: { event: 'agent.joined' } }]), before);
  assert.notEqual(careSignature([{ id: 'd', careRating: { episode: 1 } }]), before);
});

test('a live photo without links is replaced by the copy that has them, nothing else is', () => {
  const live = { id: 'p1', createdAt: '2026-01-01T10:00:00Z', attachments: [{ id: 'a1', kind: 'image' }] };
  const page = { ...live, attachments: [{ id: 'a1', kind: 'image', url: '/a1?sig', previewUrl: '/p1?sig' }] };
  assert.ok(lacksLinks(live));
  assert.ok(!lacksLinks(page));
  assert.ok(!lacksLinks({ id: 'x' }));
  let th = mergeThread([], live);
  th = mergeThread(th, page);
  assert.equal(th.length, 1);
  assert.equal(th[0].attachments[0].url, '/a1?sig');
  const same = mergeThread(th, live);
  assert.equal(same, th);
  assert.equal(same[0].attachments[0].url, '/a1?sig');
});
