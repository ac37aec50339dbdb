import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { href, parseRoute } from '../src/routes.js';

describe('routes', () => {
  it('maps addresses to pages, deep links included', () => {
    assert.deepEqual(parseRoute('/admin'), { page: 'reviews', params: {} });
    assert.deepEqual(parseRoute('/admin/'), { page: 'reviews', params: {} });
    assert.deepEqual(parseRoute('/admin/apps/pay-go/versions/1.2.0'), {
      page: 'version',
      params: { appId: 'pay-go', version: '1.2.0' },
    });
    assert.deepEqual(parseRoute('/admin/reviews/pay-go/1.2.0'), {
      page: 'version',
      params: { appId: 'pay-go', version: '1.2.0' },
    });
    assert.deepEqual(parseRoute('/admin/apps/pay-go/'), { page: 'app', params: { appId: 'pay-go' } });
    assert.equal(parseRoute('/admin/people').page, 'people');
    assert.equal(parseRoute('/admin/roles').page, 'people');
    assert.equal(parseRoute('/admin/audit').page, 'audit');
    assert.equal(parseRoute('/admin/nope').page, 'notFound');
    assert.equal(parseRoute('/elsewhere').page, 'notFound');
  });

  it('builds links that parse back', () => {
    const link = href.version('a-b', '1.0.0-beta+x');
    assert.deepEqual(parseRoute(link), { page: 'version', params: { appId: 'a-b', version: '1.0.0-beta+x' } });
    assert.equal(href.apps('pay', 'suspended'), '/admin/apps?q=pay&status=suspended');
    assert.equal(href.people(''), '/admin/people');
  });
});
