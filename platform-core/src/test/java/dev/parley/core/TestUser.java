package dev.parley.core;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A signed-in test account: its id and credentials, and one browser session (cookie and CSRF
 * token). As a {@link Caller} it sends the cookie and the CSRF header, like the web client does.
 */
public record TestUser(String id, String username, String displayName, String password, String sessionToken,
    String csrfToken) implements Caller {

  /** Reads a sign-up / sign-in answer and its {@code Set-Cookie} header. */
  static TestUser from(Reply reply, String password) {
    JsonObject account = reply.json().getJsonObject("account");
    String cookie = reply.cookie("parley_session")
        .orElseThrow(() -> new AssertionError("no parley_session cookie in " + reply));
    return new TestUser(account.getString("id"), account.getString("username"), account.getString("displayName"),
        password, cookie, reply.json().getString("csrfToken"));
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("Cookie", cookieHeader(), "X-CSRF-Token", csrfToken);
  }

  /** The {@code Cookie} header value of this session. */
  public String cookieHeader() {
    return "parley_session=" + sessionToken;
  }

  /** This session without the CSRF header, as a cross-site form post would send it. */
  public Caller withoutCsrf() {
    return () -> Map.of("Cookie", cookieHeader());
  }

  /** This session with a wrong CSRF header. */
  public Caller withCsrf(String token) {
    return () -> Map.of("Cookie", cookieHeader(), "X-CSRF-Token", token);
  }
}
