package dev.parley.core.apps.permissions;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The conversation permissions of each app in each conversation ({@link ConsentScopes#CONVERSATION}):
 * granted once, by whoever installed it (or, for a permission a later version adds, by the next
 * member who may install apps there and uses it), shown to every member with who granted it.
 * Cached per conversation and app; a change drops the copy on every node.
 */
public final class ConversationConsents {

  /** Address on which a change of a conversation's grants is published ({@code conversationId/appId}). */
  public static final String CHANGED = "parley.cache.conversation-consents";

  /** One grant: which permission, by whom (empty when that account is gone), when. */
  public record Grant(String permission, Optional<String> grantedBy, Instant at) {
  }

  private static final Statement OF_APP = sql("SELECT permission, granted_by, granted_at FROM conversation_consents "
      + "WHERE conversation_id = #{conversationId} AND app_id = #{appId} ORDER BY permission");
  private static final Statement INSERT = sql("INSERT INTO conversation_consents (conversation_id, app_id, permission, "
      + "granted_by, granted_at) VALUES (#{conversationId}, #{appId}, #{permission}, #{by}, #{at}) "
      + "ON CONFLICT DO NOTHING");
  private static final Statement FORGET = sql("DELETE FROM conversation_consents "
      + "WHERE conversation_id = #{conversationId} AND app_id = #{appId}");

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final AsyncCache<String, Map<String, Grant>> cache;

  public ConversationConsents(Vertx vertx, Database db, Clock clock) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.cache = Caffeine.newBuilder().maximumSize(200_000).recordStats().buildAsync();
    vertx.eventBus().<String>consumer(CHANGED, msg -> cache.synchronous().invalidate(msg.body()));
  }

  /** The conversation's grants for one app: permission name → grant. */
  public Future<Map<String, Grant>> grants(String conversationId, String appId) {
    return Future.fromCompletionStage(cache.get(key(conversationId, appId),
        (k, executor) -> OF_APP.list(db.pool(), params("conversationId", conversationId, "appId", appId),
            r -> new Grant(r.getString("permission"), Optional.ofNullable(r.getString("granted_by")),
                Instant.ofEpochMilli(r.getLong("granted_at"))))
            .map(rows -> {
              Map<String, Grant> out = new LinkedHashMap<>();
              rows.forEach(g -> out.put(g.permission(), g));
              return Map.copyOf(out);
            }).toCompletionStage().toCompletableFuture()),
        vertx.getOrCreateContext());
  }

  /**
   * Grants the conversation permissions among {@code permissions} (the others are left out) for
   * the conversation, by {@code accountId}; a permission granted already keeps its first grant.
   * The caller checked that this account may install apps in the conversation.
   */
  public Future<List<String>> grant(String conversationId, String appId, String accountId,
      Collection<String> permissions) {
    List<String> conversational = permissions.stream().filter(ConsentScopes::isConversation).distinct().toList();
    if (conversational.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    long now = clock.millis();
    return db.pool().withTransaction(tx -> {
      Future<Void> done = Future.succeededFuture();
      for (String p : conversational) {
        done = done.compose(v -> INSERT.update(tx, params("conversationId", conversationId, "appId", appId,
            "permission", p, "by", accountId, "at", now)).mapEmpty());
      }
      return done;
    }).onSuccess(v -> changed(conversationId, appId)).map(conversational);
  }

  /** Forgets an app's grants in a conversation (it was uninstalled there: a new install decides again). */
  public Future<Void> forget(String conversationId, String appId) {
    return FORGET.update(db.pool(), params("conversationId", conversationId, "appId", appId)).<Void>mapEmpty()
        .onSuccess(v -> changed(conversationId, appId));
  }

  private void changed(String conversationId, String appId) {
    cache.synchronous().invalidate(key(conversationId, appId));
    vertx.eventBus().publish(CHANGED, key(conversationId, appId));
  }

  private static String key(String conversationId, String appId) {
    return conversationId + "/" + appId;
  }
}
