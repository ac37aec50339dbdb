// File contents of versions, fetched once per URL: a file's `url` names immutable content (it
// carries the version's digest), so a cached text never goes stale.

const cache = new Map();

/** The text of a versionDetail file: inline `text` when the server sent it, else its `url`. */
export function fileText(api, file) {
  if (typeof file.text === 'string') return Promise.resolve(file.text);
  if (!file.url) return Promise.reject(new Error(`${file.path} has no address to fetch it from`));
  let p = cache.get(file.url);
  if (!p) {
    p = api.fetchText(file.url);
    cache.set(file.url, p);
    p.catch(() => cache.delete(file.url));
  }
  return p;
}

/** Files bigger than this are fetched only when the reviewer asks. */
export const AUTO_LOAD_BYTES = 512 * 1024;
