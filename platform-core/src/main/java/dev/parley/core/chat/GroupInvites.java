package dev.parley.core.chat;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.accounts.Account;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Invite links of a group: a secret token that lets any signed-in person join, made and revoked by
 * those with the {@code addMembers} right; optionally expiring and limited to a number of uses. A
 * join counts its use in the transaction that adds the member, so a link with one use left admits
 * exactly one person however many try at once. The token is shown to those who may manage links.
 */
public final class GroupInvites {

  /** Most live (not revoked) links per group. */
  public static final int MAX_LINKS = 20;

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private static final String COLUMNS = "id, token, conversation_id, created_by, created_at, expires_at, max_uses, "
      + "uses, revoked_at";
  private static final Statement INSERT = sql("INSERT INTO group_invites (id, token, conversation_id, created_by, "
      + "created_at, expires_at, max_uses, uses) VALUES (#{id}, #{token}, #{conversationId}, #{createdBy}, #{now}, "
      + "#{expiresAt}, #{maxUses}, 0)");
  private static final Statement OF_GROUP = sql("SELECT " + COLUMNS + " FROM group_invites "
      + "WHERE conversation_id = #{conversationId} AND revoked_at IS NULL ORDER BY created_at DESC, id");
  private static final Statement BY_TOKEN = sql("SELECT " + COLUMNS + " FROM group_invites WHERE token = #{token}");
  private static final Statement REVOKE = sql("UPDATE group_invites SET revoked_at = #{now} "
      + "WHERE id = #{id} AND conversation_id = #{conversationId} AND revoked_at IS NULL");
  private static final Statement USE = sql("UPDATE group_invites SET uses = uses + 1 WHERE token = #{token} "
      + "AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > #{now}) "
      + "AND (max_uses IS NULL OR uses < max_uses)");
  private static final Statement MEMBER_COUNT = sql(
      "SELECT COUNT(*) AS n FROM conversation_members WHERE conversation_id = #{conversationId}");

  /** A stored link. */
  record Invite(String id, String token, String conversationId, String createdBy, long createdAt, Long expiresAt,
      Integer maxUses, int uses, Long revokedAt) {

    static Invite of(Row r) {
      return new Invite(r.getString("id"), r.getString("token"), r.getString("conversation_id"),
          r.getString("created_by"), r.getLong("created_at"), r.getLong("expires_at"), r.getInteger("max_uses"),
          r.getInteger("uses"), r.getLong("revoked_at"));
    }

    /** Why the link admits nobody now, or empty when it admits. */
    Optional<String> unusable(long now) {
      if (revokedAt != null) {
        return Optional.of("this invite link was revoked");
      }
      if (expiresAt != null && expiresAt <= now) {
        return Optional.of("this invite link has expired");
      }
      if (maxUses != null && uses >= maxUses) {
        return Optional.of("this invite link has been used up");
      }
      return Optional.empty();
    }

    JsonObject toJson() {
      return new JsonObject().put("id", id).put("token", token).put("path", "/join/" + token)
          .put("createdBy", createdBy).put("createdAt", Instant.ofEpochMilli(createdAt).toString())
          .put("expiresAt", expiresAt == null ? null : Instant.ofEpochMilli(expiresAt).toString())
          .put("maxUses", maxUses).put("uses", uses);
    }
  }

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final ChatService chat;

  public GroupInvites(Database db, Clock clock, IdGenerator ids, ChatService chat) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.chat = chat;
  }

  /** The group's live links (revoked ones are gone from the list; expired and used-up ones stay until revoked). */
  public Future<JsonArray> list(String accountId, String conversationId) {
    return chat.requireRight(accountId, conversationId, GroupRights.Right.ADD_MEMBERS)
        .compose(v -> OF_GROUP.list(db.pool(), params("conversationId", conversationId), Invite::of))
        .map(list -> {
          JsonArray out = new JsonArray();
          list.forEach(i -> out.add(i.toJson()));
          return out;
        });
  }

  /** Makes a link; {@code expiresAt} in the future and {@code maxUses} of 1-10000 when given. */
  public Future<JsonObject> create(Account caller, String conversationId, Optional<Instant> expiresAt,
      Optional<Integer> maxUses) {
    long now = clock.millis();
    if (expiresAt.isPresent() && expiresAt.get().toEpochMilli() <= now) {
      return Future.failedFuture(PlatformException.invalid("/expiresAt", "expiresAt must be in the future"));
    }
    if (maxUses.isPresent() && (maxUses.get() < 1 || maxUses.get() > 10_000)) {
      return Future.failedFuture(PlatformException.invalid("/maxUses", "maxUses must be 1-10000"));
    }
    Invite invite = new Invite(ids.newId(), ids.newSecret(16), conversationId, caller.id(), now,
        expiresAt.map(Instant::toEpochMilli).orElse(null), maxUses.orElse(null), 0, null);
    return chat.requireRight(caller.id(), conversationId, GroupRights.Right.ADD_MEMBERS)
        .compose(v -> OF_GROUP.list(db.pool(), params("conversationId", conversationId), Invite::of))
        .compose(live -> live.size() >= MAX_LINKS
            ? Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
                "a group has at most " + MAX_LINKS + " invite links; revoke one first"))
            : INSERT.update(db.pool(), params("id", invite.id(), "token", invite.token(), "conversationId",
                conversationId, "createdBy", caller.id(), "now", now, "expiresAt", invite.expiresAt(),
                "maxUses", invite.maxUses())))
        .map(n -> invite.toJson());
  }

  /** Revokes a link of the group: it admits nobody from now on. */
  public Future<Void> revoke(String accountId, String conversationId, String inviteId) {
    return chat.requireRight(accountId, conversationId, GroupRights.Right.ADD_MEMBERS)
        .compose(v -> IdGenerator.isId(inviteId)
            ? REVOKE.update(db.pool(), params("now", clock.millis(), "id", inviteId, "conversationId", conversationId))
            : Future.succeededFuture(0))
        .compose(n -> n > 0
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(PlatformException.notFound("the invite link")));
  }

  /**
   * What a link leads to, for the join page: the group's title, description and member count, and
   * whether the caller is a member already. An unknown token is "not found"; a revoked, expired or
   * used-up one {@code invite-unusable}.
   */
  public Future<JsonObject> preview(Account caller, String token) {
    return usable(token).compose(invite -> chat.requireMember(caller.id(), invite.conversationId())
        .map(true).otherwise(false)
        .compose(member -> Future.all(view(invite.conversationId()),
            MEMBER_COUNT.first(db.pool(), params("conversationId", invite.conversationId()), r -> r.getLong("n")))
            .map(all -> {
              JsonObject group = all.resultAt(0);
              long count = all.<Optional<Long>>resultAt(1).orElse(0L);
              return new JsonObject().put("conversationId", invite.conversationId())
                  .put("title", group.getString("title")).put("description", group.getString("description"))
                  .put("memberCount", count).put("member", member);
            })));
  }

  /** Joins the group through the link; a member already joins again at no cost (the use is not counted). */
  public Future<Conversation> join(Account caller, String token) {
    return known(token)
        .compose(invite -> chat.requireMember(caller.id(), invite.conversationId()).map(true).otherwise(false))
        .compose(member -> member
            ? known(token).compose(invite -> chat.get(caller.id(), invite.conversationId()))
            : joinAnew(caller, token));
  }

  private Future<Conversation> joinAnew(Account caller, String token) {
    return usable(token).compose(invite -> {
      String conversationId = invite.conversationId();
      return db.pool().withTransaction(tx -> chat.joinInTransaction(tx, conversationId, caller.id())
          .compose(joined -> !joined
              ? Future.succeededFuture(false)
              : USE.update(tx, params("token", token, "now", clock.millis())).compose(n -> n > 0
                  ? Future.succeededFuture(true)
                  : Future.failedFuture(PlatformException.of(PlatformException.Reason.INVITE_UNUSABLE,
                      "this invite link has been used up")))))
          .recover(e -> Database.isUniqueViolation(e) ? Future.succeededFuture(false) : Future.failedFuture(e))
          .compose(joined -> joined ? chat.joinedByLink(caller, conversationId) : Future.succeededFuture())
          .compose(v -> chat.get(caller.id(), conversationId));
    });
  }

  /** The link of a token, usable or not; "not found" for a token no link has. */
  private Future<Invite> known(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return Future.failedFuture(PlatformException.notFound("the invite link"));
    }
    return BY_TOKEN.first(db.pool(), params("token", token), Invite::of)
        .map(found -> found.orElseThrow(() -> PlatformException.notFound("the invite link")));
  }

  /** The link of a token that admits people now; {@code invite-unusable} saying why when it does not. */
  private Future<Invite> usable(String token) {
    return known(token).compose(invite -> {
      Optional<String> why = invite.unusable(clock.millis());
      return why.isPresent()
          ? Future.failedFuture(PlatformException.of(PlatformException.Reason.INVITE_UNUSABLE, why.get()))
          : Future.succeededFuture(invite);
    });
  }

  /** The group's public face for the join page (title, description), read without membership. */
  private Future<JsonObject> view(String conversationId) {
    return chat.groupFace(conversationId);
  }
}
