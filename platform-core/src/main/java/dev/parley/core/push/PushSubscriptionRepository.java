package dev.parley.core.push;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.util.List;
import java.util.Optional;

/** The SQL of push subscriptions and of who in a conversation gets a push. */
final class PushSubscriptionRepository {

  /** A browser's subscription: its endpoint and the keys its pushes are encrypted for. */
  record Subscription(String endpointKey, String endpoint, String accountId, String p256dh, String auth) {
  }

  /** A subscription to push to, with the title the conversation has for its owner. */
  record Target(Subscription subscription, String kind, Optional<String> title) {
  }

  private static final Statement DELETE = sql("DELETE FROM push_subscriptions WHERE endpoint_key = #{endpointKey}");
  private static final Statement DELETE_OWN = sql(
      "DELETE FROM push_subscriptions WHERE endpoint_key = #{endpointKey} AND account_id = #{accountId}");
  private static final Statement INSERT = sql("INSERT INTO push_subscriptions (endpoint_key, endpoint, account_id, "
      + "p256dh, auth, created_at) VALUES (#{endpointKey}, #{endpoint}, #{accountId}, #{p256dh}, #{auth}, #{now})");
  private static final Statement OF_ACCOUNT = sql("SELECT endpoint_key, endpoint, account_id, p256dh, auth "
      + "FROM push_subscriptions WHERE account_id = #{accountId}");
  /** Every subscription of the members other than the sender who have not muted the conversation now. */
  private static final Statement TARGETS = sql("SELECT s.endpoint_key, s.endpoint, s.account_id, s.p256dh, s.auth, "
      + "c.kind, c.title FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id "
      + "JOIN push_subscriptions s ON s.account_id = m.account_id "
      + "WHERE m.conversation_id = #{conversationId} AND m.account_id <> #{senderId} "
      + "AND (m.muted_until IS NULL OR m.muted_until <= #{now})");

  private static final RowMapper<Subscription> SUBSCRIPTION = r -> new Subscription(r.getString("endpoint_key"),
      r.getString("endpoint"), r.getString("account_id"), r.getString("p256dh"), r.getString("auth"));

  private PushSubscriptionRepository() {
  }

  /** Stores the subscription for the account, replacing any row of the same endpoint (a browser re-subscribing). */
  static Future<Void> upsert(SqlClient tx, Subscription s, long now) {
    return DELETE.update(tx, params("endpointKey", s.endpointKey())).compose(x -> INSERT.update(tx, params(
        "endpointKey", s.endpointKey(), "endpoint", s.endpoint(), "accountId", s.accountId(), "p256dh", s.p256dh(),
        "auth", s.auth(), "now", now))).mapEmpty();
  }

  static Future<Integer> deleteOwn(SqlClient client, String endpointKey, String accountId) {
    return DELETE_OWN.update(client, params("endpointKey", endpointKey, "accountId", accountId));
  }

  static Future<Integer> delete(SqlClient client, String endpointKey) {
    return DELETE.update(client, params("endpointKey", endpointKey));
  }

  static Future<List<Subscription>> ofAccount(SqlClient client, String accountId) {
    return OF_ACCOUNT.list(client, params("accountId", accountId), SUBSCRIPTION);
  }

  static Future<List<Target>> targets(SqlClient client, String conversationId, String senderId, long now) {
    return TARGETS.list(client, params("conversationId", conversationId, "senderId", senderId, "now", now),
        r -> new Target(SUBSCRIPTION.map(r), r.getString("kind"), Optional.ofNullable(r.getString("title"))));
  }
}
