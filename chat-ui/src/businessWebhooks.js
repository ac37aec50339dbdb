// The business console's webhook calls (issue 21): `/api/businesses/:businessId/webhooks…`, for the
// signed-in owner of the business. `request` is createApi()'s request (session cookie and CSRF).
const enc = encodeURIComponent;

export function webhooksApi(request, businessId) {
  const base = `/api/businesses/${enc(businessId)}/webhooks`;
  return {
    list: () => request('GET', base),
    add: (url, events = []) => request('POST', base, { url, events }),
    setEnabled: (endpointId, enabled) => request('PATCH', `${base}/${enc(endpointId)}`, { enabled }),
    rotateSecret: (endpointId) => request('POST', `${base}/${enc(endpointId)}/rotate-secret`),
    remove: (endpointId) => request('DELETE', `${base}/${enc(endpointId)}`),
    deliveries: (status) => request('GET', `${base}/deliveries${status ? `?status=${enc(status)}` : ''}`),
    replay: (deliveryId) => request('POST', `${base}/deliveries/${enc(deliveryId)}/replay`),
  };
}

/** The event types an endpoint may take (empty list: all). */
export const EVENT_TYPES = [
  'message.received',
  'button.pressed',
  'file.received',
  'message.status',
  'conversation.blocked',
  'optin.changed',
  'handover.changed',
];

/** Whether `url` is worth sending to the server (the server checks https and the address). */
export function plausibleUrl(url) {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
