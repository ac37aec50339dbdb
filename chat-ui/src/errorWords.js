// Errors in words (issue 18): a failed request's problem type (and its extension fields) as a
// sentence in the user's language, from locales/errorWords.js. Never the server's `detail` nor an id:
// a type we do not know gives null, and the caller falls back to its own words.
import { namespace } from './i18n.js';
import catalogue from './locales/errorWords.js';

const t = namespace('errorWords', catalogue);
const BASE = 'https://parley.dev/problems/';

/** The sentence for an ApiError (`{status, type, problem, retryAfter}`), or null when its type is not ours. */
export function errorSentence(error, { app = null } = {}) {
  if (!error) return null;
  if (error.status === 0) return t('network');
  const type = typeof error.type === 'string' && error.type.startsWith(BASE) ? error.type.slice(BASE.length) : null;
  const p = error.problem ?? {};
  const appName = app || 'The app';
  switch (type) {
    case 'insufficient-funds':
      return typeof p.shortfall === 'string' && typeof p.currency === 'string'
        ? t('insufficientFunds', { shortfall: p.shortfall, currency: p.currency })
        : t('insufficientFundsPlain');
    case 'forbidden':
      return t('forbidden');
    case 'not-found':
      return t('notFound');
    case 'conflict':
      return t('conflict');
    case 'validation':
      return t('validation');
    case 'rate-limited':
      return error.retryAfter ? t('rateLimited', { seconds: error.retryAfter }) : t('rateLimitedPlain');
    case 'payload-too-large':
      return t('tooLarge');
    case 'unauthenticated':
      return t('unauthenticated');
    case 'app-failed':
      return t('appFailed', { app: appName });
    case 'app-timeout':
      return t('appTimeout', { app: appName });
    case 'internal':
    case 'unavailable':
      return t('server');
    default:
      return null;
  }
}
