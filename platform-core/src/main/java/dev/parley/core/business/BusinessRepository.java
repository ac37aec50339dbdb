package dev.parley.core.business;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of businesses, their bots, keys, customers' opaque ids, conversations and blocks. */
final class BusinessRepository {

  private static final String COLUMNS = "b.id, b.handle, b.name, b.logo_attachment_id, b.description, b.category, "
      + "b.website, b.hours, b.privacy_url, b.owner_id, b.status, b.created_at, b.verified_at, b.bot_account_id, "
      + "b.review_reason";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM businesses b ";

  private static final Statement INSERT_BOT = sql("INSERT INTO accounts (id, username, display_name, password_hash, "
      + "created_at, kind) VALUES (#{id}, #{username}, #{displayName}, '!', #{createdAt}, 'bot')");
  private static final Statement RENAME_BOT = sql(
      "UPDATE accounts SET display_name = #{displayName} WHERE id = #{id} AND kind = 'bot'");
  private static final Statement INSERT = sql("INSERT INTO businesses (id, handle, name, logo_attachment_id, "
      + "description, category, website, hours, privacy_url, owner_id, status, created_at, bot_account_id) VALUES "
      + "(#{id}, #{handle}, #{name}, #{logo}, #{description}, #{category}, #{website}, #{hours}, #{privacyUrl}, "
      + "#{ownerId}, 'pending', #{createdAt}, #{botAccountId})");
  private static final Statement UPDATE = sql("UPDATE businesses SET name = #{name}, logo_attachment_id = #{logo}, "
      + "description = #{description}, category = #{category}, website = #{website}, hours = #{hours}, "
      + "privacy_url = #{privacyUrl}, status = #{status}, verified_at = #{verifiedAt} WHERE id = #{id}");
  private static final Statement REVIEW = sql("UPDATE businesses SET status = #{status}, verified_at = #{verifiedAt}, "
      + "review_reason = #{reason} WHERE id = #{id} AND status = #{from}");
  private static final Statement BY_ID = sql(SELECT + "WHERE b.id = #{id}");
  private static final Statement BY_BOT = sql(SELECT + "JOIN accounts a ON a.id = b.bot_account_id "
      + "WHERE b.bot_account_id = #{botId} AND a.kind = 'bot'");
  private static final Statement BY_HANDLE = sql(SELECT + "WHERE b.handle = #{handle}");
  private static final Statement BY_OWNER = sql(SELECT + "WHERE b.owner_id = #{ownerId} ORDER BY b.created_at, b.id");
  private static final Statement BY_STATUS = sql(SELECT + "WHERE b.status = #{status} ORDER BY b.created_at, b.id "
      + "LIMIT 200");
  private static final Statement DIRECTORY = sql(
      SELECT + "WHERE b.status = 'verified' AND (b.handle LIKE #{likeHandle} "
          + "ESCAPE '\\' OR LOWER(b.name) LIKE #{likeName} ESCAPE '\\') ORDER BY LOWER(b.name), b.id LIMIT #{limit}");
  private static final Statement OF_DIRECT = sql(SELECT + "JOIN conversation_members cm ON cm.account_id = "
      + "b.bot_account_id JOIN conversations c ON c.id = cm.conversation_id "
      + "WHERE cm.conversation_id = #{conversationId} AND c.kind = 'direct'");

  private static final Statement INSERT_KEY = sql("INSERT INTO business_api_keys (id, business_id, name, key_hash, "
      + "hint, created_at) VALUES (#{id}, #{businessId}, #{name}, #{keyHash}, #{hint}, #{createdAt})");
  private static final Statement KEYS = sql("SELECT id, name, hint, created_at, last_used_at, revoked_at "
      + "FROM business_api_keys WHERE business_id = #{businessId} ORDER BY created_at, id");
  private static final Statement REVOKE_KEY = sql("UPDATE business_api_keys SET revoked_at = #{now} "
      + "WHERE id = #{id} AND business_id = #{businessId} AND revoked_at IS NULL");
  private static final Statement KEY = sql(SELECT.replace(" FROM", ", k.id AS key_id FROM")
      + "JOIN business_api_keys k ON k.business_id = b.id WHERE k.key_hash = #{keyHash} AND k.revoked_at IS NULL");
  private static final Statement TOUCH_KEY = sql("UPDATE business_api_keys SET last_used_at = #{now} WHERE id = #{id}");

  private static final Statement INSERT_CUSTOMER = sql("INSERT INTO business_customers (business_id, account_id, "
      + "opaque_id, created_at) VALUES (#{businessId}, #{accountId}, #{opaqueId}, #{createdAt}) ON CONFLICT DO NOTHING");
  private static final Statement CUSTOMERS = sql("SELECT bc.account_id, bc.opaque_id, bc.shared_at, a.username, "
      + "a.display_name FROM business_customers bc JOIN accounts a ON a.id = bc.account_id "
      + "WHERE bc.business_id = #{businessId} AND bc.account_id = ANY(#{accountIds})");
  private static final Statement SHARE = sql("UPDATE business_customers SET shared_at = #{sharedAt} "
      + "WHERE business_id = #{businessId} AND account_id = #{accountId}");

  private static final Statement INSERT_CONVERSATION = sql("INSERT INTO business_conversations (conversation_id, "
      + "business_id, customer_id, context, created_at) VALUES (#{conversationId}, #{businessId}, #{customerId}, "
      + "#{context}, #{createdAt}) ON CONFLICT DO NOTHING");
  private static final Statement CONVERSATION = sql("SELECT conversation_id, business_id, customer_id, context "
      + "FROM business_conversations WHERE conversation_id = #{conversationId}");
  private static final Statement SET_CONTEXT = sql("UPDATE business_conversations SET context = #{context} "
      + "WHERE conversation_id = #{conversationId}");
  private static final Statement ANNOUNCE = sql("UPDATE business_conversations SET announced_at = #{now} "
      + "WHERE conversation_id = #{conversationId} AND announced_at IS NULL");

  static final RowMapper<Business> BUSINESS = BusinessRepository::business;

  /** A customer of a business as the business may know them. */
  record Customer(String accountId, String opaqueId, boolean shared, String username, String displayName) {
    JsonObject toJson() {
      JsonObject json = new JsonObject().put("id", opaqueId);
      if (shared) {
        json.put("username", username).put("displayName", displayName);
      }
      return json;
    }
  }

  /** A customer's conversation with a business. */
  record Thread(String conversationId, String businessId, String customerId, Optional<String> context) {
  }

  /** An API key as listed (never the key itself). */
  record Key(String id, String name, String hint, Instant createdAt, Optional<Instant> lastUsedAt,
      Optional<Instant> revokedAt) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("name", name).put("hint", hint)
          .put("createdAt", createdAt.toString())
          .put("lastUsedAt", lastUsedAt.map(Instant::toString).orElse(null))
          .put("revokedAt", revokedAt.map(Instant::toString).orElse(null));
    }
  }

  Future<Void> insertBot(SqlClient client, String id, String username, String displayName, long now) {
    return INSERT_BOT.update(client, params("id", id, "username", username, "displayName", displayName,
        "createdAt", now)).mapEmpty();
  }

  Future<Void> renameBot(SqlClient client, String id, String displayName) {
    return RENAME_BOT.update(client, params("id", id, "displayName", displayName)).mapEmpty();
  }

  Future<Void> insert(SqlClient client, Business b) {
    Map<String, Object> p = profile(b);
    p.put("handle", b.handle());
    p.put("ownerId", b.ownerId());
    p.put("createdAt", b.createdAt().toEpochMilli());
    p.put("botAccountId", b.botAccountId());
    return INSERT.update(client, p).mapEmpty();
  }

  Future<Void> update(SqlClient client, Business b) {
    Map<String, Object> p = profile(b);
    p.put("status", b.status());
    p.put("verifiedAt", b.verifiedAt().map(Instant::toEpochMilli).orElse(null));
    return UPDATE.update(client, p).mapEmpty();
  }

  private static Map<String, Object> profile(Business b) {
    Map<String, Object> p = new HashMap<>();
    p.put("id", b.id());
    p.put("name", b.name());
    p.put("logo", b.logoAttachmentId().orElse(null));
    p.put("description", b.description());
    p.put("category", b.category());
    p.put("website", b.website().orElse(null));
    p.put("hours", b.hours().map(JsonObject::encode).orElse(null));
    p.put("privacyUrl", b.privacyUrl());
    return p;
  }

  /** Moves a business from {@code from} to {@code status}; false when it was no longer in {@code from}. */
  Future<Boolean> review(SqlClient client, String id, String from, String status, Optional<Long> verifiedAt,
      Optional<String> reason) {
    return REVIEW.update(client, params("id", id, "from", from, "status", status, "verifiedAt",
        verifiedAt.orElse(null), "reason", reason.orElse(null))).map(n -> n == 1);
  }

  Future<Optional<Business>> byId(SqlClient client, String id) {
    return BY_ID.first(client, params("id", id), BUSINESS);
  }

  /** The business whose bot account this is. */
  Future<Optional<Business>> byBot(SqlClient client, String botId) {
    return BY_BOT.first(client, params("botId", botId), BUSINESS);
  }

  Future<Optional<Business>> byHandle(SqlClient client, String handle) {
    return BY_HANDLE.first(client, params("handle", handle), BUSINESS);
  }

  Future<List<Business>> byOwner(SqlClient client, String ownerId) {
    return BY_OWNER.list(client, params("ownerId", ownerId), BUSINESS);
  }

  Future<List<Business>> byStatus(SqlClient client, String status) {
    return BY_STATUS.list(client, params("status", status), BUSINESS);
  }

  Future<List<Business>> directory(SqlClient client, String query, int limit) {
    String like = "%" + query.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
        .replace("_", "\\_") + "%";
    return DIRECTORY.list(client, params("likeHandle", like, "likeName", like, "limit", limit), BUSINESS);
  }

  /** The business whose bot is in this direct conversation, if any. */
  Future<Optional<Business>> ofDirect(SqlClient client, String conversationId) {
    return OF_DIRECT.first(client, params("conversationId", conversationId), BUSINESS);
  }

  Future<Void> insertKey(SqlClient client, String id, String businessId, String name, String keyHash, String hint,
      long now) {
    return INSERT_KEY.update(client, params("id", id, "businessId", businessId, "name", name, "keyHash", keyHash,
        "hint", hint, "createdAt", now)).mapEmpty();
  }

  Future<List<Key>> keys(SqlClient client, String businessId) {
    return KEYS.list(client, params("businessId", businessId), row -> new Key(row.getString("id"),
        row.getString("name"), row.getString("hint"), Instant.ofEpochMilli(row.getLong("created_at")),
        Optional.ofNullable(row.getLong("last_used_at")).map(Instant::ofEpochMilli),
        Optional.ofNullable(row.getLong("revoked_at")).map(Instant::ofEpochMilli)));
  }

  Future<Boolean> revokeKey(SqlClient client, String businessId, String keyId, long now) {
    return REVOKE_KEY.update(client, params("id", keyId, "businessId", businessId, "now", now)).map(n -> n == 1);
  }

  /** The business of a live key, with the key's id. */
  Future<Optional<BusinessPrincipal>> byKey(SqlClient client, String keyHash) {
    return KEY.first(client, params("keyHash", keyHash), row -> {
      Business b = business(row);
      return new BusinessPrincipal(b.id(), row.getString("key_id"), b);
    });
  }

  Future<Void> touchKey(SqlClient client, String keyId, long now) {
    return TOUCH_KEY.update(client, params("id", keyId, "now", now)).mapEmpty();
  }

  Future<Void> insertCustomer(SqlClient client, String businessId, String accountId, String opaqueId, long now) {
    return INSERT_CUSTOMER.update(client, params("businessId", businessId, "accountId", accountId, "opaqueId",
        opaqueId, "createdAt", now)).mapEmpty();
  }

  /** The customers among {@code accountIds}, by account id. */
  Future<Map<String, Customer>> customers(SqlClient client, String businessId, List<String> accountIds) {
    if (accountIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return CUSTOMERS.list(client, params("businessId", businessId, "accountIds", accountIds.toArray(String[]::new)),
        row -> new Customer(row.getString("account_id"), row.getString("opaque_id"), row.getLong("shared_at") != null,
            row.getString("username"), row.getString("display_name")))
        .map(list -> {
          Map<String, Customer> out = new HashMap<>();
          list.forEach(c -> out.put(c.accountId(), c));
          return out;
        });
  }

  Future<Void> share(SqlClient client, String businessId, String accountId, Optional<Long> at) {
    return SHARE.update(client, params("businessId", businessId, "accountId", accountId, "sharedAt", at.orElse(null)))
        .mapEmpty();
  }

  Future<Void> insertThread(SqlClient client, String conversationId, String businessId, String customerId,
      Optional<String> context, long now) {
    return INSERT_CONVERSATION.update(client, params("conversationId", conversationId, "businessId", businessId,
        "customerId", customerId, "context", context.orElse(null), "createdAt", now)).mapEmpty();
  }

  Future<Void> setContext(SqlClient client, String conversationId, String context) {
    return SET_CONTEXT.update(client, params("conversationId", conversationId, "context", context)).mapEmpty();
  }

  Future<Optional<Thread>> thread(SqlClient client, String conversationId) {
    return CONVERSATION.first(client, params("conversationId", conversationId), row -> new Thread(
        row.getString("conversation_id"), row.getString("business_id"), row.getString("customer_id"),
        Optional.ofNullable(row.getString("context"))));
  }

  /** Claims the bot's first message of the conversation: true exactly once. */
  Future<Boolean> announce(SqlClient client, String conversationId, long now) {
    return ANNOUNCE.update(client, params("conversationId", conversationId, "now", now)).map(n -> n == 1);
  }

  private static Business business(Row row) {
    return new Business(row.getString("id"), row.getString("handle"), row.getString("name"),
        Optional.ofNullable(row.getString("logo_attachment_id")), row.getString("description"),
        row.getString("category"), Optional.ofNullable(row.getString("website")),
        Optional.ofNullable(row.getString("hours")).map(JsonObject::new), row.getString("privacy_url"),
        row.getString("owner_id"), row.getString("status"), Instant.ofEpochMilli(row.getLong("created_at")),
        Optional.ofNullable(row.getLong("verified_at")).map(Instant::ofEpochMilli), row.getString("bot_account_id"),
        Optional.ofNullable(row.getString("review_reason")));
  }
}
