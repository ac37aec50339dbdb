package dev.parley.core.common;

/**
 * Event-bus addresses of the platform (chat and registry), in one place. Live fan-out goes through the event bus so that a
 * clustered event bus carries it across nodes without code changes.
 */
public final class Addresses {

  /** Every event of one conversation (messages, read markers): {@code parley.conversation.<id>}. */
  public static String conversation(String conversationId) {
    return "parley.conversation." + conversationId;
  }

  /** Events for one account's sessions (added to or removed from a conversation). */
  public static String account(String accountId) {
    return "parley.account." + accountId;
  }

  /** Broadcast: a conversation's member list changed; every node drops its cached copy. */
  public static final String MEMBERS_CHANGED = "parley.cache.members";

  /**
   * Broadcast: an app's listing, live version or suspension changed (the body is the app id); every
   * node drops its cached copy and stops the app's running code if it was suspended.
   */
  public static final String REGISTRY_CHANGED = "parley.cache.registry";

  /** Broadcast: a user's consent to an app changed (the body is {@code <accountId>/<appId>}). */
  public static final String CONSENTS_CHANGED = "parley.cache.consents";

  /** Broadcast: the apps installed in a conversation changed (the body is the conversation id). */
  public static final String INSTALLS_CHANGED = "parley.cache.installs";

  /**
   * Broadcast: sessions ended (signed out, a token revoked, an account suspended); every node closes
   * their live sockets and drops their cached principals. The body is {@code accounts.SessionsEnded}'s.
   */
  public static final String SESSIONS_ENDED = "parley.sessions.ended";

  /**
   * Published when a message was deleted for everyone: {@code {conversationId, messageId,
   * attachmentIds}} (the ids of the attachments it held), so storage can drop files no message
   * refers to any more.
   */
  public static final String MESSAGES_DELETED = "parley.messages.deleted";

  /** Header of live events: the conversation they belong to. */
  public static final String HEADER_CONVERSATION = "conversation";
  /** Header of message events: the message's sequence number. */
  public static final String HEADER_SEQ = "seq";

  private Addresses() {
  }
}
