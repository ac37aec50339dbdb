// The `parley` object of an app's server code (server.js). GENERATED from the platform's host
// capabilities by dev.parley.core.apps.broker.HostDeclarations: do not edit; HostDeclarationsTest prints the
// expected text when this file differs. Every call is checked against what its capability requires and
// against the JSON Schema of its arguments; a refusal rejects with a ParleyError (code "refused") whose
// message says why. See docs/api.md ("The host API of server code").

/** A refused or invalid host call. */
declare class ParleyError extends Error {
  readonly code: string;
}

/** The name of a host capability: `parley.call(name, args)` reaches it too. */
type HostCapability =
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

interface ParleyHost {
  cards: {
    /**
     * Posts a card (or a text) into the conversation of the call.
     * Requires `cards.post`.
     */
    post(args?: {
      /** a card: {title?, text?, image?, fields?: [{label, value}], buttons?: [{id, label, type?, value?, url?, accept?}], files?: [{path | attachmentId, name?}], interactive?: interactive content of the shared schema (GET /api/schemas/interactive), without media} */
      card?: Record<string, unknown> | null;
      /** a plain text, the short form of {card: {text}} */
      text?: string | null;
      /** who sees it: "conversation" (every member, the default) or "caller" (only the person whose action made this call: an ephemeral message) */
      visibility?: 'conversation' | 'caller' | null;
    }): Promise<{ messageId: string }>;
    /**
     * Replaces a card this app posted in this conversation.
     * Requires `cards.post`.
     */
    update(args: {
      /** the id cards.post returned */
      messageId: string;
      /** a card: {title?, text?, image?, fields?: [{label, value}], buttons?: [{id, label, type?, value?, url?, accept?}], files?: [{path | attachmentId, name?}], interactive?: interactive content of the shared schema (GET /api/schemas/interactive), without media} */
      card?: Record<string, unknown> | null;
      /** a plain text, the short form of {card: {text}} */
      text?: string | null;
    }): Promise<{ messageId: string }>;
  };
  members: {
    /**
     * The members of the conversation of the call.
     * Requires `members.read`.
     */
    read(): Promise<Array<{ id: string; username: string; displayName: string }>>;
  };
  profile: {
    /**
     * The user of the call.
     * Requires `profile.read`.
     */
    read(): Promise<{ id: string; username: string; displayName: string }>;
  };
  storage: {
    /**
     * Reads the value stored under a key, or null.
     * Requires `storage.user` (scope "user") or `storage.conversation` (scope "conversation").
     */
    get(args: {
      /** "user" (the default) or "conversation" */
      scope?: 'user' | 'conversation' | null;
      /** a key of 1-256 characters */
      key: string;
    }): Promise<unknown>;
    /**
     * Stores a JSON value under a key, within the manifest's quota of the scope (storage.user_bytes, storage.conversation_bytes).
     * Requires `storage.user` (scope "user") or `storage.conversation` (scope "conversation").
     */
    set(args: {
      /** "user" (the default) or "conversation" */
      scope?: 'user' | 'conversation' | null;
      /** a key of 1-256 characters */
      key: string;
      /** any JSON value */
      value?: unknown;
    }): Promise<{ stored: true }>;
    /**
     * Deletes the value stored under a key.
     * Requires `storage.user` (scope "user") or `storage.conversation` (scope "conversation").
     */
    delete(args: {
      /** "user" (the default) or "conversation" */
      scope?: 'user' | 'conversation' | null;
      /** a key of 1-256 characters */
      key: string;
    }): Promise<{ deleted: boolean }>;
    /**
     * Lists the keys that start with a prefix, in order, at most 1000.
     * Requires `storage.user` (scope "user") or `storage.conversation` (scope "conversation").
     */
    list(args?: {
      /** "user" (the default) or "conversation" */
      scope?: 'user' | 'conversation' | null;
      /** the start of the keys; all keys when absent */
      prefix?: string | null;
    }): Promise<string[]>;
  };
  network: {
    /**
     * Makes an HTTPS request to one of the manifest's domains (network.allowed_domains): public addresses only, no redirects, at most 1 MiB and 5 s.
     * Requires `network.fetch`.
     */
    fetch(args: {
      /** an https:// URL on a domain the manifest allows */
      url: string;
      /** GET (the default), POST, PUT, PATCH, DELETE or HEAD */
      method?: string | null;
      /** request headers, name to string value */
      headers?: Record<string, unknown> | null;
      /** the request body, at most 65536 characters */
      body?: string | null;
    }): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  };
  notifications: {
    /**
     * Sends a notification to the user of the call.
     * Requires `notifications.send`.
     */
    send(args: {
      /** 1-1000 characters */
      text: string;
    }): Promise<{ notificationId: string }>;
  };
  files: {
    /**
     * Reads the bytes of a file a user sent the app in this conversation (request_file; while they allow files.receive) or the app made here, at most 262144 bytes a call, as base64.
     * Requires none (the user is a member of the conversation).
     */
    read(args: {
      /** the file's id, from event.files or files.create */
      id: string;
      /** the first byte to read; 0 when left out */
      offset?: number | null;
      /** how many bytes to read; at most 262144 */
      length?: number | null;
    }): Promise<{ id: string, name: string, contentType: string, size: number, offset: number, length: number, data: string, done: boolean }>;
    /**
     * Makes a file (an image, a PDF...) from bytes, checked by its content like a user's upload, to show in a card's files of this conversation. The call's arguments are capped (runtime.maxHostCallBytes), so files are small.
     * Requires `cards.post`.
     */
    create(args: {
      /** the file's name, shown to people */
      name: string;
      /** its media type, e.g. image/png; it must agree with the bytes */
      contentType: string;
      /** the bytes, base64 */
      data: string;
    }): Promise<{ id: string, name: string, contentType: string, size: number, kind: string, sha256: string }>;
  };
  payments: {
    /**
     * Asks the user of the call to pay; Parley shows its own confirmation sheet, and only the user's confirmation moves the money.
     * Requires `payments.request`.
     */
    request(args: {
      /** a member's user id, "@username", or "app" (the app's merchant account) */
      payee: string;
      /** a decimal string such as "12.50" */
      amount: string;
      /** an ISO 4217 code such as "EUR" */
      currency: string;
      /** shown to the payer */
      note?: string | null;
      /** the app's own reference, given back with the outcome */
      reference?: string | null;
    }): Promise<{ requestId: string; status: 'pending'; expiresAt: string }>;
    /**
     * Refunds a completed payment to this app's merchant account, once.
     * Requires `payments.request`.
     */
    refund(args: {
      /** the id payments.request answered */
      requestId: string;
    }): Promise<{ requestId: string; status: 'refunded'; refundTransferId: string }>;
  };
  redpackets: {
    /**
     * Asks the user of the call to send a red packet into this conversation: a payment request whose payee is the packet, confirmed in the same sheet.
     * Requires `payments.request`.
     */
    create(args: {
      /** a decimal string such as "10.00" */
      total: string;
      /** an ISO 4217 code such as "EUR" */
      currency: string;
      /** a whole number of shares, such as 5 */
      shares: number;
      /** "equal" (the default) or "lucky" */
      mode?: 'equal' | 'lucky' | null;
      /** shown on the packet */
      message?: string | null;
      /** the app's own reference, given back with the outcome */
      reference?: string | null;
    }): Promise<{ requestId: string; status: 'pending'; expiresAt: string }>;
    /**
     * Claims one share of a red packet of this conversation for the user of the call; Parley pays it to their wallet.
     * Requires none (the user is a member of the conversation).
     */
    claim(args: {
      /** the id of a red packet */
      packetId: string;
    }): Promise<{ claimed: true; claim: Record<string, unknown>; packet: Record<string, unknown> } | { claimed: false; reason: 'finished' | 'expired' | 'unpaid' | 'sender'; message: string; packet: Record<string, unknown> }>;
    /**
     * A red packet of this conversation, as its card shows it.
     * Requires none (the user is a member of the conversation).
     */
    get(args: {
      /** the id of a red packet */
      packetId: string;
    }): Promise<Record<string, unknown>>;
  };
  pages: {
    /**
     * Hands data to every open page of this app in the conversation of the call, for every member's session.
     * Requires none (the user is a member of the conversation).
     */
    broadcast(args: {
      /** the JSON to hand to the pages (encoded, at most broker.broadcastMaxBytes: 16 KiB unless configured) */
      data: unknown;
    }): Promise<{ delivered: true }>;
  };
  media: {
    /**
     * A file this app uploaded in the conversation of the call, or null.
     * Requires none (the user is a member of the conversation).
     */
    get(args: {
      /** the id media.upload answered */
      id: string;
    }): Promise<{ id: string; url: string; contentType: string; size: number; name: string; uploadedBy: string } | null>;
  };
  /** Calls the capability named `capability`. */
  call(capability: HostCapability, args?: Record<string, unknown>): Promise<unknown>;
}

declare const parley: ParleyHost;
