package dev.parley.core.accounts;

import io.vertx.core.Future;

/**
 * Where the accounts API records a role grant or revocation: the audit log, handed in by the
 * platform (the audit package depends on this one, so this one names no audit type).
 */
@FunctionalInterface
public interface RoleAudit {

  /**
   * Records that {@code actor} changed {@code account}'s role: {@code action} is {@code role.granted}
   * or {@code role.revoked}.
   */
  Future<Void> roleChanged(Actor actor, String action, Account account, Role role);
}
