package dev.parley.core.accounts;

import dev.parley.core.common.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * The notice, published on {@link Addresses#SESSIONS_ENDED} to every node, that sessions ended:
 * one browser session (signed out), the sessions an account opened with its API tokens (a token
 * revoked), or all of an account's sessions (an account suspended). Every node's live hub closes the
 * matching sockets and every node's {@link AccountService} drops the principals it cached for them.
 * The body is {@code {account, session?, via?}}.
 */
public final class SessionsEnded {

  private static final String ACCOUNT = "account";
  private static final String SESSION = "session";
  private static final String VIA = "via";

  private SessionsEnded() {
  }

  /** One browser session ended: the one whose cookie hashes to {@code sessionHash}. */
  public static void session(EventBus bus, String accountId, String sessionHash) {
    bus.publish(Addresses.SESSIONS_ENDED, new JsonObject().put(ACCOUNT, accountId).put(SESSION, sessionHash));
  }

  /** An API token of the account was revoked: every session it opened with a token ends. */
  public static void tokens(EventBus bus, String accountId) {
    bus.publish(Addresses.SESSIONS_ENDED,
        new JsonObject().put(ACCOUNT, accountId).put(VIA, Principal.Via.TOKEN.name()));
  }

  /** Every session of the account ends (for an account that may no longer sign in). */
  public static void account(EventBus bus, String accountId) {
    bus.publish(Addresses.SESSIONS_ENDED, new JsonObject().put(ACCOUNT, accountId));
  }

  /** The account a notice is about. */
  public static String accountId(JsonObject notice) {
    return notice.getString(ACCOUNT, "");
  }

  /** The hash of the one browser session a notice ends, if it names one. */
  public static java.util.Optional<String> sessionHash(JsonObject notice) {
    return java.util.Optional.ofNullable(notice.getString(SESSION));
  }

  /** Whether the notice ends the session of {@code principal}. */
  public static boolean ends(JsonObject notice, Principal principal) {
    if (!principal.accountId().equals(accountId(notice))) {
      return false;
    }
    String session = notice.getString(SESSION);
    if (session != null) {
      return principal.via() == Principal.Via.SESSION && session.equals(principal.sessionHash());
    }
    String via = notice.getString(VIA);
    return via == null || via.equals(principal.via().name());
  }
}
