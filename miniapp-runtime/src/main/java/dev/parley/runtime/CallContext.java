package dev.parley.runtime;

import static java.util.Objects.requireNonNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The verified context of a call, made by the platform (never by the app): who, where, which
 * app version, which permissions are granted. The guest receives it as the second argument of
 * its handler, and the host receives it with every capability call.
 *
 * @param appId the app id; must match the app version invoked
 * @param version the app's version
 * @param userId the user on whose behalf the app runs
 * @param conversationId the conversation, if the call happens in one
 * @param requestId an id for logs and audit
 * @param permissions the permissions granted (approved and consented)
 * @param locale the user's language as a BCP-47 tag ({@code en}, {@code de}, {@code ar}), so the
 *     app's answers can match it; {@link #DEFAULT_LOCALE} when the platform knows none
 */
public record CallContext(String appId, String version, String userId,
    Optional<String> conversationId, String requestId, Set<String> permissions, String locale) {

  /** The locale of a call when the user's is unknown. */
  public static final String DEFAULT_LOCALE = "en";

  /** Copies the permissions and checks for nulls. */
  public CallContext {
    requireNonNull(appId, "appId");
    requireNonNull(version, "version");
    requireNonNull(userId, "userId");
    requireNonNull(conversationId, "conversationId");
    requireNonNull(requestId, "requestId");
    requireNonNull(locale, "locale");
    permissions = Set.copyOf(permissions);
  }

  /** A context in the default locale (see {@link #withLocale}). */
  public CallContext(String appId, String version, String userId, Optional<String> conversationId,
      String requestId, Set<String> permissions) {
    this(appId, version, userId, conversationId, requestId, permissions, DEFAULT_LOCALE);
  }

  /** This context for a user who reads {@code language} (a BCP-47 tag the platform checked). */
  public CallContext withLocale(String language) {
    return new CallContext(appId, version, userId, conversationId, requestId, permissions, language);
  }

  /**
   * Creates a context for a call inside a conversation.
   *
   * @param app the app version invoked
   * @param userId the user
   * @param conversationId the conversation
   * @param requestId the request id
   * @param permissions the granted permissions
   * @return the context
   */
  public static CallContext of(AppVersion app, String userId, String conversationId,
      String requestId, Set<String> permissions) {
    return new CallContext(app.appId(), app.version(), userId,
        Optional.of(requireNonNull(conversationId, "conversationId")), requestId, permissions);
  }

  /**
   * Creates a context for a call outside any conversation (the app's own page, a job).
   *
   * @param app the app version invoked
   * @param userId the user
   * @param requestId the request id
   * @param permissions the granted permissions
   * @return the context
   */
  public static CallContext withoutConversation(AppVersion app, String userId, String requestId,
      Set<String> permissions) {
    return new CallContext(app.appId(), app.version(), userId, Optional.empty(), requestId,
        permissions);
  }

  /** Returns the context as the guest sees it. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("appId", appId)
        .put("version", version)
        .put("userId", userId)
        .put("conversationId", conversationId.orElse(null))
        .put("requestId", requestId)
        .put("permissions", new JsonArray(new TreeSet<>(permissions).stream().toList()))
        .put("locale", locale);
  }
}
