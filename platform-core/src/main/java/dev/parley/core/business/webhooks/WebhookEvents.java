package dev.parley.core.business.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/**
 * Where the business features publish events for a business's webhooks ({@code message.received},
 * {@code button.pressed}, {@code file.received}, {@code message.status} with the message's
 * {@code seq}, {@code conversation.blocked}, {@code optin.changed}, {@code handover.changed}).
 * Publishing is durable: the event is written to the outbox and delivered by a worker, at least
 * once, even across restarts.
 */
public interface WebhookEvents {

  /**
   * Publishes in a transaction of its own, after which delivery starts at once. Fire and forget:
   * a failure (the database down, a payload over 1 MB) is logged.
   */
  void publish(String businessId, String type, JsonObject data);

  /**
   * Publishes in the caller's transaction {@code tx}: the event exists if and only if the caller
   * commits. Completes with the event id ({@code msg_...}), or fails with 413 for a payload over 1 MB.
   */
  Future<String> publish(SqlClient tx, String businessId, String type, JsonObject data);
}
