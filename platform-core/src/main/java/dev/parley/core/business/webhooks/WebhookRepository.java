package dev.parley.core.business.webhooks;

import static dev.parley.core.common.storage.Statement.params;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of {@code webhook_endpoints}, {@code webhook_events} and {@code webhook_deliveries}. */
final class WebhookRepository {

  /** An endpoint as stored; {@code eventTypes} empty means every type. */
  record Endpoint(String id, String businessId, String url, List<String> eventTypes, Optional<String> description,
      String secret, Optional<String> previousSecret, Optional<Long> previousExpiresAt, boolean enabled,
      long createdAt) {

    boolean takes(String type) {
      return eventTypes.isEmpty() || eventTypes.contains(type);
    }
  }

  /** A delivery with what the list shows of its event. */
  record Delivery(String id, String eventId, String endpointId, String type, String status, int attempts,
      long nextAttemptAt, Optional<Integer> lastStatus, Optional<String> lastError, Optional<Long> lastAttemptAt,
      Optional<Long> deliveredAt, long createdAt) {
  }

  /** A due delivery with everything its attempt needs. */
  record Due(String id, String eventId, String body, int attempts, String url, String secret,
      Optional<String> previousSecret, Optional<Long> previousExpiresAt) {
  }

  private static final String ENDPOINT_COLUMNS = "id, business_id, url, event_types, description, secret, "
      + "previous_secret, previous_expires_at, enabled, created_at";
  private static final Statement INSERT_ENDPOINT = Statement.sql("INSERT INTO webhook_endpoints (" + ENDPOINT_COLUMNS
      + ") VALUES (#{id}, #{businessId}, #{url}, #{eventTypes}, #{description}, #{secret}, NULL, NULL, #{enabled}, "
      + "#{createdAt})");
  private static final Statement ENDPOINTS = Statement.sql("SELECT " + ENDPOINT_COLUMNS
      + " FROM webhook_endpoints WHERE business_id = #{businessId} ORDER BY created_at, id");
  private static final Statement ENABLED_ENDPOINTS = Statement.sql("SELECT " + ENDPOINT_COLUMNS
      + " FROM webhook_endpoints WHERE business_id = #{businessId} AND enabled = TRUE");
  private static final Statement ENDPOINT = Statement.sql("SELECT " + ENDPOINT_COLUMNS
      + " FROM webhook_endpoints WHERE id = #{id} AND business_id = #{businessId}");
  private static final Statement UPDATE_ENDPOINT = Statement.sql("UPDATE webhook_endpoints SET url = #{url}, "
      + "event_types = #{eventTypes}, description = #{description}, enabled = #{enabled} "
      + "WHERE id = #{id} AND business_id = #{businessId}");
  private static final Statement ROTATE = Statement.sql("UPDATE webhook_endpoints SET secret = #{secret}, "
      + "previous_secret = #{previous}, previous_expires_at = #{expiresAt} WHERE id = #{id} AND business_id = "
      + "#{businessId}");
  private static final Statement DELETE_ENDPOINT = Statement.sql(
      "DELETE FROM webhook_endpoints WHERE id = #{id} AND business_id = #{businessId}");
  private static final Statement INSERT_EVENT = Statement.sql("INSERT INTO webhook_events (id, business_id, type, "
      + "body, created_at) VALUES (#{id}, #{businessId}, #{type}, #{body}, #{createdAt})");
  private static final Statement INSERT_DELIVERY = Statement.sql("INSERT INTO webhook_deliveries (id, event_id, "
      + "endpoint_id, business_id, status, attempts, next_attempt_at, created_at) VALUES (#{id}, #{eventId}, "
      + "#{endpointId}, #{businessId}, 'pending', 0, #{now}, #{now})");
  private static final String DELIVERY_COLUMNS = "d.id, d.event_id, d.endpoint_id, e.type, d.status, d.attempts, "
      + "d.next_attempt_at, d.last_status, d.last_error, d.last_attempt_at, d.delivered_at, d.created_at";
  private static final Statement DELIVERIES = Statement.sql("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries d "
      + "JOIN webhook_events e ON e.id = d.event_id WHERE d.business_id = #{businessId} AND (#{status} = '' OR "
      + "d.status = #{status}) AND (#{endpointId} = '' OR d.endpoint_id = #{endpointId}) "
      + "ORDER BY d.created_at DESC, d.id DESC LIMIT #{limit}");
  private static final Statement DELIVERY = Statement.sql("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries d "
      + "JOIN webhook_events e ON e.id = d.event_id WHERE d.id = #{id} AND d.business_id = #{businessId}");
  private static final Statement REPLAY = Statement.sql("UPDATE webhook_deliveries SET status = 'pending', "
      + "attempts = 0, next_attempt_at = #{now}, lease_until = NULL, lease_owner = NULL "
      + "WHERE id = #{id} AND business_id = #{businessId} AND status = 'dead'");
  private static final Statement DUE = Statement.sql("SELECT d.id, d.event_id, e.body, d.attempts, w.url, w.secret, "
      + "w.previous_secret, w.previous_expires_at FROM webhook_deliveries d "
      + "JOIN webhook_events e ON e.id = d.event_id JOIN webhook_endpoints w ON w.id = d.endpoint_id "
      + "WHERE d.status = 'pending' AND d.next_attempt_at <= #{now} AND (d.lease_until IS NULL OR d.lease_until < "
      + "#{now}) AND w.enabled = TRUE ORDER BY d.next_attempt_at, d.created_at, d.id LIMIT #{limit}");
  private static final Statement CLAIM = Statement.sql("UPDATE webhook_deliveries SET lease_until = #{until}, "
      + "lease_owner = #{owner} WHERE id = #{id} AND status = 'pending' AND attempts = #{attempts} "
      + "AND (lease_until IS NULL OR lease_until < #{now})");
  private static final Statement DELIVERED = Statement.sql("UPDATE webhook_deliveries SET status = 'delivered', "
      + "attempts = attempts + 1, last_status = #{lastStatus}, last_error = NULL, last_attempt_at = #{now}, "
      + "delivered_at = #{now}, lease_until = NULL, lease_owner = NULL WHERE id = #{id} AND lease_owner = #{owner}");
  private static final Statement FAILED = Statement.sql("UPDATE webhook_deliveries SET status = #{status}, "
      + "attempts = attempts + 1, next_attempt_at = #{next}, last_status = #{lastStatus}, last_error = #{lastError}, "
      + "last_attempt_at = #{now}, lease_until = NULL, lease_owner = NULL WHERE id = #{id} AND lease_owner = #{owner}");

  private static final Statement PURGE = Statement.sql("DELETE FROM webhook_events WHERE created_at < #{before} "
      + "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id "
      + "AND d.status = 'pending')");

  private static final RowMapper<Endpoint> ENDPOINT_ROW = r -> new Endpoint(r.getString("id"),
      r.getString("business_id"), r.getString("url"), types(r.getString("event_types")),
      Optional.ofNullable(r.getString("description")), r.getString("secret"),
      Optional.ofNullable(r.getString("previous_secret")), Optional.ofNullable(r.getLong("previous_expires_at")),
      Boolean.TRUE.equals(r.getBoolean("enabled")), r.getLong("created_at"));
  private static final RowMapper<Delivery> DELIVERY_ROW = r -> new Delivery(r.getString("id"),
      r.getString("event_id"), r.getString("endpoint_id"), r.getString("type"), r.getString("status"),
      r.getInteger("attempts"), r.getLong("next_attempt_at"), Optional.ofNullable(r.getInteger("last_status")),
      Optional.ofNullable(r.getString("last_error")), Optional.ofNullable(r.getLong("last_attempt_at")),
      Optional.ofNullable(r.getLong("delivered_at")), r.getLong("created_at"));
  private static final RowMapper<Due> DUE_ROW = r -> new Due(r.getString("id"), r.getString("event_id"),
      r.getString("body"), r.getInteger("attempts"), r.getString("url"), r.getString("secret"),
      Optional.ofNullable(r.getString("previous_secret")), Optional.ofNullable(r.getLong("previous_expires_at")));

  private WebhookRepository() {
  }

  private static List<String> types(String stored) {
    return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
  }

  private static String stored(List<String> types) {
    return types.isEmpty() ? null : String.join(",", types);
  }

  static Future<Void> insert(SqlClient client, Endpoint e) {
    return INSERT_ENDPOINT.update(client, params("id", e.id(), "businessId", e.businessId(), "url", e.url(),
        "eventTypes", stored(e.eventTypes()), "description", e.description().orElse(null), "secret", e.secret(),
        "enabled", e.enabled(), "createdAt", e.createdAt())).mapEmpty();
  }

  static Future<List<Endpoint>> endpoints(SqlClient client, String businessId) {
    return ENDPOINTS.list(client, params("businessId", businessId), ENDPOINT_ROW);
  }

  static Future<List<Endpoint>> enabledEndpoints(SqlClient client, String businessId) {
    return ENABLED_ENDPOINTS.list(client, params("businessId", businessId), ENDPOINT_ROW);
  }

  static Future<Optional<Endpoint>> endpoint(SqlClient client, String businessId, String id) {
    return ENDPOINT.first(client, params("id", id, "businessId", businessId), ENDPOINT_ROW);
  }

  static Future<Integer> update(SqlClient client, Endpoint e) {
    return UPDATE_ENDPOINT.update(client, params("id", e.id(), "businessId", e.businessId(), "url", e.url(),
        "eventTypes", stored(e.eventTypes()), "description", e.description().orElse(null), "enabled", e.enabled()));
  }

  static Future<Integer> rotate(SqlClient client, String businessId, String id, String secret, String previous,
      long expiresAt) {
    return ROTATE.update(client, params("id", id, "businessId", businessId, "secret", secret, "previous", previous,
        "expiresAt", expiresAt));
  }

  static Future<Integer> delete(SqlClient client, String businessId, String id) {
    return DELETE_ENDPOINT.update(client, params("id", id, "businessId", businessId));
  }

  static Future<Void> insertEvent(SqlClient client, String id, String businessId, String type, String body, long now) {
    return INSERT_EVENT.update(client, params("id", id, "businessId", businessId, "type", type, "body", body,
        "createdAt", now)).mapEmpty();
  }

  static Future<Void> insertDeliveries(SqlClient client, List<Map<String, Object>> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : INSERT_DELIVERY.batch(client, rows);
  }

  static Map<String, Object> deliveryRow(String id, String eventId, String endpointId, String businessId, long now) {
    return params("id", id, "eventId", eventId, "endpointId", endpointId, "businessId", businessId, "now", now);
  }

  static Future<List<Delivery>> deliveries(SqlClient client, String businessId, String status, String endpointId,
      int limit) {
    return DELIVERIES.list(client, params("businessId", businessId, "status", status, "endpointId", endpointId,
        "limit", limit), DELIVERY_ROW);
  }

  static Future<Optional<Delivery>> delivery(SqlClient client, String businessId, String id) {
    return DELIVERY.first(client, params("id", id, "businessId", businessId), DELIVERY_ROW);
  }

  static Future<Integer> replay(SqlClient client, String businessId, String id, long now) {
    return REPLAY.update(client, params("id", id, "businessId", businessId, "now", now));
  }

  static Future<List<Due>> due(SqlClient client, long now, int limit) {
    return DUE.list(client, params("now", now, "limit", limit), DUE_ROW);
  }

  /** Takes a due delivery for {@code owner} until {@code until}; false when another worker has it. */
  static Future<Boolean> claim(SqlClient client, Due due, String owner, long now, long until) {
    return CLAIM.update(client, params("id", due.id(), "owner", owner, "attempts", due.attempts(), "now", now,
        "until", until)).map(n -> n == 1);
  }

  static Future<Integer> delivered(SqlClient client, String id, String owner, int status, long now) {
    return DELIVERED.update(client, params("id", id, "owner", owner, "lastStatus", status, "now", now));
  }

  static Future<Integer> failed(SqlClient client, String id, String owner, String status, long next,
      Optional<Integer> lastStatus, String error, long now) {
    return FAILED.update(client, params("id", id, "owner", owner, "status", status, "next", next, "lastStatus",
        lastStatus.orElse(null), "lastError", error.length() > 500 ? error.substring(0, 500) : error, "now", now));
  }

  /** Deletes events older than {@code before} (their deliveries with them) unless one is still pending. */
  static Future<Integer> purge(SqlClient client, long before) {
    return PURGE.update(client, params("before", before));
  }
}
