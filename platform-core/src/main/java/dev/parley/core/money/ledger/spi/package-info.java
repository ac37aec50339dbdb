/**
 * The payment-provider SPI: how money from outside (a card, a bank) comes into the ledger. A
 * provider charges the payer; the ledger then credits the wallet from its issuing account.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.money.ledger.spi;
