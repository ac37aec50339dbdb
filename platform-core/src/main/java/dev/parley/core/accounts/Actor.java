package dev.parley.core.accounts;

import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;

/**
 * Who did something and from where, for the audit log.
 *
 * @param account the account, empty for the platform itself (a scheduled release)
 * @param address the caller's IP address, empty when there was no request
 */
public record Actor(Optional<Account> account, Optional<String> address) {

  public Actor {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(address, "address");
  }

  /** The platform acting on its own (timers, start-up). */
  public static Actor system() {
    return new Actor(Optional.empty(), Optional.empty());
  }

  /** An account acting through an HTTP request, from the address {@link Authn} resolved (trusted proxies). */
  public static Actor of(Principal principal, RoutingContext ctx) {
    return new Actor(Optional.of(principal.account()), Optional.of(Authn.clientAddress(ctx)));
  }

  /** The account's id, or empty for the platform. */
  public Optional<String> accountId() {
    return account.map(Account::id);
  }
}
