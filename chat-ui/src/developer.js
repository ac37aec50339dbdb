// The developer's side of the registry in the messenger (docs/api.md "Developers" and "API
// tokens"): the calls the CLI makes, for the developer screens. No DOM, for `node --test`.

const enc = encodeURIComponent;

/** The developer calls on top of the messenger's api (its `raw` request function). */
export function developerApi(request) {
  return {
    myApps: () => request('GET', '/api/developer/apps'),
    versions: (appId) => request('GET', `/api/developer/apps/${enc(appId)}/versions`),
    reviews: (appId) => request('GET', `/api/developer/apps/${enc(appId)}/reviews`),
    usage: (appId) => request('GET', `/api/developer/apps/${enc(appId)}/usage`),
    logs: (appId) => request('GET', `/api/developer/apps/${enc(appId)}/logs?limit=50`),
    tokens: () => request('GET', '/api/tokens'),
    createToken: (name) => request('POST', '/api/tokens', { name }),
    revokeToken: (id) => request('DELETE', `/api/tokens/${enc(id)}`),
  };
}

/** Whether the signed-in account may see the developer screens (developers and admins). */
export function isDeveloper(me) {
  const roles = Array.isArray(me?.roles) ? me.roles : [];
  return roles.includes('developer') || roles.includes('admin');
}

/** The catalogue key of a version's review state (`draft`, `in_review`, `approved`, `rejected`, …). */
export function stateKey(state) {
  const known = ['draft', 'in_review', 'approved', 'rejected'];
  return known.includes(state) ? `state_${state}` : 'state_unknown';
}
