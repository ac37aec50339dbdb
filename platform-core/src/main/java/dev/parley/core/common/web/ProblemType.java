package dev.parley.core.common.web;

import dev.parley.core.common.PlatformException;
import java.util.Objects;

/**
 * The kinds of problem the HTTP API answers, each with a stable, machine-readable {@code type} URI
 * ({@link #uri()}): clients switch on the type, never on the text of {@code detail}. docs/api.md
 * ("Problem types") lists the same table; {@code ProblemTypesTest} checks that both agree.
 */
public enum ProblemType {
  /** Bad input: a field breaks a rule ({@code field} names it), malformed JSON, a request the OpenAPI document refuses. */
  VALIDATION("validation", 400),
  /** A mini-app bundle the registry refuses ({@code reason}, {@code file}, {@code problems} say why). */
  BUNDLE_INVALID("bundle-invalid", 400),
  /** No authenticated account (no session, an expired one, an unknown token). */
  UNAUTHENTICATED("unauthenticated", 401),
  /** Authenticated, but without the role, the membership or the CSRF token it needs. */
  FORBIDDEN("forbidden", 403),
  /** A business's message that a consent or pacing rule refuses; {@code field} is {@code /rules/<rule>}. */
  BUSINESS_RULE("business-rule", 403),
  /** A member of a group without the group right the action needs ({@code right} names it: addMembers, rename, pin, installApps). */
  GROUP_RIGHT("group-right", 403),
  /** A group invite link that was revoked, has expired or has been used up ({@code detail} says which). */
  INVITE_UNUSABLE("invite-unusable", 410),
  /** The thing does not exist, the caller may not know that it does, or there is no such API route. */
  NOT_FOUND("not-found", 404),
  /** The person does not take the caller's messages, or joining them to a conversation (a block; not said). */
  CANNOT_MESSAGE("cannot-message", 403),
  /** The account is suspended by a moderator; it cannot sign in until an admin restores it. */
  ACCOUNT_SUSPENDED("account-suspended", 403),
  /** The path exists, but not with this method; {@code Allow} lists the methods it takes. */
  METHOD_NOT_ALLOWED("method-not-allowed", 405),
  /** The request conflicts with the current state: taken names, versions, idempotency keys, finished packets. */
  CONFLICT("conflict", 409),
  /** The account to be debited holds less than the transfer needs; nothing moved; a top-up may help. */
  INSUFFICIENT_FUNDS("insufficient-funds", 409),
  /** A customer-care handover the conversation's state does not allow ({@code state} names the current one). */
  CARE_TRANSITION("care-transition", 409),
  /** A bot's send (or take-back) while an agent holds the conversation: the bot stops answering. */
  CARE_AGENT_HOLDS("care-agent-holds", 409),
  /** The customer already rated this episode of the conversation. */
  CARE_ALREADY_RATED("care-already-rated", 409),
  /** Nothing to rate, or the 24 h window after resolution closed. */
  CARE_RATING_CLOSED("care-rating-closed", 409),
  /** The request body, or an upload, is larger than allowed. */
  PAYLOAD_TOO_LARGE("payload-too-large", 413),
  /** A bundle (the zip, one entry or all entries inflated) is larger than allowed ({@code reason} says which). */
  BUNDLE_TOO_LARGE("bundle-too-large", 413),
  /** An upload would take its uploader past their storage quota; nothing was stored. */
  QUOTA_EXCEEDED("quota-exceeded", 413),
  /** The whole uploaded file does not have the SHA-256 its upload declared; nothing was stored. */
  CHECKSUM_MISMATCH("checksum-mismatch", 422),
  /** A tus chunk does not have the {@code Upload-Checksum} it was sent with; the chunk was discarded. */
  UPLOAD_CHECKSUM_MISMATCH("upload-checksum-mismatch", 460),
  /** An uploaded file's content was refused: not the type declared (both named), a zip bomb, a polyglot, a truncated image. */
  CONTENT_REFUSED("content-refused", 415),
  /** The request line (the path and its query) is longer than the server reads. */
  URI_TOO_LONG("uri-too-long", 414),
  /** The body is of a media type the route does not take. */
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415),
  /** No preview of the page a URL names: the site refused, failed, timed out or sent no usable HTML ({@code detail} says which). */
  LINK_PREVIEW_UNAVAILABLE("link-preview-unavailable", 422),
  /** Too many requests: the caller, the app or the conversation is over its rate; {@code Retry-After} says when. */
  RATE_LIMITED("rate-limited", 429),
  /** A bug or an unexpected failure; {@code correlationId} names it in the server's log. */
  INTERNAL("internal", 500),
  /** A mini-app failed while handling the request; its developer's log says why. */
  APP_FAILED("app-failed", 502),
  /** The database or another dependency is unavailable; try again shortly. */
  UNAVAILABLE("unavailable", 503),
  /** A mini-app did not answer in time. */
  APP_TIMEOUT("app-timeout", 504),
  /** Any other refusal of the HTTP layer (a 4xx status without a kind of its own). */
  REQUEST_REFUSED("request-refused", 400);

  /** The prefix of every type URI. */
  public static final String BASE = "https://parley.dev/problems/";

  private final String slug;
  private final int status;

  ProblemType(String slug, int status) {
    this.slug = slug;
    this.status = status;
  }

  /** The type URI, such as {@code https://parley.dev/problems/not-found}. */
  public String uri() {
    return BASE + slug;
  }

  /** The last segment of {@link #uri()}. */
  public String slug() {
    return slug;
  }

  /** The HTTP status answered with this type ({@link #REQUEST_REFUSED}: its usual one; it takes the status sent). */
  public int status() {
    return status;
  }

  /** The type of a platform failure. */
  public static ProblemType of(PlatformException.Reason reason) {
    Objects.requireNonNull(reason, "reason");
    return switch (reason) {
      case INVALID -> VALIDATION;
      case UNAUTHENTICATED -> UNAUTHENTICATED;
      case FORBIDDEN -> FORBIDDEN;
      case BUSINESS_RULE -> BUSINESS_RULE;
      case GROUP_RIGHT -> GROUP_RIGHT;
      case INVITE_UNUSABLE -> INVITE_UNUSABLE;
      case NOT_FOUND -> NOT_FOUND;
      case CANNOT_MESSAGE -> CANNOT_MESSAGE;
      case ACCOUNT_SUSPENDED -> ACCOUNT_SUSPENDED;
      case CONFLICT -> CONFLICT;
      case INSUFFICIENT_FUNDS -> INSUFFICIENT_FUNDS;
      case CARE_TRANSITION -> CARE_TRANSITION;
      case CARE_AGENT_HOLDS -> CARE_AGENT_HOLDS;
      case CARE_ALREADY_RATED -> CARE_ALREADY_RATED;
      case CARE_RATING_CLOSED -> CARE_RATING_CLOSED;
      case TOO_LARGE -> PAYLOAD_TOO_LARGE;
      case TOO_MANY -> RATE_LIMITED;
      case PREVIEW_UNAVAILABLE -> LINK_PREVIEW_UNAVAILABLE;
      case APP_FAILED -> APP_FAILED;
      case APP_TIMEOUT -> APP_TIMEOUT;
      case UNAVAILABLE -> UNAVAILABLE;
      case INTERNAL -> INTERNAL;
    };
  }

  /** The type of a status the HTTP layer answered without a platform failure (an unknown route, a body over the limit). */
  public static ProblemType ofStatus(int status) {
    return switch (status) {
      case 400 -> VALIDATION;
      case 401 -> UNAUTHENTICATED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 409 -> CONFLICT;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 414 -> URI_TOO_LONG;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 429 -> RATE_LIMITED;
      case 502 -> APP_FAILED;
      case 503 -> UNAVAILABLE;
      case 504 -> APP_TIMEOUT;
      default -> status >= 500 ? INTERNAL : REQUEST_REFUSED;
    };
  }
}
