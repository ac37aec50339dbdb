// Link previews in the composer (docs/api.md "Link previews"): which URL of a draft gets a preview,
// and what the send body says about it. Plain ES module, no DOM, tested under `node --test`.
import { splitLinks } from './format.js';

/** How long typing must pause before the composer asks for a preview. */
export const PREVIEW_DEBOUNCE_MS = 600;

/**
 * The first http(s) URL of a draft exactly as typed (the server checks that the text holds it),
 * or null. Links to this messenger's own origin get no preview.
 */
export function firstPreviewUrl(text, origin = null) {
  for (const part of splitLinks(text)) {
    if (part.type !== 'link' || !/^https?:\/\//iu.test(part.value)) continue;
    if (origin && part.href.startsWith(`${origin}/`)) continue;
    return part.value;
  }
  return null;
}

/**
 * The send body field for a draft: `{ linkPreview: { url } }` when the composer shows that URL's
 * preview, `{ linkPreview: false }` when the person removed it, nothing otherwise.
 * @param {string} text the text being sent
 * @param {{url: string, preview?: object|null, dismissed?: boolean}|null} state the composer's preview state
 */
export function previewField(text, state) {
  if (!state || !state.url || !String(text).includes(state.url)) return undefined;
  if (state.dismissed) return { linkPreview: false };
  if (state.preview) return { linkPreview: { url: state.url } };
  return undefined;
}

/** The host shown on a card when the page names no site. */
export function siteOf(preview) {
  if (preview?.siteName) return preview.siteName;
  try {
    return new URL(preview.url).host;
  } catch {
    return '';
  }
}
