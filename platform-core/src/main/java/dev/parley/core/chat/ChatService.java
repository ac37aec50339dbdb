package dev.parley.core.chat;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.IdGenerator;
import dev.parley.core.PlatformException;
import dev.parley.core.accounts.Account;
import dev.parley.core.chat.Conversation.Kind;
import dev.parley.core.chat.Conversation.Member;
import dev.parley.core.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Conversations, members and messages. Every read and write checks membership; a conversation the
 * caller is not in is "not found", so its existence does not leak. Sends are idempotent per
 * (sender, client id) and numbered with a dense per-conversation sequence; after a commit the
 * event goes to the event bus for live delivery.
 */
public final class ChatService {

  /** Largest group. */
  public static final int MAX_MEMBERS = 500;
  /** Longest message text, in characters. */
  public static final int MAX_TEXT = 4000;
  /** Largest history page. */
  public static final int MAX_PAGE = 200;

  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final AsyncLoadingCache<String, Set<String>> members;
  private final SerialQueues sends = new SerialQueues();
  private volatile java.util.function.Consumer<Message> committed = m -> { };

  public ChatService(Vertx vertx, Database db, Clock clock, IdGenerator ids) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.members = Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterAccess(Duration.ofMinutes(10))
        .recordStats()
        .buildAsync((conversationId, executor) -> loadMemberIds(conversationId).toCompletionStage().toCompletableFuture());
    vertx.eventBus().<String>consumer(Addresses.MEMBERS_CHANGED, msg -> members.synchronous().invalidate(msg.body()));
  }

  /**
   * Told of every message once it is committed, new or edited (the message search index listens);
   * called in commit order per conversation, must not block, and its failures never fail a send.
   */
  public void onCommitted(java.util.function.Consumer<Message> listener) {
    this.committed = java.util.Objects.requireNonNull(listener, "listener");
  }

  private void tellCommitted(Message message) {
    try {
      committed.accept(message);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ChatService.class).warn("a committed-message listener failed id={}", message.id(), e);
    }
  }

  /** The member-list cache, for metrics. */
  public com.github.benmanes.caffeine.cache.Cache<String, Set<String>> memberCache() {
    return members.synchronous();
  }

  // ---- reading ----

  /** The caller's conversations, most recent activity first. */
  public Future<List<Conversation>> list(String viewerId) {
    Future<RowSet<Row>> convs = db.query(
        "SELECT c.id, c.kind, c.title, c.last_seq, c.updated_at, c.app_install_policy, mine.last_read_seq, "
            + "(SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id AND x.seq > mine.last_read_seq "
            + "AND (x.sender_id IS NULL OR x.sender_id <> mine.account_id)) AS unread "
            + "FROM conversation_members mine JOIN conversations c ON c.id = mine.conversation_id "
            + "WHERE mine.account_id = ? ORDER BY c.updated_at DESC, c.id", viewerId);
    Future<RowSet<Row>> people = db.query(
        "SELECT cm.conversation_id, a.id, a.username, a.display_name, cm.role FROM conversation_members mine "
            + "JOIN conversation_members cm ON cm.conversation_id = mine.conversation_id "
            + "JOIN accounts a ON a.id = cm.account_id WHERE mine.account_id = ? ORDER BY cm.joined_at, a.username",
        viewerId);
    Future<RowSet<Row>> last = db.query("SELECT " + Message.COLUMNS + " FROM conversation_members mine "
        + "JOIN conversations c ON c.id = mine.conversation_id "
        + "JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq "
        + "LEFT JOIN accounts a ON a.id = m.sender_id WHERE mine.account_id = ?", viewerId);
    return Future.all(convs, people, last).map(all -> assemble(viewerId, convs.result(), people.result(), last.result()));
  }

  /** One conversation the caller is a member of. */
  public Future<Conversation> get(String viewerId, String conversationId) {
    return requireMember(viewerId, conversationId).compose(v -> load(viewerId, conversationId));
  }

  private Future<Conversation> load(String viewerId, String conversationId) {
    Future<RowSet<Row>> conv = db.query(
        "SELECT c.id, c.kind, c.title, c.last_seq, c.updated_at, c.app_install_policy, mine.last_read_seq, "
            + "(SELECT COUNT(*) FROM messages x WHERE x.conversation_id = c.id AND x.seq > mine.last_read_seq "
            + "AND (x.sender_id IS NULL OR x.sender_id <> mine.account_id)) AS unread "
            + "FROM conversation_members mine JOIN conversations c ON c.id = mine.conversation_id "
            + "WHERE mine.account_id = ? AND c.id = ?", viewerId, conversationId);
    Future<RowSet<Row>> people = db.query(
        "SELECT cm.conversation_id, a.id, a.username, a.display_name, cm.role FROM conversation_members cm "
            + "JOIN accounts a ON a.id = cm.account_id WHERE cm.conversation_id = ? ORDER BY cm.joined_at, a.username",
        conversationId);
    Future<RowSet<Row>> last = db.query("SELECT " + Message.COLUMNS + " FROM conversations c "
        + "JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq "
        + "LEFT JOIN accounts a ON a.id = m.sender_id WHERE c.id = ?", conversationId);
    return Future.all(conv, people, last).map(all -> {
      List<Conversation> list = assemble(viewerId, conv.result(), people.result(), last.result());
      if (list.isEmpty()) {
        throw PlatformException.notFound("the conversation");
      }
      return list.get(0);
    });
  }

  private static List<Conversation> assemble(String viewerId, RowSet<Row> convs, RowSet<Row> people, RowSet<Row> last) {
    Map<String, List<Member>> membersOf = new HashMap<>();
    for (Row r : people) {
      membersOf.computeIfAbsent(r.getString("conversation_id"), k -> new ArrayList<>())
          .add(new Member(r.getString("id"), r.getString("username"), r.getString("display_name"), r.getString("role")));
    }
    Map<String, Message> lastOf = new HashMap<>();
    for (Row r : last) {
      Message m = Message.from(r);
      lastOf.put(m.conversationId(), m);
    }
    List<Conversation> out = new ArrayList<>();
    for (Row r : convs) {
      String id = r.getString("id");
      out.add(new Conversation(id, Kind.parse(r.getString("kind")), Optional.ofNullable(r.getString("title")),
          membersOf.getOrDefault(id, List.of()), r.getLong("last_seq"), r.getLong("last_read_seq"), r.getLong("unread"),
          Optional.ofNullable(lastOf.get(id)), Instant.ofEpochMilli(r.getLong("updated_at")), viewerId,
          r.getString("app_install_policy")));
    }
    return out;
  }

  /** A page of history: newest first before {@code before}, or oldest first after {@code after}. */
  public Future<List<Message>> history(String viewerId, String conversationId, Optional<Long> before,
                                       Optional<Long> after, int limit) {
    int n = Math.max(1, Math.min(limit, MAX_PAGE));
    return requireMember(viewerId, conversationId).compose(v -> after.isPresent()
        ? messagesAfter(conversationId, after.get(), n)
        : db.query("SELECT " + Message.COLUMNS + " FROM messages m LEFT JOIN accounts a ON a.id = m.sender_id "
            + "WHERE m.conversation_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?",
            conversationId, before.orElse(Long.MAX_VALUE), n).map(ChatService::messages));
  }

  /**
   * The messages around one message, oldest first: up to {@code limit} of them, the target in the
   * middle, for a jump from a search hit into the conversation. "Not found" for a message of
   * another conversation, as for a conversation the caller is not in.
   */
  public Future<Around> around(String viewerId, String conversationId, String messageId, int limit) {
    int n = Math.max(1, Math.min(limit, MAX_PAGE));
    return requireMember(viewerId, conversationId)
        .compose(v -> IdGenerator.isId(messageId)
            ? db.query("SELECT m.seq, c.last_seq FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                + "WHERE m.conversation_id = ? AND m.id = ?", conversationId, messageId)
            : Future.failedFuture(PlatformException.notFound("the message")))
        .compose(rows -> {
          if (!rows.iterator().hasNext()) {
            return Future.failedFuture(PlatformException.notFound("the message"));
          }
          Row row = rows.iterator().next();
          long target = row.getLong("seq");
          long last = row.getLong("last_seq");
          // seq is dense, so the window is a range: half before the target, the rest after it.
          long from = Math.max(1, target - (n - 1) / 2);
          long to = Math.min(last, from + n - 1);
          from = Math.max(1, Math.min(from, to - n + 1));
          long first = from;
          long end = to;
          return db.query("SELECT " + Message.COLUMNS + " FROM messages m LEFT JOIN accounts a ON a.id = m.sender_id "
                  + "WHERE m.conversation_id = ? AND m.seq BETWEEN ? AND ? ORDER BY m.seq", conversationId, first, end)
              .map(page -> new Around(messages(page), target, first > 1, end < last));
        });
  }

  /** A window of history around {@code targetSeq}, oldest first, and whether more lies either side. */
  public record Around(List<Message> messages, long targetSeq, boolean older, boolean newer) {
    public Around {
      messages = List.copyOf(messages);
    }
  }

  /** Messages after {@code seq}, oldest first: the backlog of a resuming live session. */
  Future<List<Message>> messagesAfter(String conversationId, long seq, int limit) {
    return db.query("SELECT " + Message.COLUMNS + " FROM messages m LEFT JOIN accounts a ON a.id = m.sender_id "
        + "WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?", conversationId, seq, limit)
        .map(ChatService::messages);
  }

  /** The ids of the conversations an account is in. */
  public Future<List<String>> conversationIds(String accountId) {
    return db.query("SELECT conversation_id FROM conversation_members WHERE account_id = ?", accountId).map(rows -> {
      List<String> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.getString("conversation_id")));
      return out;
    });
  }

  // ---- writing ----

  /** A message and whether this call created it (false: an earlier send with the same client id did). */
  public record Sent(Message message, boolean created) {
  }

  public Future<Sent> send(Account sender, String conversationId, String clientId, String text) {
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      return Future.failedFuture(PlatformException.invalid("/clientId", "clientId must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'"));
    }
    if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
      return Future.failedFuture(PlatformException.invalid("/text", "text must be 1-" + MAX_TEXT + " characters and not blank"));
    }
    if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
      return Future.failedFuture(PlatformException.invalid("/text", "text must not contain control characters other than newlines and tabs"));
    }
    return requireMember(sender.id(), conversationId)
        // One send at a time per conversation on this node: commits and live events keep seq order.
        .compose(v -> sends.submit(conversationId, () -> insertMessage(sender, conversationId, clientId, "text", text)
            // Published inside the queue: the next send starts only once this event is out, so live
            // events leave in seq order even when the sends came in on different event loops.
            .map(sent -> {
              if (sent.created()) {
                publishMessage(sent.message());
              }
              return sent;
            })))
        .recover(failure -> Database.isUniqueViolation(failure)
            ? existing(sender.id(), conversationId, clientId).map(m -> new Sent(m.orElseThrow(), false))
            : Future.failedFuture(failure));
  }

  /**
   * Posts a mini-app's card into a conversation, labelled with the app; {@code summary} is its
   * plain-text form (previews, notifications). Ordered with people's messages.
   */
  public Future<Message> postAppMessage(Message.AppLabel app, String conversationId, JsonObject card, String summary) {
    String text = summary.isBlank() ? app.name() : summary.length() > MAX_TEXT ? summary.substring(0, MAX_TEXT) : summary;
    return sends.submit(conversationId, () -> db.pool().withTransaction(tx -> {
      long now = clock.millis();
      String id = ids.newId();
      return db.query(tx, "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ?", now, conversationId)
          .compose(r -> db.query(tx, "SELECT last_seq FROM conversations WHERE id = ?", conversationId))
          .compose(rows -> {
            long seq = rows.iterator().next().getLong("last_seq");
            return db.query(tx, "INSERT INTO messages (id, conversation_id, seq, kind, body, created_at, app_id, app_name, "
                    + "card, edited) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", id, conversationId, seq, Message.CARD, text, now,
                    app.id(), app.name(), card.encode())
                .map(x -> new Message(id, conversationId, seq, Optional.empty(), app.name(), Optional.empty(), Message.CARD,
                    text, Instant.ofEpochMilli(now), Optional.of(app), Optional.of(card), 0));
          });
    }).map(message -> {
      publishMessage(message);
      return message;
    })).recover(f -> Future.failedFuture(Database.classify(f)));
  }

  /**
   * Replaces a card that {@code appId} posted in this conversation and tells every member's
   * sessions ({@code message_updated}). Fails with NOT_FOUND for any other message.
   */
  public Future<Message> updateAppMessage(String appId, String conversationId, String messageId, JsonObject card,
      String summary) {
    String text = summary.isBlank() ? "" : summary.length() > MAX_TEXT ? summary.substring(0, MAX_TEXT) : summary;
    return db.query("UPDATE messages SET card = ?, body = CASE WHEN ? = '' THEN body ELSE ? END, edited = edited + 1, "
            + "edited_at = ? WHERE id = ? AND conversation_id = ? AND app_id = ?", card.encode(), text, text, clock.millis(),
            messageId, conversationId, appId)
        .compose(r -> {
          if (r.rowCount() == 0) {
            return Future.failedFuture(PlatformException.notFound("a card of this app with id " + messageId));
          }
          return message(conversationId, messageId);
        })
        .map(message -> {
          tellCommitted(message);
          JsonObject event = new JsonObject().put("type", "message_updated").put("message", message.toJson());
          vertx.eventBus().publish(Addresses.conversation(conversationId), event.encode(), headers(conversationId));
          return message;
        });
  }

  /** One message of a conversation, for those who may read it. */
  public Future<Message> message(String conversationId, String messageId) {
    return db.query("SELECT " + Message.COLUMNS + " FROM messages m LEFT JOIN accounts a ON a.id = m.sender_id "
        + "WHERE m.conversation_id = ? AND m.id = ?", conversationId, messageId)
        .map(rows -> messages(rows).stream().findFirst()
            .orElseThrow(() -> PlatformException.notFound("the message")));
  }

  /** Who may install apps in a group: {@code members} (default) or {@code owner}. */
  public Future<String> appInstallPolicy(String conversationId) {
    return db.query("SELECT app_install_policy FROM conversations WHERE id = ?", conversationId)
        .map(rows -> rows.size() == 0 ? "members" : rows.iterator().next().getString("app_install_policy"));
  }

  /** Sets who may install apps in a group; only its owner may. */
  public Future<Conversation> setAppInstallPolicy(Account caller, String conversationId, String policy) {
    if (!"members".equals(policy) && !"owner".equals(policy)) {
      return Future.failedFuture(PlatformException.invalid("/appInstallPolicy", "appInstallPolicy must be \"members\" or \"owner\""));
    }
    return requireGroup(caller.id(), conversationId)
        .compose(v -> isOwner(caller.id(), conversationId))
        .compose(owner -> owner ? db.query("UPDATE conversations SET app_install_policy = ? WHERE id = ?", policy, conversationId)
            : Future.failedFuture(PlatformException.forbidden("only the group's owner may decide who installs apps")))
        .compose(v -> get(caller.id(), conversationId));
  }

  /** Whether an account owns a conversation (groups have one owner; direct conversations none). */
  public Future<Boolean> isOwner(String accountId, String conversationId) {
    return db.query("SELECT role FROM conversation_members WHERE conversation_id = ? AND account_id = ?", conversationId,
        accountId).map(rows -> rows.size() > 0 && "owner".equals(rows.iterator().next().getString("role")));
  }

  private Future<Sent> insertMessage(Account sender, String conversationId, String clientId, String kind, String text) {
    return db.pool().withTransaction(tx -> existing(tx, sender.id(), conversationId, clientId).compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(new Sent(found.get(), false));
      }
      return appendMessage(tx, conversationId, Optional.of(sender), Optional.of(clientId), kind, text)
          .map(m -> new Sent(m, true));
    }));
  }

  private Future<Message> appendMessage(SqlConnection tx, String conversationId, Optional<Account> sender,
                                        Optional<String> clientId, String kind, String text) {
    long now = clock.millis();
    String id = ids.newId();
    return db.query(tx, "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ?", now, conversationId)
        .compose(r -> db.query(tx, "SELECT last_seq FROM conversations WHERE id = ?", conversationId))
        .compose(rows -> {
          long seq = rows.iterator().next().getLong("last_seq");
          return db.query(tx, "INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, kind, body, created_at) "
                  + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, conversationId, seq, sender.map(Account::id).orElse(null),
                  clientId.orElse(null), kind, text, now)
              // The sender has read everything up to their own message.
              .compose(ignored -> sender.isEmpty() ? Future.succeededFuture(ignored)
                  : db.query(tx, "UPDATE conversation_members SET last_read_seq = ? WHERE conversation_id = ? AND account_id = ?",
                      seq, conversationId, sender.get().id()))
              .map(ignored -> new Message(id, conversationId, seq, sender.map(Account::id),
                  sender.map(Account::displayName).orElse("Parley"), clientId, kind, text, Instant.ofEpochMilli(now)));
        });
  }

  private Future<Optional<Message>> existing(String senderId, String conversationId, String clientId) {
    return db.pool().withConnection(c -> existing(c, senderId, conversationId, clientId));
  }

  private Future<Optional<Message>> existing(SqlConnection c, String senderId, String conversationId, String clientId) {
    return db.query(c, "SELECT " + Message.COLUMNS + " FROM messages m LEFT JOIN accounts a ON a.id = m.sender_id "
        + "WHERE m.conversation_id = ? AND m.sender_id = ? AND m.client_id = ?", conversationId, senderId, clientId)
        .map(rows -> messages(rows).stream().findFirst());
  }

  /** Creates a group owned by the creator with the given members. */
  public Future<Conversation> createGroup(Account creator, String title, List<String> memberIds) {
    String clean;
    try {
      clean = validTitle(title);
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    Set<String> others = new LinkedHashSet<>(memberIds);
    others.remove(creator.id());
    if (others.size() + 1 > MAX_MEMBERS) {
      return Future.failedFuture(PlatformException.invalid("/memberIds", "a group holds at most " + MAX_MEMBERS + " members"));
    }
    String id = ids.newId();
    long now = clock.millis();
    return existingAccounts(others, "/memberIds").compose(v -> db.pool().withTransaction(tx -> {
      Future<?> f = db.query(tx, "INSERT INTO conversations (id, kind, title, direct_key, created_by, last_seq, created_at, updated_at) "
          + "VALUES (?, 'group', ?, NULL, ?, 0, ?, ?)", id, clean, creator.id(), now, now)
          .compose(r -> addMemberRow(tx, id, creator.id(), "owner", now));
      for (String other : others) {
        f = f.compose(r -> addMemberRow(tx, id, other, "member", now));
      }
      return f.compose(r -> appendMessage(tx, id, Optional.empty(), Optional.empty(), "system",
          creator.displayName() + " created the group " + clean))
          .compose(m -> db.query(tx, "UPDATE conversation_members SET last_read_seq = ? WHERE conversation_id = ? AND account_id = ?",
              m.seq(), id, creator.id()));
    })).compose(m -> announce(id).compose(x -> load(creator.id(), id)));
  }

  /** The direct conversation between two people, created if it does not exist. */
  public Future<Opened> openDirect(Account caller, String otherId) {
    if (otherId == null || otherId.equals(caller.id())) {
      return Future.failedFuture(PlatformException.invalid("/memberId", "memberId must be another person's id"));
    }
    String key = caller.id().compareTo(otherId) < 0 ? caller.id() + ":" + otherId : otherId + ":" + caller.id();
    long now = clock.millis();
    return existingAccounts(Set.of(otherId), "/memberId")
        .compose(v -> db.query("SELECT id FROM conversations WHERE direct_key = ?", key))
        .compose(rows -> {
          if (rows.iterator().hasNext()) {
            return load(caller.id(), rows.iterator().next().getString("id")).map(c -> new Opened(c, false));
          }
          String id = ids.newId();
          return db.pool().withTransaction(tx -> db.query(tx,
                  "INSERT INTO conversations (id, kind, title, direct_key, created_by, last_seq, created_at, updated_at) "
                      + "VALUES (?, 'direct', NULL, ?, ?, 0, ?, ?)", id, key, caller.id(), now, now)
                  .compose(r -> addMemberRow(tx, id, caller.id(), "member", now))
                  .compose(r -> addMemberRow(tx, id, otherId, "member", now)))
              .recover(failure -> Database.isUniqueViolation(failure) ? Future.succeededFuture() : Future.failedFuture(failure))
              .compose(r -> db.query("SELECT id FROM conversations WHERE direct_key = ?", key))
              .compose(again -> {
                String actual = again.iterator().next().getString("id");
                boolean created = actual.equals(id);
                Future<Void> told = created ? announce(actual) : Future.succeededFuture();
                return told.compose(x -> load(caller.id(), actual)).map(c -> new Opened(c, created));
              });
        });
  }

  /** A conversation and whether the call created it. */
  public record Opened(Conversation conversation, boolean created) {
  }

  public Future<Conversation> rename(Account caller, String conversationId, String title) {
    String clean;
    try {
      clean = validTitle(title);
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    return requireGroup(caller.id(), conversationId)
        .compose(v -> db.query("UPDATE conversations SET title = ? WHERE id = ?", clean, conversationId))
        .compose(v -> systemMessage(conversationId, caller.displayName() + " renamed the group to " + clean))
        .compose(v -> announce(conversationId))
        .compose(v -> load(caller.id(), conversationId));
  }

  public Future<Conversation> addMembers(Account caller, String conversationId, List<String> accountIds) {
    Set<String> wanted = new LinkedHashSet<>(accountIds);
    if (wanted.isEmpty()) {
      return Future.failedFuture(PlatformException.invalid("/accountIds", "accountIds must name at least one person"));
    }
    long now = clock.millis();
    return requireGroup(caller.id(), conversationId)
        .compose(v -> existingAccounts(wanted, "/accountIds"))
        .compose(v -> memberIds(conversationId))
        .compose(current -> {
          Set<String> fresh = new LinkedHashSet<>(wanted);
          fresh.removeAll(current);
          if (current.size() + fresh.size() > MAX_MEMBERS) {
            return Future.failedFuture(PlatformException.invalid("/accountIds", "a group holds at most " + MAX_MEMBERS + " members"));
          }
          if (fresh.isEmpty()) {
            return Future.succeededFuture();
          }
          return db.pool().withTransaction(tx -> {
            Future<?> f = Future.succeededFuture();
            for (String id : fresh) {
              f = f.compose(r -> addMemberRow(tx, conversationId, id, "member", now));
            }
            return f;
          }).recover(failure -> Database.isUniqueViolation(failure) ? Future.succeededFuture() : Future.failedFuture(failure))
              .compose(r -> names(fresh))
              .compose(names -> systemMessage(conversationId, caller.displayName() + " added " + String.join(", ", names)))
              .compose(r -> announce(conversationId));
        })
        .compose(v -> load(caller.id(), conversationId));
  }

  /** Removes a member; removing yourself is leaving. Only the owner removes others. */
  public Future<Void> removeMember(Account caller, String conversationId, String accountId) {
    if (!IdGenerator.isId(accountId)) {
      return Future.failedFuture(PlatformException.notFound("the member"));
    }
    boolean leaving = caller.id().equals(accountId);
    Future<Void> allowed = leaving ? requireMember(caller.id(), conversationId) : requireOwner(caller.id(), conversationId);
    return allowed
        .compose(v -> db.query("SELECT kind FROM conversations WHERE id = ?", conversationId))
        .compose(rows -> "direct".equals(rows.iterator().next().getString("kind"))
            ? Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT, "you cannot leave a direct conversation"))
            : Future.succeededFuture())
        .compose(v -> db.query("DELETE FROM conversation_members WHERE conversation_id = ? AND account_id = ?",
            conversationId, accountId))
        .compose(rows -> {
          if (rows.rowCount() == 0) {
            return Future.failedFuture(PlatformException.notFound("the member"));
          }
          return names(Set.of(accountId))
              .compose(n -> systemMessage(conversationId, leaving ? n.get(0) + " left"
                  : caller.displayName() + " removed " + n.get(0)))
              .compose(r -> promoteOwnerIfNone(conversationId))
              .compose(r -> {
                JsonObject removed = new JsonObject().put("type", "removed").put("conversationId", conversationId);
                vertx.eventBus().publish(Addresses.account(accountId), removed.encode(), headers(conversationId));
                return announce(conversationId);
              });
        });
  }

  /** Moves the caller's read marker forward to {@code seq} (never back, never past the last message). */
  public Future<Void> markRead(String accountId, String conversationId, long seq) {
    if (seq < 0) {
      return Future.failedFuture(PlatformException.invalid("/seq", "seq must not be negative"));
    }
    return requireMember(accountId, conversationId)
        .compose(v -> db.query("UPDATE conversation_members SET last_read_seq = "
            + "LEAST(?, (SELECT last_seq FROM conversations WHERE id = ?)) "
            + "WHERE conversation_id = ? AND account_id = ? AND last_read_seq < ?",
            seq, conversationId, conversationId, accountId, seq))
        .map(rows -> {
          if (rows.rowCount() > 0) {
            JsonObject event = new JsonObject().put("type", "read").put("conversationId", conversationId)
                .put("accountId", accountId).put("seq", seq);
            vertx.eventBus().publish(Addresses.conversation(conversationId), event.encode(), headers(conversationId));
          }
          return null;
        });
  }

  // ---- membership checks ----

  /** Succeeds when the account is a member; "not found" otherwise, so existence does not leak. */
  public Future<Void> requireMember(String accountId, String conversationId) {
    return memberIds(conversationId).compose(ids -> ids.contains(accountId)
        ? Future.succeededFuture()
        : Future.failedFuture(PlatformException.notFound("the conversation")));
  }

  private Future<Void> requireGroup(String accountId, String conversationId) {
    return requireMember(accountId, conversationId)
        .compose(v -> db.query("SELECT kind FROM conversations WHERE id = ?", conversationId))
        .compose(rows -> "group".equals(rows.iterator().next().getString("kind"))
            ? Future.succeededFuture()
            : Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT, "this is a direct conversation, not a group")));
  }

  private Future<Void> requireOwner(String accountId, String conversationId) {
    return requireMember(accountId, conversationId)
        .compose(v -> db.query("SELECT role FROM conversation_members WHERE conversation_id = ? AND account_id = ?",
            conversationId, accountId))
        .compose(rows -> rows.iterator().hasNext() && "owner".equals(rows.iterator().next().getString("role"))
            ? Future.succeededFuture()
            : Future.failedFuture(PlatformException.forbidden("only the group's owner can remove other members")));
  }

  private Future<Set<String>> memberIds(String conversationId) {
    if (!IdGenerator.isId(conversationId)) {
      return Future.succeededFuture(Set.of()); // names no conversation: nobody is a member
    }
    return Future.fromCompletionStage(members.get(conversationId), vertx.getOrCreateContext());
  }

  private Future<Set<String>> loadMemberIds(String conversationId) {
    return db.query("SELECT account_id FROM conversation_members WHERE conversation_id = ?", conversationId).map(rows -> {
      Set<String> out = new HashSet<>();
      rows.forEach(r -> out.add(r.getString("account_id")));
      return Set.copyOf(out);
    });
  }

  // ---- helpers ----

  private Future<RowSet<Row>> addMemberRow(SqlConnection tx, String conversationId, String accountId, String role, long now) {
    return db.query(tx, "INSERT INTO conversation_members (conversation_id, account_id, role, joined_at, last_read_seq) "
        + "VALUES (?, ?, ?, ?, 0)", conversationId, accountId, role, now);
  }

  private Future<Void> existingAccounts(Set<String> accountIds, String field) {
    if (accountIds.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Void> f = Future.succeededFuture();
    for (String id : accountIds) {
      if (!IdGenerator.isId(id)) {
        return Future.failedFuture(PlatformException.invalid(field, "no account has the id '" + id.replaceAll("\\p{Cntrl}", "?") + "'"));
      }
      f = f.compose(v -> db.query("SELECT 1 FROM accounts WHERE id = ?", id).compose(rows -> rows.iterator().hasNext()
          ? Future.succeededFuture()
          : Future.failedFuture(PlatformException.invalid(field, "no account has the id '" + id + "'"))));
    }
    return f;
  }

  private Future<List<String>> names(Set<String> accountIds) {
    Future<List<String>> f = Future.succeededFuture(new ArrayList<>());
    for (String id : accountIds) {
      f = f.compose(list -> db.query("SELECT display_name FROM accounts WHERE id = ?", id).map(rows -> {
        list.add(rows.iterator().hasNext() ? rows.iterator().next().getString("display_name") : "someone");
        return list;
      }));
    }
    return f;
  }

  private Future<Void> promoteOwnerIfNone(String conversationId) {
    return db.query("SELECT account_id, role FROM conversation_members WHERE conversation_id = ? ORDER BY joined_at, account_id",
        conversationId).compose(rows -> {
          boolean hasOwner = false;
          String first = null;
          for (Row r : rows) {
            hasOwner |= "owner".equals(r.getString("role"));
            first = first == null ? r.getString("account_id") : first;
          }
          if (hasOwner || first == null) {
            return Future.succeededFuture();
          }
          return db.query("UPDATE conversation_members SET role = 'owner' WHERE conversation_id = ? AND account_id = ?",
              conversationId, first).mapEmpty();
        });
  }

  private Future<Void> systemMessage(String conversationId, String text) {
    return sends.submit(conversationId, () -> db.pool().withTransaction(tx ->
            appendMessage(tx, conversationId, Optional.empty(), Optional.empty(), "system", text))
            .map(message -> {
              publishMessage(message); // inside the queue, like send(): events leave in seq order
              return message;
            }))
        .mapEmpty();
  }

  private void publishMessage(Message message) {
    tellCommitted(message);
    JsonObject event = new JsonObject().put("type", "message").put("message", message.toJson());
    vertx.eventBus().publish(Addresses.conversation(message.conversationId()), event.encode(),
        headers(message.conversationId()).addHeader(Addresses.HEADER_SEQ, Long.toString(message.seq())));
  }

  /**
   * Tells every node that the member list changed, and every member's sessions what the
   * conversation looks like now (each sees their own title and unread count).
   */
  private Future<Void> announce(String conversationId) {
    members.synchronous().invalidate(conversationId);
    vertx.eventBus().publish(Addresses.MEMBERS_CHANGED, conversationId);
    return loadMemberIds(conversationId).compose(ids -> {
      Future<Void> f = Future.succeededFuture();
      for (String id : ids) {
        f = f.compose(v -> load(id, conversationId).map(c -> {
          JsonObject event = new JsonObject().put("type", "conversation").put("conversation", c.toJson());
          vertx.eventBus().publish(Addresses.account(id), event.encode(), headers(conversationId));
          return null;
        }));
      }
      return f;
    });
  }

  private static DeliveryOptions headers(String conversationId) {
    return new DeliveryOptions().addHeader(Addresses.HEADER_CONVERSATION, conversationId);
  }

  private static String validTitle(String title) {
    String t = title == null ? "" : title.strip();
    if (t.isEmpty() || t.length() > 100 || t.chars().anyMatch(Character::isISOControl)) {
      throw PlatformException.invalid("/title", "title must be 1-100 printable characters");
    }
    return t;
  }

  private static List<Message> messages(RowSet<Row> rows) {
    List<Message> out = new ArrayList<>();
    rows.forEach(r -> out.add(Message.from(r)));
    return out;
  }
}
