package dev.parley.core.common;

import java.util.Objects;
import java.util.Optional;

/**
 * The one failure type of the platform core. The {@link Reason} says what kind of failure it is;
 * the HTTP edge maps reasons to status codes. Expected failures (bad input, missing rights) carry
 * no stack trace: they are frequent and the trace would say nothing.
 */
public final class PlatformException extends RuntimeException {

  /** What went wrong, independent of any transport. */
  public enum Reason {
    /** The input is malformed or breaks a rule; {@link #field()} names the field where known. */
    INVALID(400),
    /** No authenticated account. */
    UNAUTHENTICATED(401),
    /** Authenticated, but without the role or membership needed. */
    FORBIDDEN(403),
    /**
     * A business's message that a consent or pacing rule refuses (no opt-in, the service window
     * closed, a template not approved, a cap reached); {@link #field()} names it as {@code /rules/<rule>}.
     */
    BUSINESS_RULE(403),
    /**
     * The person does not take this caller's messages or company (they blocked the caller); said
     * without saying why, so a blocked person learns no more than that.
     */
    CANNOT_MESSAGE(403),
    /** The account is suspended by a moderator: it cannot sign in or act until restored. */
    ACCOUNT_SUSPENDED(403),
    /** A member of a group without the group right an action needs (see {@code GroupRights}). */
    GROUP_RIGHT(403),
    /** The thing does not exist, or the caller may not know that it does. */
    NOT_FOUND(404),
    /** A group invite link that was revoked, has expired or has been used up. */
    INVITE_UNUSABLE(410),
    /** The request conflicts with the current state (for example a taken username). */
    CONFLICT(409),
    /**
     * A conflict of its own kind: the account to be debited holds less than the transfer needs.
     * Nothing moved; the same request may succeed after a top-up, which other conflicts never do.
     */
    INSUFFICIENT_FUNDS(409),
    /** A customer-care handover transition the conversation's state does not allow (issue 22). */
    CARE_TRANSITION(409),
    /** A bot's send or take-back while a person (an agent) holds the conversation (issue 22). */
    CARE_AGENT_HOLDS(409),
    /** The customer already rated this episode of the conversation (issue 22). */
    CARE_ALREADY_RATED(409),
    /** Nothing to rate: the conversation was not resolved, or its 24 h rating window closed (issue 22). */
    CARE_RATING_CLOSED(409),
    /** The request body is larger than allowed. */
    TOO_LARGE(413),
    /** The page a URL names cannot be previewed (the site refused, failed or sent no usable HTML). */
    PREVIEW_UNAVAILABLE(422),
    /** Too many attempts; {@link #retryAfterSeconds()} says when to try again. */
    TOO_MANY(429),
    /** A mini-app failed while handling the request; its developer's log says why. */
    APP_FAILED(502),
    /** A mini-app did not answer in time. */
    APP_TIMEOUT(504),
    /** A dependency (the database) is unavailable. */
    UNAVAILABLE(503),
    /** A bug or an unexpected failure; its message never reaches a client. */
    INTERNAL(500);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    /** The HTTP status this reason maps to at the edge. */
    public int status() {
      return status;
    }
  }

  private final Reason reason;
  private final String field;
  private final long retryAfterSeconds;
  /** RFC 9457 extension members of the problem (e.g. an insufficient-funds shortfall), in order. */
  private final java.util.Map<String, Object> extensions;

  private PlatformException(Reason reason, String message, String field, long retryAfterSeconds, Throwable cause) {
    this(reason, message, field, retryAfterSeconds, cause, java.util.Map.of());
  }

  private PlatformException(Reason reason, String message, String field, long retryAfterSeconds, Throwable cause,
      java.util.Map<String, Object> extensions) {
    super(message, cause, false, reason == Reason.INTERNAL || reason == Reason.UNAVAILABLE);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
    this.extensions = extensions;
  }

  /**
   * This failure with an extension member in its problem document: data a client words in the
   * user's own terms ("You need 4.50 EUR more"), never parsed from {@code detail}.
   */
  public PlatformException with(String name, Object value) {
    java.util.Map<String, Object> more = new java.util.LinkedHashMap<>(extensions);
    more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    PlatformException copy = new PlatformException(reason, getMessage(), field, retryAfterSeconds, getCause(),
        java.util.Collections.unmodifiableMap(more));
    copy.setStackTrace(getStackTrace());
    return copy;
  }

  /** The problem's extension members ({@link #with}). */
  public java.util.Map<String, Object> extensions() {
    return extensions;
  }

  /** A failure with a reason and a message that may be shown to the client (unless INTERNAL). */
  public static PlatformException of(Reason reason, String message) {
    return new PlatformException(reason, message, null, 0, null);
  }

  /** A validation failure for the field at the JSON pointer {@code field} (e.g. {@code /title}). */
  public static PlatformException invalid(String field, String message) {
    return new PlatformException(Reason.INVALID, message, Objects.requireNonNull(field, "field"), 0, null);
  }

  /** A rate-limit refusal. */
  public static PlatformException tooMany(String message, long retryAfterSeconds) {
    return new PlatformException(Reason.TOO_MANY, message, null, retryAfterSeconds, null);
  }

  /** An unexpected failure that wraps its cause; the message is for logs only. */
  public static PlatformException internal(String message, Throwable cause) {
    return new PlatformException(Reason.INTERNAL, message, null, 0, cause);
  }

  /** The database or another dependency is unavailable. */
  public static PlatformException unavailable(String message, Throwable cause) {
    return new PlatformException(Reason.UNAVAILABLE, message, null, 0, cause);
  }

  public static PlatformException notFound(String what) {
    return of(Reason.NOT_FOUND, what + " was not found");
  }

  public static PlatformException forbidden(String message) {
    return of(Reason.FORBIDDEN, message);
  }

  /**
   * A business's message refused by the consent or pacing rule {@code rule} (named in
   * {@link #field()} as {@code /rules/<rule>}); with {@code retryAfterSeconds > 0} a pace to wait
   * out (429 with Retry-After), else a rule that waiting alone does not lift (403).
   */
  public static PlatformException businessRule(String rule, String message, long retryAfterSeconds) {
    return retryAfterSeconds > 0
        ? new PlatformException(Reason.TOO_MANY, message, "/rules/" + rule, retryAfterSeconds, null)
        : new PlatformException(Reason.BUSINESS_RULE, message, "/rules/" + rule, 0, null);
  }

  /** A group right the caller lacks; {@link #field()} names it as {@code /rights/<right>}. */
  public static PlatformException groupRight(String right, String message) {
    return new PlatformException(Reason.GROUP_RIGHT, message, "/rights/" + right, 0, null);
  }

  public Reason reason() {
    return reason;
  }

  /** The JSON pointer of the offending field, for validation failures. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
