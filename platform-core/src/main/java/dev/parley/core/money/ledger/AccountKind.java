package dev.parley.core.money.ledger;

import java.util.Locale;

/** What a ledger account is for; its owner id means something different for each. */
public enum AccountKind {
  /** A user's wallet, one per user and currency; the owner is the user's account id. */
  WALLET,
  /** The system's issuing account, one per currency (owner {@code parley}); the only one allowed below zero. */
  ISSUING,
  /** Money held for something that pays out later (a red packet); the owner is that thing's id. */
  ESCROW,
  /** An app that sells; the owner is the app id. */
  MERCHANT;

  /** The name stored in the database and shown in the API: {@code wallet}, {@code issuing}, … */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind stored as {@code key}. */
  public static AccountKind of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
