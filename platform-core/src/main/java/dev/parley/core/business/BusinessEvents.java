package dev.parley.core.business;

import io.vertx.core.json.JsonObject;

/**
 * Where a business's events go (the seam to webhook delivery, which the webhooks helper
 * implements as {@code business.webhooks.WebhookEvents}): {@code message.received},
 * {@code file.received}, {@code message.status}, {@code conversation.started},
 * {@code conversation.blocked}. Customers appear in {@code data} by their opaque id only. Must not
 * block; a failure never fails the action that caused the event.
 */
public interface BusinessEvents {

  /** Drops every event: the default until a delivery is wired in. */
  BusinessEvents NONE = (businessId, type, data) -> {};

  void publish(String businessId, String type, JsonObject data);
}
