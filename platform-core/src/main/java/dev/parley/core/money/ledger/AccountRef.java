package dev.parley.core.money.ledger;

import java.util.Currency;
import java.util.Objects;

/**
 * Names a ledger account by what it is: its kind, owner and currency. The account is created on
 * first use.
 *
 * @param kind what the account is for
 * @param ownerId whose it is (see {@link AccountKind}); 1 to 64 characters
 * @param currency its currency
 */
public record AccountRef(AccountKind kind, String ownerId, Currency currency) {

  /** The owner id of the issuing accounts. */
  public static final String SYSTEM_OWNER = "parley";

  public AccountRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(currency, "currency");
    if (ownerId.isEmpty() || ownerId.length() > 64) {
      throw new IllegalArgumentException("ownerId must have 1 to 64 characters");
    }
    if (kind == AccountKind.ISSUING && !ownerId.equals(SYSTEM_OWNER)) {
      throw new IllegalArgumentException("the issuing account is owned by '" + SYSTEM_OWNER + "'");
    }
  }

  /** The wallet of user {@code accountId} in {@code currency}. */
  public static AccountRef wallet(String accountId, Currency currency) {
    return new AccountRef(AccountKind.WALLET, accountId, currency);
  }

  /** The system's issuing account of {@code currency}. */
  public static AccountRef issuing(Currency currency) {
    return new AccountRef(AccountKind.ISSUING, SYSTEM_OWNER, currency);
  }

  /** An escrow account held for {@code holderId} (for example a red packet). */
  public static AccountRef escrow(String holderId, Currency currency) {
    return new AccountRef(AccountKind.ESCROW, holderId, currency);
  }

  /** The merchant account of app {@code appId}. */
  public static AccountRef merchant(String appId, Currency currency) {
    return new AccountRef(AccountKind.MERCHANT, appId, currency);
  }
}
