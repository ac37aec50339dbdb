package dev.parley.core.accounts;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: the account and how it proved itself. A browser session carries a CSRF token
 * that state-changing requests must echo; a bearer token does not need one.
 */
public record Principal(Account account, Via via, String sessionHash, String csrfToken) {

  /** How the caller authenticated. */
  public enum Via {
    SESSION, TOKEN
  }

  public Principal {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(via, "via");
  }

  public String accountId() {
    return account.id();
  }

  public Optional<String> csrf() {
    return Optional.ofNullable(csrfToken);
  }
}
