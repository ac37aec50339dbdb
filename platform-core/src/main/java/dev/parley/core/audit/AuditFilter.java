package dev.parley.core.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which audit entries to read, newest first.
 *
 * @param action only this action
 * @param actor only this account (its id or username)
 * @param appId only entries about this app
 * @param from not before this time
 * @param to not after this time
 * @param before the cursor of the previous page ({@code nextBefore})
 * @param limit at most this many entries
 */
public record AuditFilter(Optional<String> action, Optional<String> actor, Optional<String> appId,
    Optional<Instant> from, Optional<Instant> to, Optional<String> before, int limit) {

  public AuditFilter {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(before, "before");
    if (limit < 1 || limit > 500) {
      throw new IllegalArgumentException("limit must be 1..500, got " + limit);
    }
  }

  /** Every entry about one app, newest first. */
  public static AuditFilter app(String appId, int limit) {
    return new AuditFilter(Optional.empty(), Optional.empty(), Optional.of(appId), Optional.empty(), Optional.empty(),
        Optional.empty(), limit);
  }
}
