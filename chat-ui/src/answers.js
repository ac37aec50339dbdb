// What a command or a card action answered (docs/api.md "Running an app"), as one outcome the
// view can act on. Pure functions, for `node --test`.
//
// outcome =
//   {kind: "done", messages}                      the handler finished; its messages are posted
//   {kind: "consent", app, permissions}           nothing ran; ask the user, then send again
//   {kind: "pending", requestId}                  the app is slow; its answer lands later
//   {kind: "error", status, message, retryAfter, transient}   nothing to send again on its own

import { errorSentence } from './errorWords.js';
import { namespace } from './i18n.js';
import errorsCatalogue from './locales/errors.js';

const te = namespace('errors', errorsCatalogue);

/** The outcome of a 2xx answer body. */
export function outcomeOf(answer) {
  const a = answer && typeof answer === 'object' ? answer : {};
  switch (a.status) {
    case 'done':
      return { kind: 'done', messages: Array.isArray(a.messages) ? a.messages : [] };
    case 'consent_required':
      return {
        kind: 'consent',
        app: a.app && typeof a.app === 'object' ? a.app : { id: '', name: te('thisApp'), iconUrl: null },
        permissions: Array.isArray(a.permissions) ? a.permissions.filter((p) => p && typeof p.name === 'string') : [],
      };
    case 'pending':
      return {
        kind: 'pending',
        requestId: a.requestId ?? null,
        app: a.app && typeof a.app === 'object' ? a.app : null,
      };
    default:
      return {
        kind: 'error',
        status: 0,
        message: te('notUnderstood'),
        retryAfter: null,
        transient: false,
      };
  }
}

/**
 * The outcome of a failed request (an ApiError): the server's `detail` when it gave one, else a
 * sentence that names the app.
 */
export function failureOf(error, appName = te('theApp')) {
  const status = error && typeof error.status === 'number' ? error.status : 0;
  const detail = error && error.detail ? String(error.detail) : null;
  const retryAfter = error && error.retryAfter != null ? error.retryAfter : null;
  // A stable problem type is worded in the user's terms (issue 18), never with the server's text.
  let message = errorSentence(error, { app: appName });
  if (message) {
    // worded; nothing else to pick
  } else if (status === 0) message = (error && error.detail) || te('cannotReachParley');
  else if (detail) message = detail;
  else if (status === 404) message = te('noSuchCommand');
  else if (status === 403) message = te('appUnavailable', { app: appName });
  else if (status === 429)
    message = retryAfter ? te('tooManyRequestsIn', { seconds: retryAfter }) : te('tooManyRequests');
  else if (status === 502) message = te('appFailed', { app: appName });
  else if (status >= 500) message = te('parleyProblem');
  else message = (error && error.userMessage) || te('requestFailed', { status });
  if (status === 429 && detail && retryAfter && !/\d/u.test(detail) && !errorSentence(error))
    message = te('detailRetry', { detail, seconds: retryAfter });
  return { kind: 'error', status, message, retryAfter, transient: status === 0 || status === 429 || status >= 500 };
}

/** The line shown while a slow app keeps the user waiting. */
export function pendingText(appName) {
  return te('slowApp', { app: appName || te('theApp') });
}

/** Bridge error codes for the page, from an API failure (the page sees code and message only). */
export function bridgeErrorOf(error) {
  const status = error && typeof error.status === 'number' ? error.status : 0;
  const message = failureOf(error).message;
  const code =
    status === 0
      ? 'network'
      : status === 400
        ? 'invalid'
        : status === 403
          ? 'refused'
          : status === 404
            ? 'not_found'
            : status === 413
              ? 'too_large'
              : status === 429
                ? 'rate_limited'
                : status === 502
                  ? 'app_failed'
                  : 'failed';
  return { code, message };
}
