// The handler contract of server code: what each exported function named in manifest.json
// receives and may return. Hand-written; docs/sdk.md says the same in words, and the SDK's tests
// check that every entry point of the manifest schema has its event type here.
//
// Every handler is `(event, ctx) => result | Promise<result>`. `parley` (parley-host.d.ts) is a
// global, not an import. Command arguments arrive as strings: parse numbers and amounts yourself
// (see @parley/sdk's parseAmount). There are no timers (setTimeout, setInterval do not exist), no
// fetch (use parley.network.fetch), no node: modules; imports name the bundle's own files.

/** Who and where a call runs for: the second argument of every handler. */
interface ParleyContext {
  appId: string;
  version: string;
  /** The user whose action started the call. */
  userId: string;
  /** The conversation, or null for a search from the launcher (no conversation). */
  conversationId: string | null;
  /** Quoted on the user's error and on the developer's log lines of this call. */
  requestId: string;
  /** The permissions the user granted this app, sorted. */
  permissions: string[];
  /**
   * The language the user reads the messenger in, a BCP-47 tag (`en`, `de`, `ar`, `pt-BR`; `en`
   * when unknown): answer in it (your strings, `Intl.NumberFormat(ctx.locale)`, …).
   */
  locale: string;
}

/** `commands[].handler`: `/name rest of the line`. */
interface CommandEvent {
  type: 'command';
  /** The command's name, without the slash. */
  command: string;
  /** Everything after the name, trimmed ('' when nothing). */
  text: string;
  /** `text` split on white space: always strings, never numbers. */
  args: string[];
}

/** `card_actions[].handler`: a user pressed a callback button of one of the app's cards. */
interface CardActionEvent {
  type: 'card_action';
  /** The button's id, which card_actions maps to this handler. */
  actionId: string;
  /** The card's message, for parley.cards.update. */
  messageId: string;
  /** The button's `value` as the app posted it (a string), or null. */
  value: string | null;
}

/** `events.page_call`: the app's page called `Parley.call('server', args)` (parley.server(args)). */
interface PageCallEvent {
  type: 'page_call';
  /** What the page sent, as JSON. */
  args: Record<string, unknown>;
}

/** `events.payment`: the outcome of a payment request the app asked for. */
interface PaymentEvent {
  type: 'payment.completed' | 'payment.cancelled' | 'payment.refunded';
  requestId: string;
  reference: string | null;
  /** The platform's decimal string ("12.50"). */
  amount: string;
  amountMinor: number;
  currency: string;
  /** "app", a user id, or the red packet. */
  payee: string;
  payerId: string;
  note: string | null;
  transferId: string | null;
  /** For a cancelled request: why ("cancelled", "expired"...). */
  reason?: string;
}

/** `search.handler`: a user searched in the messenger. */
interface SearchEvent {
  type: 'search';
  query: string;
  /** At most this many results are kept. */
  limit: number;
}

/** A card: plain data, never markup (docs/api.md). A type, not an interface: it is passed where the host API takes a JSON object. */
type ParleyCard = {
  title?: string;
  text?: string;
  /** An https URL or a file of the bundle (ui/...). */
  image?: string;
  fields?: { label: string; value: string }[];
  /** A `callback` button needs a `card_actions` entry for its id: a card without one is refused when posted. */
  /**
   * `for`: the account ids of the members who alone see and may press the button (a payment
   * request's Pay and Decline for the payer); others see the card without it, and the host refuses
   * their press.
   */
  buttons?: ({ id: string; label: string; value?: string; for?: string[] } & (
    | { type?: 'callback' }
    | { type: 'open_page' }
    | { type: 'open_link'; url: string }
  ))[];
  /** Interactive content of the schema businesses use (no media); each answerable id needs a `card_actions` entry. */
  interactive?: ParleyInteractive;
};

/** An action of an interactive card: a reply answers the app's card_actions handler with its payload; the others are links. */
type ParleyInteractiveAction =
  | { type: 'reply'; id: string; label: string; payload?: string }
  | { type: 'open_url'; label: string; url: string }
  | { type: 'open_app'; label: string; appId: string; start?: string }
  | { type: 'call'; label: string; phone: string };

/** A card of interactive content (issue 21): title, body and up to 4 actions. */
type ParleyInteractiveCard = { title?: string; body?: string; actions?: ParleyInteractiveAction[] };

/** Interactive content on a card: interactive.schema.json, as the Business API sends it, without media. */
type ParleyInteractive = { fallback?: string } & (
  | { type: 'card'; card: ParleyInteractiveCard }
  | { type: 'carousel'; cards: (ParleyInteractiveCard & { title: string })[] }
  | { type: 'quick_replies'; text: string; replies: { id: string; label: string; payload?: string }[] }
  | {
      type: 'list';
      text: string;
      button: string;
      sections: { title?: string; rows: { id: string; title: string; description?: string; payload?: string }[] }[];
    }
  | { type: 'datetime'; id: string; text: string; mode: 'date' | 'time' | 'datetime'; min?: string; max?: string }
);

/**
 * What a command, button or page call may return: `{}` (or nothing), a reply posted as the app
 * (`text` or `card`), and for page calls `result`, what the page's `Parley.server()` resolves with.
 */
type HandlerResult = void | { text?: string; card?: ParleyCard; visibility?: Visibility; result?: unknown };

/**
 * Who sees a reply or a posted card: `"conversation"` (every member, the default) or `"caller"`
 * (only the person whose command, button or page made the call: an ephemeral message, "only
 * visible to you", kept a day, never in other members' history, search or unread counts; they may
 * share it with the group or dismiss it).
 */
type Visibility = 'conversation' | 'caller';

/** What the search handler returns: its results (title ≤ 100, subtitle ≤ 200, image, start param). */
interface SearchResult {
  results: { title: string; subtitle?: string; image?: string; start?: string }[];
}

/** A handler; in checked JS annotate async ones with `@param` (a `@type` of an async function must return a Promise). */
type Handler<E, R = HandlerResult> = (event: E, ctx: ParleyContext) => R | Promise<R>;
type CommandHandler = Handler<CommandEvent>;
type CardActionHandler = Handler<CardActionEvent>;
type PageCallHandler = Handler<PageCallEvent>;
type PaymentHandler = Handler<PaymentEvent, void | {}>;
type SearchHandler = Handler<SearchEvent, SearchResult>;
