// Types of parley-sdk.js, the page side of the Parley page bridge. Served at /parley-sdk.d.ts on
// every app origin. `import Parley from '/parley-sdk.js'` in a page; see docs/api.md.

/** Signed by the platform at launch; verify them on your backend (docs/launch-params.md). */
export interface LaunchParams {
  appId: string;
  version: string;
  userId: string;
  conversationId: string;
  /** The deep link's start parameter, "" when there is none. */
  startParam: string;
  /** The language the user reads the messenger in (BCP-47: `en`, `de`, `ar`, …): show the page in it. */
  locale: string;
  /** ISO-8601; refuse parameters older than 5 minutes. */
  issuedAt: string;
  nonce: string;
}

/** What the messenger hands to the page: the parameters and their two signatures. */
export interface Launch {
  launchParams: LaunchParams;
  /** Hex HMAC-SHA256 with the app's signing secret over the canonical form. */
  signature: string;
  /** Base64url Ed25519 over the canonical form, with the key of GET /api/platform-key. */
  platformSignature: string;
}

/** Theme colours and settings; each becomes a CSS variable `--parley-<kebab-name>`. */
export type Theme = Record<string, string | number | Record<string, string | number>>;

export const DEFAULT_TIMEOUT_MS: number;
export const CALL_TIMEOUT_MS: number;
/** How long `syncClock` waits for the messenger. */
export const CLOCK_TIMEOUT_MS: number;
/** The largest file `media.upload` accepts (20 MiB). */
export const MAX_UPLOAD_BYTES: number;

/** A failed bridge request. */
export class ParleyError extends Error {
  constructor(code: string, message: string);
  readonly name: 'ParleyError';
  /** `refused`, `timeout`, `not_launched`, `invalid`, `too_large`, `clock`, `bridge`, `disposed`, or the messenger's own. */
  readonly code: string;
}

export interface MainButton {
  /** Shows, hides or relabels the messenger's main button. */
  set(options: { text?: string; visible?: boolean }): Promise<unknown>;
  /** Calls `fn` on each tap; returns a function that stops it. */
  onClick(fn: () => void): () => void;
}

export interface MiniPlayer {
  /**
   * Asks to keep running in the messenger's docked player when the user closes the panel or leaves the
   * conversation (`enabled: true`), or to close with the panel again; `title` is the player's line (≤ 80
   * characters). Rejects with `not_allowed` when the manifest does not say `"mini_player": true`.
   */
  set(options: { enabled: boolean; title?: string }): Promise<unknown>;
  /** Calls `fn({docked})` when the page moves into the docked player or back; returns a function that stops it. */
  onChange(fn: (state: { docked: boolean }) => void): () => void;
}

/** An uploaded file, served on the app's own origin with ranges, ETag and immutable caching. */
export interface MediaFile {
  id: string;
  /** `https://<appId>.apps.<host>/media/<id>`: play it with `<audio src>`. */
  url: string;
  /** `audio/mpeg`, `audio/ogg`, `audio/wav`, `audio/flac` or `audio/mp4`, told by the content. */
  contentType: string;
  size: number;
  name: string;
}

export interface Media {
  /**
   * Uploads an audio file (permission `media.upload`; at most 20 MiB; MP3, Ogg Vorbis/Opus, WAV,
   * FLAC or MP4 audio, checked by content). Rejects with a ParleyError saying what was wrong.
   */
  upload(file: Blob | ArrayBuffer | ArrayBufferView, options?: { name?: string }): Promise<MediaFile>;
}

/**
 * The host capabilities a page may call (`call`), checked like the app's server code; their arguments and
 * answers are declared in parley-host.d.ts. HostDeclarationsTest keeps this list equal to the host's.
 */
export type HostCapability =
  | 'cards.post'
  | 'cards.update'
  | 'members.read'
  | 'profile.read'
  | 'storage.get'
  | 'storage.set'
  | 'storage.delete'
  | 'storage.list'
  | 'network.fetch'
  | 'notifications.send'
  | 'files.read'
  | 'files.create'
  | 'payments.request'
  | 'payments.refund'
  | 'redpackets.create'
  | 'redpackets.claim'
  | 'redpackets.get'
  | 'pages.broadcast'
  | 'media.get';

export interface ParleySdk {
  /** Whether the page runs inside the messenger. */
  readonly launched: boolean;
  /** The messenger's origin, or null. */
  readonly host: string | null;
  readonly launch: Launch | null;
  readonly launchParams: LaunchParams | null;
  /** The last theme received, or null. */
  readonly theme: Theme | null;
  /** Tells the messenger the page is ready; applies and returns the theme. */
  ready(): Promise<{ theme?: Theme }>;
  getLaunchParams(): Promise<Launch>;
  /** A host call (the same permissions as the app's server code); `'server'` is `server(args)`. */
  call<T = unknown>(capability: HostCapability | 'server', args?: Record<string, unknown>): Promise<T>;
  /** Calls the app's `page_call` handler; resolves with the `result` it returns (`{result: …}`), else null. */
  server<T = unknown>(args?: Record<string, unknown>): Promise<T>;
  readonly mainButton: MainButton;
  /** Opens an https link outside the app, after the user agrees. */
  openLink(url: string): Promise<unknown>;
  /** Closes the app's panel (and its mini-player). */
  close(): Promise<unknown>;
  /** The docked mini-player: the page keeps running when its panel is closed (manifest `"mini_player": true`). */
  miniPlayer: MiniPlayer;
  /** Calls `fn` on each theme change; returns a function that stops it. */
  onTheme(fn: (theme: Theme) => void): () => void;
  /** Calls `fn(data)` with each `parley.pages.broadcast({data})` of this app in this conversation; returns a function that stops it. */
  onBroadcast<T = unknown>(fn: (data: T) => void): () => void;
  /** The host's clock in epoch ms (server time as the messenger estimates it); `Date.now()` until synced. */
  now(): number;
  /** Whether `now()` follows the host's clock yet (`ready()` syncs it). */
  readonly clockSynced: boolean;
  /** Syncs `now()` with the host's clock: the offset from the page's clock and the round trip it was measured over. */
  syncClock(): Promise<{ offsetMs: number; rttMs: number }>;
  readonly media: Media;
  /** Stops listening; pending requests fail with `disposed`. */
  dispose(): void;
}

/** Reads `#launch=…&host=…`. */
export function parseFragment(hash: string): { launch: Launch | null; host: string | null };
/** Theme data as CSS custom properties. */
export function themeVariables(theme: Theme): Record<string, string>;
/** The SDK for a window (tests pass a fake one). */
export function createParley(win: Window, options?: { timeoutMs?: number; callTimeoutMs?: number; now?: () => number }): ParleySdk;

/** The SDK of this page's window. */
export const Parley: ParleySdk;
export default Parley;
