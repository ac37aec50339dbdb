/**
 * Businesses in the chat (issue 21): business accounts made by developers and verified by admins,
 * the bot account each speaks through, the directory and deep links customers start conversations
 * from, the opaque ids businesses know customers by, blocking a business, and the Business API
 * ({@code /api/business/v1/}) with its scoped keys. Events for the business's backend leave
 * through {@link dev.parley.core.business.BusinessEvents}; delivery is the webhooks' part.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.business;
