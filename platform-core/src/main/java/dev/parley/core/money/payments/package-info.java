/**
 * Payments that apps ask for and users confirm: money never moves on an app's word.
 *
 * <p>An app's {@code parley.payments.request} (server code, or its page through the SDK) makes a
 * pending {@link dev.parley.core.money.payments.PaymentRequest} and shows it to the paying user's
 * sessions; only that user's confirmation through {@link dev.parley.core.money.payments.PaymentsApi}
 * moves the stored amount to the stored payee through the ledger, at most once per request. The
 * app then hears the outcome through its manifest's {@code events.payment} handler. Payees refund
 * once: a user through the API, an app (for its merchant account) through
 * {@code parley.payments.refund}.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.money.payments;
