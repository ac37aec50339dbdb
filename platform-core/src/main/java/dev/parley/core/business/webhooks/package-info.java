/**
 * Business webhooks (Standard Webhooks): endpoints per business, a durable outbox of events,
 * signed deliveries with retries, dead letters and replay. docs/business-webhooks.md.
 */
@NullMarked
package dev.parley.core.business.webhooks;

import org.jspecify.annotations.NullMarked;
