package dev.parley.core.accounts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where account-security events go (password changed or reset, reset link issued, sessions ended,
 * two-factor turned on or off): implemented by the audit log and passed in by {@code boot}, so the
 * accounts package does not depend on it.
 */
@FunctionalInterface
public interface SecurityAudit {

  /** Records {@code action} on the account {@code accountId} by {@code actor}, with {@code detail}. */
  Future<Void> record(Actor actor, String action, String accountId, JsonObject detail);

  /** Records nothing (tests of the service alone). */
  static SecurityAudit none() {
    return (actor, action, accountId, detail) -> Future.succeededFuture();
  }
}
