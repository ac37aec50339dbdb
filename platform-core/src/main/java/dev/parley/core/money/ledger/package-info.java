/**
 * The ledger: money in a double-entry book, in integer minor units of ISO 4217 currencies.
 *
 * <p>{@link dev.parley.core.money.ledger.LedgerService#transfer} is the one way money moves: it writes a
 * transfer and its two entries (summing to zero) and updates both balances in one database
 * transaction, refuses to take an account other than the issuing one below zero, and is idempotent
 * on the request's key. {@link dev.parley.core.money.ledger.LedgerService#reconcile} recomputes every
 * balance from the entries and reports each difference. {@link dev.parley.core.money.ledger.Money} parses
 * amounts strictly. Funding comes in through a {@link dev.parley.core.money.ledger.spi.PaymentProvider};
 * the built-in one is the clearly labelled {@link dev.parley.core.money.ledger.TestCardProvider}.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.money.ledger;
