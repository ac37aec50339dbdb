package dev.parley.core.chat;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.chat.Conversation.Kind;
import dev.parley.core.chat.Conversation.Member;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of conversations, their members and the members' read markers, and the conversation as
 * each member sees it (assembled from three queries run together: the conversations with the
 * viewer's marker and unread count, their members, their last messages). Every method runs on the
 * client it is given, so the service composes its own transactions.
 */
final class ConversationRepository {

  /** The conversation as its viewer ({@code mine}) sees it; the caller adds the WHERE clause. */
  private static final String VIEW = "SELECT c.id, c.kind, c.title, c.last_seq, c.updated_at, c.app_install_policy, "
      + "mine.account_id AS viewer_id, mine.last_read_seq, mine.muted_until, "
      + "c.description, c.rights, mine.archived_at, mine.pinned_at, " + Everyday.UNREAD_MENTIONS + " AS mentions, "
      + "(SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id AND x.seq > mine.last_read_seq "
      + "AND (x.sender_id IS NULL OR x.sender_id <> mine.account_id)) AS unread "
      + "FROM conversation_members mine JOIN conversations c ON c.id = mine.conversation_id ";
  private static final Statement VIEWS_OF_ACCOUNT = sql(VIEW
      + "WHERE mine.account_id = #{viewerId} ORDER BY " + Everyday.ORDER);
  private static final Statement VIEW_OF_ACCOUNT = sql(VIEW
      + "WHERE mine.account_id = #{viewerId} AND c.id = #{conversationId}");
  private static final Statement VIEWS_OF_MEMBERS = sql(VIEW + "WHERE c.id = #{conversationId}");

  private static final Statement PEOPLE_OF_ACCOUNT = sql("SELECT cm.conversation_id, a.id, a.username, a.display_name, "
      + "cm.role, cm.last_read_seq, cm.last_delivered_seq FROM conversation_members mine JOIN conversation_members cm ON cm.conversation_id = mine.conversation_id "
      + "JOIN accounts a ON a.id = cm.account_id WHERE mine.account_id = #{viewerId} ORDER BY cm.joined_at, a.username");
  private static final Statement PEOPLE = sql("SELECT cm.conversation_id, a.id, a.username, a.display_name, cm.role, "
      + "cm.last_read_seq, cm.last_delivered_seq FROM conversation_members cm JOIN accounts a ON a.id = cm.account_id "
      + "WHERE cm.conversation_id = #{conversationId} ORDER BY cm.joined_at, a.username");

  private static final Statement LAST_OF_ACCOUNT = sql("SELECT " + MessageRepository.COLUMNS
      + " FROM conversation_members mine JOIN conversations c ON c.id = mine.conversation_id "
      + "JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq "
      + "LEFT JOIN accounts a ON a.id = m.sender_id WHERE mine.account_id = #{viewerId}");
  private static final Statement LAST = sql("SELECT " + MessageRepository.COLUMNS + " FROM conversations c "
      + "JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq "
      + "LEFT JOIN accounts a ON a.id = m.sender_id WHERE c.id = #{conversationId}");

  private static final Statement INSERT = sql("INSERT INTO conversations (id, kind, title, direct_key, created_by, "
      + "last_seq, created_at, updated_at) VALUES (#{id}, #{kind}, #{title}, #{directKey}, #{createdBy}, 0, #{now}, #{now})");
  private static final Statement BY_DIRECT_KEY = sql("SELECT id FROM conversations WHERE direct_key = #{directKey}");
  private static final Statement KIND = sql("SELECT kind FROM conversations WHERE id = #{id}");
  private static final Statement SET_TITLE = sql("UPDATE conversations SET title = #{title} WHERE id = #{id}");
  private static final Statement POLICY = sql("SELECT app_install_policy FROM conversations WHERE id = #{id}");
  private static final Statement SET_POLICY = sql(
      "UPDATE conversations SET app_install_policy = #{policy} WHERE id = #{id}");

  private static final Statement SET_DESCRIPTION = sql(
      "UPDATE conversations SET description = #{description} WHERE id = #{id}");
  private static final Statement FACE = sql("SELECT title, description FROM conversations WHERE id = #{id}");
  private static final Statement SET_RIGHTS = sql("UPDATE conversations SET rights = #{rights} WHERE id = #{id}");

  private static final Statement MEMBER_IDS = sql(
      "SELECT account_id FROM conversation_members WHERE conversation_id = #{conversationId}");
  private static final Statement IDS_OF_ACCOUNT = sql(
      "SELECT conversation_id FROM conversation_members WHERE account_id = #{accountId}");
  private static final Statement ROLE = sql("SELECT role FROM conversation_members "
      + "WHERE conversation_id = #{conversationId} AND account_id = #{accountId}");
  private static final Statement MEMBERS_BY_JOINING = sql("SELECT account_id, role FROM conversation_members "
      + "WHERE conversation_id = #{conversationId} ORDER BY joined_at, account_id");
  private static final Statement ADD_MEMBER = sql(
      "INSERT INTO conversation_members (conversation_id, account_id, role, "
          + "joined_at, last_read_seq) VALUES (#{conversationId}, #{accountId}, #{role}, #{now}, 0)");
  private static final Statement REMOVE_MEMBER = sql("DELETE FROM conversation_members "
      + "WHERE conversation_id = #{conversationId} AND account_id = #{accountId}");
  private static final Statement SET_ROLE = sql("UPDATE conversation_members SET role = #{role} "
      + "WHERE conversation_id = #{conversationId} AND account_id = #{accountId}");
  private static final Statement SET_READ = sql("UPDATE conversation_members SET last_read_seq = #{seq} "
      + "WHERE conversation_id = #{conversationId} AND account_id = #{accountId}");
  private static final Statement MARK_READ = sql("UPDATE conversation_members SET last_read_seq = "
      + "LEAST(#{seq}, (SELECT last_seq FROM conversations WHERE id = #{conversationId})) "
      + "WHERE conversation_id = #{conversationId} AND account_id = #{accountId} AND last_read_seq < #{seq}");

  private static final Statement DISPLAY_NAMES = sql("SELECT id, display_name FROM accounts WHERE id = ANY(#{ids})");

  /** A member and their role ({@code owner} or {@code member}). */
  record Membership(String accountId, String role) {
  }

  private record Header(String id, Kind kind, Optional<String> title, long lastSeq, long lastReadSeq, long unread,
      Instant updatedAt, String viewerId, String appInstallPolicy, long mutedUntil, Everyday everyday) {
  }

  private record MemberOf(String conversationId, Member member) {
  }

  // ---- conversations as their members see them ----

  /** The viewer's conversations, most recent activity first. */
  Future<List<Conversation>> listFor(SqlClient client, String viewerId) {
    Map<String, Object> p = params("viewerId", viewerId);
    return views(VIEWS_OF_ACCOUNT.list(client, p, ConversationRepository::header),
        PEOPLE_OF_ACCOUNT.list(client, p, ConversationRepository::memberOf),
        LAST_OF_ACCOUNT.list(client, p, MessageRepository.MESSAGE));
  }

  /** One conversation as the viewer sees it; empty when the viewer is not a member. */
  Future<Optional<Conversation>> find(SqlClient client, String viewerId, String conversationId) {
    Map<String, Object> p = params("viewerId", viewerId, "conversationId", conversationId);
    return views(VIEW_OF_ACCOUNT.list(client, p, ConversationRepository::header),
        PEOPLE.list(client, p, ConversationRepository::memberOf),
        LAST.list(client, p, MessageRepository.MESSAGE)).map(list -> list.stream().findFirst());
  }

  /** One conversation as each of its members sees it: three queries, whatever the number of members. */
  Future<List<Conversation>> viewsOfMembers(SqlClient client, String conversationId) {
    Map<String, Object> p = params("conversationId", conversationId);
    return views(VIEWS_OF_MEMBERS.list(client, p, ConversationRepository::header),
        PEOPLE.list(client, p, ConversationRepository::memberOf),
        LAST.list(client, p, MessageRepository.MESSAGE));
  }

  private static Future<List<Conversation>> views(Future<List<Header>> headers, Future<List<MemberOf>> people,
      Future<List<Message>> last) {
    return Future.all(headers, people, last).map(all -> {
      Map<String, List<Member>> membersOf = new HashMap<>();
      for (MemberOf m : people.result()) {
        membersOf.computeIfAbsent(m.conversationId(), k -> new ArrayList<>()).add(m.member());
      }
      Map<String, Message> lastOf = new HashMap<>();
      for (Message m : last.result()) {
        lastOf.put(m.conversationId(), m);
      }
      List<Conversation> out = new ArrayList<>();
      for (Header h : headers.result()) {
        out.add(new Conversation(h.id(), h.kind(), h.title(), membersOf.getOrDefault(h.id(), List.of()), h.lastSeq(),
            h.lastReadSeq(), h.unread(), Optional.ofNullable(lastOf.get(h.id())), h.updatedAt(), h.viewerId(),
            h.appInstallPolicy(), h.mutedUntil(), h.everyday()));
      }
      return out;
    });
  }

  private static Header header(Row r) {
    return new Header(r.getString("id"), Kind.parse(r.getString("kind")), Optional.ofNullable(r.getString("title")),
        r.getLong("last_seq"), r.getLong("last_read_seq"), r.getLong("unread"),
        Instant.ofEpochMilli(r.getLong("updated_at")), r.getString("viewer_id"), r.getString("app_install_policy"),
        r.getLong("muted_until") == null ? 0 : r.getLong("muted_until"), Everyday.of(r));
  }

  private static MemberOf memberOf(Row r) {
    return new MemberOf(r.getString("conversation_id"),
        new Member(r.getString("id"), r.getString("username"), r.getString("display_name"), r.getString("role"),
            r.getLong("last_read_seq"), r.getLong("last_delivered_seq")));
  }

  // ---- conversations ----

  Future<Void> insertGroup(SqlClient client, String id, String title, String createdBy, long now) {
    return INSERT.update(client, params("id", id, "kind", Kind.GROUP.key(), "title", title, "directKey", null,
        "createdBy", createdBy, "now", now)).mapEmpty();
  }

  /** Inserts a direct conversation; fails with a unique violation when {@code directKey} exists already. */
  Future<Void> insertDirect(SqlClient client, String id, String directKey, String createdBy, long now) {
    return INSERT.update(client, params("id", id, "kind", Kind.DIRECT.key(), "title", null, "directKey", directKey,
        "createdBy", createdBy, "now", now)).mapEmpty();
  }

  /** The direct conversation with this key ({@code <smaller id>:<larger id>}), if it exists. */
  Future<Optional<String>> directId(SqlClient client, String directKey) {
    return BY_DIRECT_KEY.first(client, params("directKey", directKey), r -> r.getString("id"));
  }

  Future<Optional<Kind>> kind(SqlClient client, String conversationId) {
    return KIND.first(client, params("id", conversationId), r -> Kind.parse(r.getString("kind")));
  }

  Future<Void> setTitle(SqlClient client, String conversationId, String title) {
    return SET_TITLE.update(client, params("title", title, "id", conversationId)).mapEmpty();
  }

  Future<Optional<String>> appInstallPolicy(SqlClient client, String conversationId) {
    return POLICY.first(client, params("id", conversationId), r -> r.getString("app_install_policy"));
  }

  Future<Void> setAppInstallPolicy(SqlClient client, String conversationId, String policy) {
    return SET_POLICY.update(client, params("policy", policy, "id", conversationId)).mapEmpty();
  }

  Future<Void> setDescription(SqlClient client, String conversationId, String description) {
    return SET_DESCRIPTION.update(client, params("description", description, "id", conversationId)).mapEmpty();
  }

  /** A group's title and description ({@code {title, description}}), empty when there is no such conversation. */
  Future<Optional<io.vertx.core.json.JsonObject>> face(SqlClient client, String conversationId) {
    return FACE.first(client, params("id", conversationId), r -> new io.vertx.core.json.JsonObject()
        .put("title", r.getString("title")).put("description", r.getString("description")));
  }

  Future<Void> setRights(SqlClient client, String conversationId, String rights) {
    return SET_RIGHTS.update(client, params("rights", rights, "id", conversationId)).mapEmpty();
  }

  // ---- members ----

  Future<Set<String>> memberIds(SqlClient client, String conversationId) {
    return MEMBER_IDS.list(client, params("conversationId", conversationId), r -> r.getString("account_id"))
        .map(ids -> Set.copyOf(new HashSet<>(ids)));
  }

  /** The ids of the conversations an account is in. */
  Future<List<String>> idsOf(SqlClient client, String accountId) {
    return IDS_OF_ACCOUNT.list(client, params("accountId", accountId), r -> r.getString("conversation_id"));
  }

  /** A member's role; empty for someone who is not a member. */
  Future<Optional<String>> role(SqlClient client, String conversationId, String accountId) {
    return ROLE.first(client, params("conversationId", conversationId, "accountId", accountId),
        r -> r.getString("role"));
  }

  /** The members, first joined first. */
  Future<List<Membership>> membersByJoining(SqlClient client, String conversationId) {
    return MEMBERS_BY_JOINING.list(client, params("conversationId", conversationId),
        r -> new Membership(r.getString("account_id"), r.getString("role")));
  }

  /**
   * Adds members, joined at {@code now} with nothing read, as one batch; fails with a unique
   * violation when one of them is a member already.
   */
  Future<Void> addMembers(SqlClient client, String conversationId, List<Membership> members, long now) {
    List<Map<String, Object>> batch = new ArrayList<>(members.size());
    for (Membership m : members) {
      batch.add(params("conversationId", conversationId, "accountId", m.accountId(), "role", m.role(), "now", now));
    }
    return ADD_MEMBER.batch(client, batch);
  }

  /** Removes a member; false when the account was not one. */
  Future<Boolean> removeMember(SqlClient client, String conversationId, String accountId) {
    return REMOVE_MEMBER.update(client, params("conversationId", conversationId, "accountId", accountId))
        .map(n -> n > 0);
  }

  Future<Void> setRole(SqlClient client, String conversationId, String accountId, String role) {
    return SET_ROLE.update(client, params("role", role, "conversationId", conversationId, "accountId", accountId))
        .mapEmpty();
  }

  // ---- read markers ----

  /** Sets a member's read marker to {@code seq}. */
  Future<Void> setReadMarker(SqlClient client, String conversationId, String accountId, long seq) {
    return SET_READ.update(client, params("seq", seq, "conversationId", conversationId, "accountId", accountId))
        .mapEmpty();
  }

  /**
   * Moves a member's read marker forward to {@code seq}, never back and never past the last
   * message; true when it moved.
   */
  Future<Boolean> markRead(SqlClient client, String conversationId, String accountId, long seq) {
    return MARK_READ.update(client, params("seq", seq, "conversationId", conversationId, "accountId", accountId))
        .map(n -> n > 0);
  }

  // ---- the people a conversation names ----

  /**
   * The display names of those of {@code accountIds} that exist, by id: one query for any number of
   * ids ({@code = ANY} of an array parameter, which both databases take).
   */
  Future<Map<String, String>> displayNames(SqlClient client, Collection<String> accountIds) {
    if (accountIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return DISPLAY_NAMES.list(client, params("ids", accountIds.toArray(String[]::new)),
        r -> Map.entry(r.getString("id"), r.getString("display_name"))).map(rows -> {
          Map<String, String> out = new HashMap<>();
          rows.forEach(e -> out.put(e.getKey(), e.getValue()));
          return out;
        });
  }
}
