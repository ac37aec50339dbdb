/**
 * Money: the double-entry ledger, payment requests of apps, and red packets.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.money;
