/**
 * Gifting: red packets, the money core of the gifting mini-app.
 *
 * <p>{@link dev.parley.core.money.gifting.RedPackets} creates a packet (its total moved into an escrow
 * account of the ledger, split into shares fixed at creation: {@link dev.parley.core.money.gifting.SplitMode}),
 * lets members of the conversation claim one share each, and on a periodic sweep returns what
 * expired packets still hold to their senders. Every move of money is a
 * {@link dev.parley.core.money.ledger.LedgerService#transfer} with an idempotency key that names it, so
 * any step can be repeated and moves money once. {@link dev.parley.core.money.gifting.RedPacketsApi}
 * serves a packet and its claims over HTTP.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.money.gifting;
