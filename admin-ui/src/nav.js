// Client-side navigation: history.pushState plus one event the shell listens to.

const EVENT = 'parley-admin:navigate';

/** Goes to `path` (an /admin address) without reloading the page. */
export function navigate(path, { replace = false } = {}) {
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(EVENT));
}

/** Calls `fn` on every navigation, back/forward included; returns the unsubscribe function. */
export function onNavigate(fn) {
  window.addEventListener('popstate', fn);
  window.addEventListener(EVENT, fn);
  return () => {
    window.removeEventListener('popstate', fn);
    window.removeEventListener(EVENT, fn);
  };
}
