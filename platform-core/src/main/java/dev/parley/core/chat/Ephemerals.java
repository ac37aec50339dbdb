package dev.parley.core.chat;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.accounts.Account;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Ephemeral answers ("only visible to you"): an app's card or text that only the people it names
 * see, most often the caller of a command. Each is a row per viewer in {@code ephemeral_messages},
 * never a row of {@code messages}: it takes no seq, so it is in no other member's history, window,
 * search, unread count, push or link preview by construction, and its live events go to the
 * viewer's own sessions ({@link Addresses#account}), not to the conversation's address. It is
 * anchored after the conversation's last message when posted ({@code seq} in its JSON is that
 * anchor), survives a reload until {@code messages.ephemeralHours} pass, then a sweep deletes it.
 * The viewer may dismiss it, or share it: a normal copy of the card goes to the whole conversation.
 */
public final class Ephemerals {

  /** The JSON value of {@code visibility} on an ephemeral message, in the API and the SDK. */
  public static final String CALLER = "caller";
  /** Most ephemeral messages one viewer sees in one conversation (the newest). */
  static final int MAX_LISTED = 100;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Ephemerals.class);
  private static final Duration SWEEP_EVERY = Duration.ofMinutes(10);

  private static final String COLUMNS = "e.id, e.account_id, e.conversation_id, e.after_seq, e.app_id, e.app_name, "
      + "e.body, e.card, e.edited, e.created_at, e.expires_at";
  /** The anchor is the conversation's last seq, read in the insert; PostgreSQL needs the select list's types. */
  private static final Statement INSERT = sql("INSERT INTO ephemeral_messages (id, account_id, conversation_id, "
      + "after_seq, app_id, app_name, body, card, edited, created_at, expires_at) SELECT CAST(#{id} AS VARCHAR(32)), "
      + "CAST(#{accountId} AS VARCHAR(32)), c.id, c.last_seq, CAST(#{appId} AS VARCHAR(32)), "
      + "CAST(#{appName} AS VARCHAR(80)), CAST(#{body} AS TEXT), CAST(#{card} AS TEXT), 0, CAST(#{now} AS BIGINT), "
      + "CAST(#{expiresAt} AS BIGINT) FROM conversations c WHERE c.id = #{conversationId}");
  private static final Statement OF_VIEWER = sql("SELECT " + COLUMNS + " FROM ephemeral_messages e "
      + "WHERE e.account_id = #{accountId} AND e.conversation_id = #{conversationId} AND e.expires_at > #{now} "
      + "ORDER BY e.created_at DESC, e.id DESC LIMIT #{limit}");
  private static final Statement ONE = sql("SELECT " + COLUMNS + " FROM ephemeral_messages e "
      + "WHERE e.id = #{id} AND e.account_id = #{accountId} AND e.conversation_id = #{conversationId} "
      + "AND e.expires_at > #{now}");
  private static final Statement VIEWERS = sql("SELECT " + COLUMNS + " FROM ephemeral_messages e "
      + "WHERE e.id = #{id} AND e.conversation_id = #{conversationId} AND e.app_id = #{appId} "
      + "AND e.expires_at > #{now}");
  private static final Statement UPDATE = sql("UPDATE ephemeral_messages SET card = #{card}, "
      + "body = CASE WHEN #{text} = '' THEN body ELSE #{text} END, edited = edited + 1 "
      + "WHERE id = #{id} AND conversation_id = #{conversationId} AND app_id = #{appId} AND expires_at > #{now}");
  private static final Statement DISMISS = sql("DELETE FROM ephemeral_messages "
      + "WHERE id = #{id} AND account_id = #{accountId} AND conversation_id = #{conversationId}");
  private static final Statement SWEEP = sql("DELETE FROM ephemeral_messages WHERE expires_at <= #{now}");

  private final Vertx vertx;
  private final Database db;
  private final ChatService chat;
  private final Clock clock;
  private final IdGenerator ids;
  private volatile Duration keep = Duration.ofHours(MessageOptions.DEFAULT_EPHEMERAL_HOURS);
  private long sweepTimer = -1;

  Ephemerals(Vertx vertx, Database db, ChatService chat, Clock clock, IdGenerator ids) {
    this.vertx = vertx;
    this.db = db;
    this.chat = chat;
    this.clock = clock;
    this.ids = ids;
  }

  /** Keeps ephemeral messages {@code options.getEphemeralHours()} and starts the periodic sweep. */
  public Ephemerals start(MessageOptions options) {
    this.keep = Duration.ofHours(options.getEphemeralHours());
    if (sweepTimer < 0) {
      // A timer, never in a request: the delete runs on the pool.
      sweepTimer = vertx.setPeriodic(60_000, SWEEP_EVERY.toMillis(),
          t -> {
            if (dev.parley.core.cluster.Leadership.leads(vertx)) { // one node of a cluster sweeps (issue 23)
              sweep().onFailure(e -> LOG.warn("sweeping expired ephemeral messages failed", e));
            }
          });
    }
    return this;
  }

  public void stop() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
      sweepTimer = -1;
    }
  }

  /** Deletes the expired ones; answers how many rows went. */
  public Future<Integer> sweep() {
    return SWEEP.update(db.pool(), params("now", clock.millis()));
  }

  /**
   * Posts an app's card that only {@code viewerIds} see (each must be a member of the
   * conversation), told live to their own sessions only ({@code ephemeral}). Answers the message
   * as the first viewer sees it.
   */
  public Future<Message> post(Message.AppLabel app, String conversationId, List<String> viewerIds, JsonObject card,
      String summary) {
    Set<String> viewers = new LinkedHashSet<>(viewerIds);
    if (viewers.isEmpty()) {
      return Future.failedFuture(PlatformException.invalid("/visibility", "an ephemeral message needs a viewer"));
    }
    String text = summary.isBlank()
        ? app.name()
        : summary.length() > ChatService.MAX_TEXT ? summary.substring(0, ChatService.MAX_TEXT) : summary;
    String id = ids.newId();
    long now = clock.millis();
    long expires = now + keep.toMillis();
    Future<Void> members = Future.succeededFuture();
    for (String viewer : viewers) {
      members = members.compose(v -> chat.requireMember(viewer, conversationId));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String viewer : viewers) {
      rows.add(params("id", id, "accountId", viewer, "conversationId", conversationId, "appId", app.id(),
          "appName", app.name(), "body", text, "card", card.encode(), "now", now, "expiresAt", expires));
    }
    return members.compose(v -> db.pool().withTransaction(tx -> {
      Future<Void> done = Future.succeededFuture();
      for (Map<String, Object> row : rows) {
        done = done.compose(x -> INSERT.update(tx, row).compose(n -> n == 1
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(PlatformException.notFound("the conversation"))));
      }
      return done;
    })).compose(v -> viewers(conversationId, app.id(), id)).map(written -> {
      written.forEach(m -> tell(m, "ephemeral"));
      return written.stream().filter(m -> m.viewerId().equals(viewers.iterator().next())).findFirst()
          .orElseThrow().message();
    });
  }

  /** The viewer's unexpired ephemeral messages of a conversation, oldest first (members only). */
  public Future<List<Message>> list(String viewerId, String conversationId) {
    return chat.requireMember(viewerId, conversationId)
        .compose(v -> OF_VIEWER.list(db.pool(), params("accountId", viewerId, "conversationId", conversationId,
            "now", clock.millis(), "limit", MAX_LISTED), Ephemerals::row))
        .map(rows -> rows.reversed().stream().map(Viewed::message).toList());
  }

  /** One of the viewer's unexpired ephemeral messages; NOT_FOUND for anyone else's. */
  public Future<Message> find(String viewerId, String conversationId, String messageId) {
    if (!IdGenerator.isId(messageId)) {
      return Future.failedFuture(PlatformException.notFound("the message"));
    }
    return ONE.first(db.pool(), params("id", messageId, "accountId", viewerId, "conversationId", conversationId,
        "now", clock.millis()), Ephemerals::row)
        .map(found -> found.map(Viewed::message).orElseThrow(() -> PlatformException.notFound("the message")));
  }

  /**
   * Replaces an ephemeral card that {@code appId} posted here, for each of its viewers, and tells
   * their sessions ({@code ephemeral_updated}); NOT_FOUND when there is none.
   */
  public Future<Message> update(String appId, String conversationId, String messageId, JsonObject card,
      String summary) {
    String text = summary.isBlank()
        ? ""
        : summary.length() > ChatService.MAX_TEXT ? summary.substring(0, ChatService.MAX_TEXT) : summary;
    if (!IdGenerator.isId(messageId)) {
      return Future.failedFuture(PlatformException.notFound("the message"));
    }
    return UPDATE.update(db.pool(), params("card", card.encode(), "text", text, "id", messageId,
        "conversationId", conversationId, "appId", appId, "now", clock.millis()))
        .compose(n -> n == 0
            ? Future.failedFuture(PlatformException.notFound("the message"))
            : viewers(conversationId, appId, messageId))
        .map(all -> {
          all.forEach(m -> tell(m, "ephemeral_updated"));
          return all.getFirst().message();
        });
  }

  /** The viewer hides it for good (their other sessions too). */
  public Future<Void> dismiss(String viewerId, String conversationId, String messageId) {
    return chat.requireMember(viewerId, conversationId)
        .compose(v -> IdGenerator.isId(messageId)
            ? DISMISS.update(db.pool(), params("id", messageId, "accountId", viewerId, "conversationId",
                conversationId))
            : Future.succeededFuture(0))
        .compose(n -> {
          if (n == 0) {
            return Future.failedFuture(PlatformException.notFound("the message"));
          }
          JsonObject event = new JsonObject().put("type", "ephemeral_removed").put("conversationId", conversationId)
              .put("messageId", messageId);
          vertx.eventBus().publish(Addresses.account(viewerId), event.encode(),
              new DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, conversationId));
          return Future.succeededFuture();
        });
  }

  /**
   * Shares one with the whole conversation: a normal copy of the card, labelled with its app and
   * marked {@code sharedBy} the viewer, goes through the group commit like any card. The
   * ephemeral one stays (dismissing it is the viewer's choice).
   */
  public Future<Message> share(Account viewer, String conversationId, String messageId) {
    return chat.requireMember(viewer.id(), conversationId)
        .compose(v -> find(viewer.id(), conversationId, messageId))
        .compose(m -> {
          if (m.app().isEmpty() || m.card().isEmpty()) {
            return Future.failedFuture(PlatformException.invalid("/messageId", "only an app's card can be shared"));
          }
          JsonObject extras = new JsonObject().put("sharedBy",
              new JsonObject().put("id", viewer.id()).put("displayName", viewer.displayName()));
          return chat.writer().post(conversationId, Optional.empty(), Optional.empty(), Message.CARD, m.text(),
              m.app(), m.card(), extras).map(ChatService.Sent::message);
        });
  }

  private Future<List<Viewed>> viewers(String conversationId, String appId, String messageId) {
    return VIEWERS.list(db.pool(), params("id", messageId, "conversationId", conversationId, "appId", appId,
        "now", clock.millis()), Ephemerals::row);
  }

  private void tell(Viewed viewed, String type) {
    JsonObject event = new JsonObject().put("type", type).put("message", viewed.message().toJson());
    vertx.eventBus().publish(Addresses.account(viewed.viewerId()), event.encode(),
        new DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, viewed.message().conversationId()));
  }

  /** The messages as JSON, for the route that lists them. */
  public static JsonArray toJson(List<Message> messages) {
    JsonArray out = new JsonArray();
    messages.forEach(m -> out.add(m.toJson()));
    return out;
  }

  /** A row and who sees it. */
  private record Viewed(String viewerId, Message message) {
  }

  private static Viewed row(Row row) {
    String appId = row.getString("app_id");
    String appName = row.getString("app_name");
    JsonObject extras = new JsonObject().put("visibility", CALLER)
        .put("expiresAt", Instant.ofEpochMilli(row.getLong("expires_at")).toString());
    Message m = new Message(row.getString("id"), row.getString("conversation_id"), row.getLong("after_seq"),
        Optional.empty(), appName != null ? appName : "Parley", Optional.empty(),
        row.getString("card") != null ? Message.CARD : "system", row.getString("body"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        Optional.ofNullable(appId).map(id -> new Message.AppLabel(id, appName == null ? id : appName)),
        Optional.ofNullable(row.getString("card")).map(JsonObject::new),
        row.getInteger("edited") == null ? 0 : row.getInteger("edited"), extras, Optional.empty());
    return new Viewed(row.getString("account_id"), m);
  }
}
