package dev.parley.core.chat;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.accounts.Account;
import dev.parley.core.chat.Conversation.Kind;
import dev.parley.core.chat.ConversationRepository.Membership;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Conversations, members and messages. Every read and write checks membership; a conversation the
 * caller is not in is "not found", so its existence does not leak. Sends are idempotent per
 * (sender, client id) and numbered with a dense per-conversation sequence; every message and card
 * edit is written by the group commit of {@link MessageWriter}, and after its commit the event
 * goes to the event bus for live delivery.
 */
public final class ChatService {

  /** Largest group. */
  public static final int MAX_MEMBERS = 500;
  /** Longest message text, in characters. */
  public static final int MAX_TEXT = 4000;
  /** Longest text of a business's bot (the Business API, issue 21), in characters. */
  public static final int MAX_BOT_TEXT = 4096;
  /** Largest history page. */
  public static final int MAX_PAGE = 200;

  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Vertx vertx;
  private final Database db;
  private final ConversationRepository conversations = new ConversationRepository();
  private final MessageRepository messages = new MessageRepository();
  private final Clock clock;
  private final IdGenerator ids;
  private final AsyncLoadingCache<String, Set<String>> members;
  private final MessageWriter writer;
  private final List<MessageExtension> extensions = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile java.util.function.Consumer<Message> committed = m -> {};
  private final DeliveryMarks deliveryMarks;
  private volatile SendRules sendRules = SendRules.NONE;
  private final Ephemerals ephemerals;

  public ChatService(Vertx vertx, Database db, Clock clock, IdGenerator ids) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.deliveryMarks = new DeliveryMarks(vertx, db);
    this.ephemerals = new Ephemerals(vertx, db, this, clock, ids);
    this.members = Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterAccess(Duration.ofMinutes(10))
        .recordStats()
        .buildAsync(
            (conversationId, executor) -> loadMemberIds(conversationId).toCompletionStage().toCompletableFuture());
    vertx.eventBus().<String>consumer(Addresses.MEMBERS_CHANGED, msg -> members.synchronous().invalidate(msg.body()));
    this.writer = new MessageWriter(vertx.getOrCreateContext(), db, messages, clock, ids,
        new MessageWriter.Committed() {
          @Override
          public void created(Message message) {
            publishMessage(message);
          }

          @Override
          public void edited(Message message) {
            publishEdit(message);
          }
        });
  }

  /** Sets the rules on people's sends and on who may be brought into a conversation (safety: blocks, rate limits). */
  public void sendRules(SendRules rules) {
    this.sendRules = java.util.Objects.requireNonNull(rules, "rules");
  }

  /** Group commits of messages so far: transactions, and the writes they carried. */
  public record WriteStats(long batches, long writes) {
  }

  /** How many transactions wrote how many messages and card edits (group commit), for metrics. */
  public WriteStats writeStats() {
    MessageWriter.Stats stats = writer.stats();
    return new WriteStats(stats.batches(), stats.writes());
  }

  /** Ephemeral ("only visible to you") messages: rows apart from {@code messages}, see {@link Ephemerals}. */
  public Ephemerals ephemerals() {
    return ephemerals;
  }

  private volatile java.util.function.Consumer<JsonObject> typing = event -> {};

  /** Told of every "typing…" a live session sent (customer care forwards a customer's to the inbox). */
  public void onTyping(java.util.function.Consumer<JsonObject> listener) {
    this.typing = java.util.Objects.requireNonNull(listener, "listener");
  }

  void typed(JsonObject event) {
    try {
      typing.accept(event);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ChatService.class).warn("a typing listener failed", e);
    }
  }

  /** Where live sessions note the messages they sent (delivery ticks). */
  DeliveryMarks deliveryMarks() {
    return deliveryMarks;
  }

  /** The message writer, for tests that queue a batch on its context. */
  MessageWriter writer() {
    return writer;
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
      org.slf4j.LoggerFactory.getLogger(ChatService.class).warn("a committed-message listener failed id={}",
          message.id(), e);
    }
  }

  /** The member-list cache, for metrics. */
  public com.github.benmanes.caffeine.cache.Cache<String, Set<String>> memberCache() {
    return members.synchronous();
  }

  // ---- reading ----

  /** The caller's conversations, most recent activity first. */
  public Future<List<Conversation>> list(String viewerId) {
    return conversations.listFor(db.pool(), viewerId);
  }

  /** One conversation the caller is a member of. */
  public Future<Conversation> get(String viewerId, String conversationId) {
    return requireMember(viewerId, conversationId).compose(v -> load(viewerId, conversationId));
  }

  private Future<Conversation> load(String viewerId, String conversationId) {
    return conversations.find(db.pool(), viewerId, conversationId)
        .map(c -> c.orElseThrow(() -> PlatformException.notFound("the conversation")));
  }

  /** A page of history: newest first before {@code before}, or oldest first after {@code after}. */
  public Future<List<Message>> history(String viewerId, String conversationId, Optional<Long> before,
      Optional<Long> after, int limit) {
    int n = Math.max(1, Math.min(limit, MAX_PAGE));
    return requireMember(viewerId, conversationId).compose(v -> after.isPresent()
        ? messagesAfter(conversationId, after.get(), n)
        : messages.before(db.pool(), conversationId, before.orElse(Long.MAX_VALUE), n));
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
            ? messages.position(db.pool(), conversationId, messageId)
            : Future.failedFuture(PlatformException.notFound("the message")))
        .compose(position -> {
          if (position.isEmpty()) {
            return Future.failedFuture(PlatformException.notFound("the message"));
          }
          long target = position.get().seq();
          long last = position.get().lastSeq();
          // seq is dense, so the window is a range: half before the target, the rest after it.
          long from = Math.max(1, target - (n - 1) / 2);
          long to = Math.min(last, from + n - 1);
          from = Math.max(1, Math.min(from, to - n + 1));
          long first = from;
          long end = to;
          return messages.range(db.pool(), conversationId, first, end)
              .map(page -> new Around(page, target, first > 1, end < last));
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
    return messages.after(db.pool(), conversationId, seq, limit);
  }

  /** The ids of the conversations an account is in. */
  public Future<List<String>> conversationIds(String accountId) {
    return conversations.idsOf(db.pool(), accountId);
  }

  // ---- writing ----

  /** A message and whether this call created it (false: an earlier send with the same client id did). */
  public record Sent(Message message, boolean created) {
  }

  public Future<Sent> send(Account sender, String conversationId, String clientId, String text) {
    return send(sender, conversationId, clientId, text, new JsonObject());
  }

  /**
   * Renders pages of messages for a viewer (reactions, ...); set by {@link MessageActions}, plain
   * JSON until then.
   */
  public interface PageView {
    Future<io.vertx.core.json.JsonArray> view(String viewerId, List<Message> page);
  }

  private volatile PageView pageView = (viewer, page) -> {
    io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
    page.forEach(m -> out.add(m.toJson()));
    return Future.succeededFuture(out);
  };

  /** The messages as {@code viewerId} sees them: one query more for a whole page, not one per message. */
  public Future<io.vertx.core.json.JsonArray> view(String viewerId, List<Message> page) {
    return pageView.view(viewerId, page);
  }

  void pageView(PageView view) {
    this.pageView = java.util.Objects.requireNonNull(view, "view");
  }

  /** Adds a capability that contributes to messages as they are sent (see {@link MessageExtension}). */
  public void addExtension(MessageExtension extension) {
    extensions.add(extension);
  }

  /**
   * Sends a person's message from a send body ({@code POST .../messages} or a live {@code send}):
   * {@code clientId}, {@code text} (may be empty when an extension adds something), and the fields
   * of the registered extensions, each turned into extras by its extension.
   */
  public Future<Sent> send(Account sender, String conversationId, JsonObject body) {
    String clientId = body.getValue("clientId") instanceof String s ? s : null;
    Object textValue = body.getValue("text");
    if (textValue != null && !(textValue instanceof String)) {
      return Future.failedFuture(PlatformException.invalid("/text", "text must be a string"));
    }
    String text = textValue == null ? "" : (String) textValue;
    List<MessageExtension> asked = extensions.stream()
        .filter(e -> e.fields().stream().anyMatch(body::containsKey)).toList();
    if (asked.isEmpty()) {
      return send(sender, conversationId, clientId, textValue == null ? null : text);
    }
    return requireMember(sender.id(), conversationId).compose(v -> {
      Future<JsonObject> extras = Future.succeededFuture(new JsonObject());
      for (MessageExtension extension : asked) {
        extras = extras.compose(sum -> extension.extras(sender, conversationId, body).map(sum::mergeIn));
      }
      return extras;
    }).compose(extras -> {
      // An extension may make the text (a forward copies the original's): MessageExtension.TEXT.
      String finalText = extras.remove(MessageExtension.TEXT) instanceof String t ? t : text;
      return send(sender, conversationId, clientId, finalText, extras);
    });
  }

  /**
   * Sends a person's message with extras already checked by their capability (attachments, a
   * reply, ...; see {@link Message#extras()}). With extras the text may be empty (a photo without
   * a caption).
   */
  public Future<Sent> send(Account sender, String conversationId, String clientId, String text, JsonObject extras) {
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      return Future.failedFuture(
          PlatformException.invalid("/clientId", "clientId must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'"));
    }
    int max = Message.BOT.equals(extras.getString("senderKind")) ? MAX_BOT_TEXT : MAX_TEXT;
    if (text == null || (text.isBlank() && extras.isEmpty()) || text.length() > max) {
      return Future
          .failedFuture(PlatformException.invalid("/text", "text must be 1-" + max + " characters and not blank"));
    }
    if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
      return Future.failedFuture(
          PlatformException.invalid("/text", "text must not contain control characters other than newlines and tabs"));
    }
    // The writer commits sends in groups and publishes each event in seq order (MessageWriter).
    return requireMember(sender.id(), conversationId)
        .compose(v -> memberIds(conversationId))
        .compose(memberIds -> sendRules.beforeSend(sender, conversationId, memberIds))
        .compose(v -> writer.post(conversationId, Optional.of(sender),
            Optional.of(clientId), "text", text, Optional.empty(), Optional.empty(), extras));
  }

  /**
   * Posts a mini-app's card into a conversation, labelled with the app; {@code summary} is its
   * plain-text form (previews, notifications). Ordered with people's messages.
   */
  public Future<Message> postAppMessage(Message.AppLabel app, String conversationId, JsonObject card, String summary) {
    String text = summary.isBlank()
        ? app.name()
        : summary.length() > MAX_TEXT ? summary.substring(0, MAX_TEXT) : summary;
    return writer.post(conversationId, Optional.empty(), Optional.empty(), Message.CARD, text, Optional.of(app),
        Optional.of(card)).map(Sent::message);
  }

  /**
   * Replaces a card that {@code appId} posted in this conversation and tells every member's
   * sessions ({@code message_updated}). Fails with NOT_FOUND for any other message.
   */
  public Future<Message> updateAppMessage(String appId, String conversationId, String messageId, JsonObject card,
      String summary) {
    String text = summary.isBlank() ? "" : summary.length() > MAX_TEXT ? summary.substring(0, MAX_TEXT) : summary;
    return writer.edit(conversationId, messageId, appId, card, text);
  }

  private void publishEdit(Message message) {
    tellCommitted(message);
    JsonObject event = new JsonObject().put("type", "message_updated").put("message", message.toJson());
    vertx.eventBus().publish(Addresses.conversation(message.conversationId()), event.encode(),
        headers(message.conversationId()));
  }

  /** Who wrote each message ({@code person}, {@code bot}, {@code system}), by id: for search results (issue 21). */
  public Future<java.util.Map<String, String>> senderKinds(List<String> messageIds) {
    return messages.senderKinds(db.pool(), messageIds);
  }

  /** One message of a conversation, for those who may read it. */
  public Future<Message> message(String conversationId, String messageId) {
    return messages.find(db.pool(), conversationId, messageId)
        .map(m -> m.orElseThrow(() -> PlatformException.notFound("the message")));
  }

  /**
   * Says in the conversation that {@code by} added an app (a system message every member sees);
   * {@code extras.appInstalled} names both, so a client may word it in its own language.
   */
  public Future<Message> appInstalled(Account by, String conversationId, Message.AppLabel app) {
    JsonObject extras = new JsonObject().put("appInstalled", new JsonObject()
        .put("by", new JsonObject().put("id", by.id()).put("displayName", by.displayName()))
        .put("app", new JsonObject().put("id", app.id()).put("name", app.name())));
    return writer.post(conversationId, Optional.empty(), Optional.empty(), "system",
        by.displayName() + " added the app " + app.name(), Optional.empty(), Optional.empty(), extras)
        .map(Sent::message);
  }

  /** Who may install apps in a group: {@code members} (default) or {@code owner}. */
  public Future<String> appInstallPolicy(String conversationId) {
    return conversations.appInstallPolicy(db.pool(), conversationId).map(p -> p.orElse("members"));
  }

  /** Sets who may install apps in a group; only its owner may. */
  public Future<Conversation> setAppInstallPolicy(Account caller, String conversationId, String policy) {
    if (!"members".equals(policy) && !"owner".equals(policy)) {
      return Future.failedFuture(
          PlatformException.invalid("/appInstallPolicy", "appInstallPolicy must be \"members\" or \"owner\""));
    }
    return requireGroup(caller.id(), conversationId)
        .compose(v -> isOwner(caller.id(), conversationId))
        .compose(owner -> owner
            ? conversations.setAppInstallPolicy(db.pool(), conversationId, policy)
            : Future
                .<Void>failedFuture(PlatformException.forbidden("only the group's owner may decide who installs apps")))
        .compose(v -> get(caller.id(), conversationId));
  }

  /** Whether an account owns a conversation (groups have one owner; direct conversations none). */
  public Future<Boolean> isOwner(String accountId, String conversationId) {
    return conversations.role(db.pool(), conversationId, accountId)
        .map(role -> role.filter("owner"::equals).isPresent());
  }

  /**
   * A new group's first message, in the transaction that creates the group (so a group never
   * exists without it); the writer has not seen the conversation yet and loads its seq later.
   */
  private Future<Message> firstMessage(SqlConnection tx, String conversationId, String text) {
    long now = clock.millis();
    String id = ids.newId();
    return messages.nextSeq(tx, conversationId, now).compose(seq -> {
      Message message = new Message(id, conversationId, seq, Optional.empty(), "Parley", Optional.empty(), "system",
          text, Instant.ofEpochMilli(now));
      return messages.insert(tx, message).map(message);
    });
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
      return Future
          .failedFuture(PlatformException.invalid("/memberIds", "a group holds at most " + MAX_MEMBERS + " members"));
    }
    String id = ids.newId();
    long now = clock.millis();
    List<Membership> joining = new ArrayList<>();
    joining.add(new Membership(creator.id(), "owner"));
    others.forEach(other -> joining.add(new Membership(other, "member")));
    return existingAccounts(others, "/memberIds")
        .compose(v -> sendRules.beforeJoining(creator, others, "/memberIds"))
        .compose(v -> db.pool().withTransaction(tx -> conversations.insertGroup(tx, id, clean, creator.id(), now)
            .compose(r -> conversations.addMembers(tx, id, joining, now))
            .compose(r -> firstMessage(tx, id, creator.displayName() + " created the group " + clean))
            .compose(m -> conversations.setReadMarker(tx, id, creator.id(), m.seq()))))
        .compose(m -> announce(id).compose(x -> load(creator.id(), id)));
  }

  /** The direct conversation between two people, created if it does not exist. */
  public Future<Opened> openDirect(Account caller, String otherId) {
    if (otherId == null || otherId.equals(caller.id())) {
      return Future.failedFuture(PlatformException.invalid("/memberId", "memberId must be another person's id"));
    }
    String key = caller.id().compareTo(otherId) < 0 ? caller.id() + ":" + otherId : otherId + ":" + caller.id();
    long now = clock.millis();
    return existingAccounts(Set.of(otherId), "/memberId")
        .compose(v -> conversations.directId(db.pool(), key))
        .compose(found -> {
          if (found.isPresent()) {
            return load(caller.id(), found.get()).map(c -> new Opened(c, false));
          }
          String id = ids.newId();
          return sendRules.beforeJoining(caller, Set.of(otherId), "/memberId")
              .compose(allowed -> db.pool()
                  .withTransaction(tx -> conversations.insertDirect(tx, id, key, caller.id(), now)
                      .compose(r -> conversations.addMembers(tx, id,
                          List.of(new Membership(caller.id(), "member"), new Membership(otherId, "member")), now))))
              .recover(failure -> Database.isUniqueViolation(failure)
                  ? Future.succeededFuture()
                  : Future.failedFuture(failure))
              .compose(r -> conversations.directId(db.pool(), key))
              .compose(again -> {
                String actual = again.orElseThrow();
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
    return requireRight(caller.id(), conversationId, GroupRights.Right.RENAME)
        .compose(v -> conversations.setTitle(db.pool(), conversationId, clean))
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
    return requireRight(caller.id(), conversationId, GroupRights.Right.ADD_MEMBERS)
        .compose(v -> existingAccounts(wanted, "/accountIds"))
        .compose(v -> memberIds(conversationId))
        .compose(current -> {
          Set<String> fresh = new LinkedHashSet<>(wanted);
          fresh.removeAll(current);
          if (current.size() + fresh.size() > MAX_MEMBERS) {
            return Future.failedFuture(
                PlatformException.invalid("/accountIds", "a group holds at most " + MAX_MEMBERS + " members"));
          }
          if (fresh.isEmpty()) {
            return Future.succeededFuture();
          }
          List<Membership> joining = fresh.stream().map(id -> new Membership(id, "member")).toList();
          return sendRules.beforeJoining(caller, fresh, "/accountIds").compose(allowed -> db.pool()
              .withTransaction(tx -> conversations.addMembers(tx, conversationId, joining, now))
              .recover(failure -> Database.isUniqueViolation(failure)
                  ? Future.succeededFuture()
                  : Future.failedFuture(failure))
              .compose(r -> names(fresh))
              .compose(
                  names -> systemMessage(conversationId, caller.displayName() + " added " + String.join(", ", names)))
              .compose(r -> announce(conversationId)));
        })
        .compose(v -> load(caller.id(), conversationId));
  }

  /** Removes a member; removing yourself is leaving. The owner removes others, admins remove members. */
  public Future<Void> removeMember(Account caller, String conversationId, String accountId) {
    if (!IdGenerator.isId(accountId)) {
      return Future.failedFuture(PlatformException.notFound("the member"));
    }
    boolean leaving = caller.id().equals(accountId);
    Future<Void> allowed = leaving
        ? requireMember(caller.id(), conversationId)
        : requireRemover(caller.id(), conversationId, accountId);
    return allowed
        .compose(v -> conversations.kind(db.pool(), conversationId))
        .compose(kind -> kind.orElseThrow() == Kind.DIRECT
            ? Future.failedFuture(
                PlatformException.of(PlatformException.Reason.CONFLICT, "you cannot leave a direct conversation"))
            : Future.succeededFuture())
        .compose(v -> conversations.removeMember(db.pool(), conversationId, accountId))
        .compose(deleted -> {
          if (!deleted) {
            return Future.failedFuture(PlatformException.notFound("the member"));
          }
          return names(Set.of(accountId))
              .compose(n -> systemMessage(conversationId, leaving
                  ? n.get(0) + " left"
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
        .compose(v -> conversations.markRead(db.pool(), conversationId, accountId, seq))
        .map(moved -> {
          if (moved) {
            JsonObject event = new JsonObject().put("type", "read").put("conversationId", conversationId)
                .put("accountId", accountId).put("seq", seq);
            vertx.eventBus().publish(Addresses.conversation(conversationId), event.encode(), headers(conversationId));
            tellRead(event);
          }
          return null;
        });
  }

  private volatile java.util.function.Consumer<JsonObject> readListener = e -> {};

  /**
   * Told of every moved read marker ({@code conversationId}, {@code accountId}, {@code seq}): a
   * business hears that its messages were read (issue 21). Must not block; failures are logged.
   */
  public void onRead(java.util.function.Consumer<JsonObject> listener) {
    this.readListener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /**
   * Told of every moved delivery mark (a live session of the member received up to {@code seq}):
   * a business hears that its messages were delivered. Must not block; failures are logged.
   */
  public void onDelivered(java.util.function.Consumer<JsonObject> listener) {
    deliveryMarks.onDelivered(java.util.Objects.requireNonNull(listener, "listener"));
  }

  private void tellRead(JsonObject event) {
    try {
      readListener.accept(event.copy());
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ChatService.class).warn("a read listener failed", e);
    }
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
        .compose(v -> conversations.kind(db.pool(), conversationId))
        .compose(kind -> kind.orElseThrow() == Kind.GROUP
            ? Future.succeededFuture()
            : Future.failedFuture(
                PlatformException.of(PlatformException.Reason.CONFLICT, "this is a direct conversation, not a group")));
  }

  private Future<Set<String>> memberIds(String conversationId) {
    if (!IdGenerator.isId(conversationId)) {
      return Future.succeededFuture(Set.of()); // names no conversation: nobody is a member
    }
    return Future.fromCompletionStage(members.get(conversationId), vertx.getOrCreateContext());
  }

  private Future<Set<String>> loadMemberIds(String conversationId) {
    return conversations.memberIds(db.pool(), conversationId);
  }

  // ---- helpers ----

  /** Fails naming the first of {@code accountIds} that is not an account's id: one query for all of them. */
  private Future<Void> existingAccounts(Set<String> accountIds, String field) {
    if (accountIds.isEmpty()) {
      return Future.succeededFuture();
    }
    for (String id : accountIds) {
      if (!IdGenerator.isId(id)) {
        return Future.failedFuture(
            PlatformException.invalid(field, "no account has the id '" + id.replaceAll("\\p{Cntrl}", "?") + "'"));
      }
    }
    return conversations.displayNames(db.pool(), accountIds).compose(found -> accountIds.stream()
        .filter(id -> !found.containsKey(id)).findFirst()
        .map(id -> Future.<Void>failedFuture(PlatformException.invalid(field, "no account has the id '" + id + "'")))
        .orElse(Future.succeededFuture()));
  }

  /** The display names of the accounts, in their order ("someone" for one that is gone): one query. */
  private Future<List<String>> names(Set<String> accountIds) {
    return conversations.displayNames(db.pool(), accountIds)
        .map(found -> accountIds.stream().map(id -> found.getOrDefault(id, "someone")).toList());
  }

  private Future<Void> promoteOwnerIfNone(String conversationId) {
    return conversations.membersByJoining(db.pool(), conversationId).compose(members -> {
      boolean hasOwner = members.stream().anyMatch(m -> "owner".equals(m.role()));
      if (hasOwner || members.isEmpty()) {
        return Future.succeededFuture();
      }
      return conversations.setRole(db.pool(), conversationId, members.get(0).accountId(), "owner");
    });
  }

  /** A line of the platform in a conversation (no sender; {@code senderKind} system), e.g. "this is a bot". */
  public Future<Message> postSystemMessage(String conversationId, String text) {
    return writer.post(conversationId, Optional.empty(), Optional.empty(), "system", text, Optional.empty(),
        Optional.empty()).map(Sent::message);
  }

  /** A platform line with extras (a customer-care rating request, issue 22); no sender, {@code senderKind} system. */
  public Future<Message> postSystemMessage(String conversationId, String text, JsonObject extras) {
    return writer.post(conversationId, Optional.empty(), Optional.empty(), "system", text, Optional.empty(),
        Optional.empty(), extras).map(Sent::message);
  }

  /**
   * A person's text written into a conversation they are no member of: a business's agent answering
   * its customer (issue 22). The caller checked the right to (customer care); ordered with every
   * other message by the same writer, and idempotent by {@code clientId}.
   */
  public Future<Sent> postOnBehalf(Account sender, String conversationId, String clientId, String text,
      JsonObject extras) {
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      return Future.failedFuture(
          PlatformException.invalid("/clientId", "clientId must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'"));
    }
    if (text == null || text.isBlank() || text.length() > MAX_TEXT
        || text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
      return Future.failedFuture(PlatformException.invalid("/text",
          "text must be 1-" + MAX_TEXT + " characters, not blank, without control characters"));
    }
    return writer.post(conversationId, Optional.of(sender), Optional.of(clientId), "text", text, Optional.empty(),
        Optional.empty(), extras);
  }

  private Future<Void> systemMessage(String conversationId, String text) {
    return writer.post(conversationId, Optional.empty(), Optional.empty(), "system", text, Optional.empty(),
        Optional.empty()).mapEmpty();
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
    // Every member's view at once: three queries, not three per member.
    return conversations.viewsOfMembers(db.pool(), conversationId).map(views -> {
      for (Conversation c : views) {
        JsonObject event = new JsonObject().put("type", "conversation").put("conversation", c.toJson());
        vertx.eventBus().publish(Addresses.account(c.viewerId()), event.encode(), headers(conversationId));
      }
      return null;
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

  // ---- groups: roles, rights, description, joins, a member's archive and pin (issue 17) ----

  /** Owner or admin of a group. */
  public Future<Boolean> isAdmin(String accountId, String conversationId) {
    return conversations.role(db.pool(), conversationId, accountId)
        .map(role -> role.filter(r -> "owner".equals(r) || "admin".equals(r)).isPresent());
  }

  /**
   * Succeeds when the member may use the right: in a direct conversation anyone may; in a group
   * its owner and admins always, members when the group's rights give it to members. Non-members
   * get "not found"; members without the right a {@code group-right} problem naming it.
   */
  public Future<Void> requireRight(String accountId, String conversationId, GroupRights.Right right) {
    return requireMember(accountId, conversationId)
        .compose(v -> conversations.find(db.pool(), accountId, conversationId))
        .compose(found -> {
          Conversation c = found.orElseThrow(() -> PlatformException.notFound("the conversation"));
          if (right != GroupRights.Right.PIN && c.kind() != Kind.GROUP) {
            return Future.failedFuture(
                PlatformException.of(PlatformException.Reason.CONFLICT, "this is a direct conversation, not a group"));
          }
          if (c.kind() == Kind.DIRECT || GroupRights.MEMBERS.equals(c.everyday().rights().of(right,
              c.appInstallPolicy()))) {
            return Future.succeededFuture();
          }
          return isAdmin(accountId, conversationId).compose(admin -> admin
              ? Future.<Void>succeededFuture()
              : Future.failedFuture(PlatformException.groupRight(right.key(),
                  "in this group only its owner and admins may " + right.what())));
        });
  }

  /** The owner removes anyone; an admin removes members (not the owner, not other admins). */
  private Future<Void> requireRemover(String callerId, String conversationId, String accountId) {
    return requireMember(callerId, conversationId)
        .compose(v -> Future.all(conversations.role(db.pool(), conversationId, callerId),
            conversations.role(db.pool(), conversationId, accountId)))
        .compose(roles -> {
          String mine = roles.<Optional<String>>resultAt(0).orElse("");
          String theirs = roles.<Optional<String>>resultAt(1).orElse("member");
          boolean allowed = "owner".equals(mine) || ("admin".equals(mine) && "member".equals(theirs));
          return allowed
              ? Future.<Void>succeededFuture()
              : Future.failedFuture(PlatformException.forbidden(
                  "only the group's owner, or an admin for plain members, can remove other members"));
        });
  }

  /** Makes a member an admin ({@code admin}) or a plain member again ({@code member}); the owner only. */
  public Future<Conversation> setRole(Account caller, String conversationId, String accountId, String role) {
    if (!"admin".equals(role) && !"member".equals(role)) {
      return Future.failedFuture(PlatformException.invalid("/role", "role must be \"admin\" or \"member\""));
    }
    return requireGroup(caller.id(), conversationId)
        .compose(v -> isOwner(caller.id(), conversationId))
        .compose(owner -> owner
            ? conversations.role(db.pool(), conversationId, accountId)
            : Future.failedFuture(PlatformException.forbidden("only the group's owner makes or unmakes admins")))
        .compose(current -> {
          if (current.isEmpty()) {
            return Future.failedFuture(PlatformException.notFound("the member"));
          }
          if ("owner".equals(current.get())) {
            return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
                "the owner's role cannot change"));
          }
          if (current.get().equals(role)) {
            return Future.succeededFuture(); // already so: nothing to say
          }
          return conversations.setRole(db.pool(), conversationId, accountId, role)
              .compose(r -> names(Set.of(accountId)))
              .compose(n -> systemMessage(conversationId, "admin".equals(role)
                  ? caller.displayName() + " made " + n.get(0) + " an admin"
                  : caller.displayName() + " removed " + n.get(0) + " as admin"))
              .compose(r -> announce(conversationId));
        })
        .compose(v -> load(caller.id(), conversationId));
  }

  /** Sets a group's description (up to 500 characters; empty clears it); who may rename may. */
  public Future<Conversation> describe(Account caller, String conversationId, String description) {
    String clean = description == null ? "" : description.strip();
    if (clean.length() > 500
        || clean.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      return Future.failedFuture(PlatformException.invalid("/description",
          "description must be at most 500 characters without control characters other than newlines"));
    }
    return requireRight(caller.id(), conversationId, GroupRights.Right.RENAME)
        .compose(v -> conversations.setDescription(db.pool(), conversationId, clean.isEmpty() ? null : clean))
        .compose(v -> systemMessage(conversationId, caller.displayName() + " changed the group's description"))
        .compose(v -> announce(conversationId))
        .compose(v -> load(caller.id(), conversationId));
  }

  /** Changes who may do what in a group ({@code rights} body object); the owner and admins only. */
  public Future<Conversation> setRights(Account caller, String conversationId, JsonObject changes) {
    return requireGroup(caller.id(), conversationId)
        .compose(v -> isAdmin(caller.id(), conversationId))
        .compose(admin -> admin
            ? load(caller.id(), conversationId)
            : Future.failedFuture(PlatformException.forbidden("only the group's owner and admins change its rights")))
        .compose(c -> {
          GroupRights next = c.everyday().rights().with(changes);
          Future<Void> policy = Future.succeededFuture();
          if (changes.containsKey("installApps")) {
            String value = GroupRights.ADMINS.equals(changes.getValue("installApps")) ? "owner" : "members";
            policy = conversations.setAppInstallPolicy(db.pool(), conversationId, value);
          }
          return policy.compose(v -> conversations.setRights(db.pool(), conversationId, next.encode()));
        })
        .compose(v -> announce(conversationId))
        .compose(v -> load(caller.id(), conversationId));
  }

  /**
   * Adds the account to the group through an invite link, in {@code tx} (which also counts the
   * link's use); false when it is a member already.
   */
  Future<Boolean> joinInTransaction(SqlConnection tx, String conversationId, String accountId) {
    return conversations.role(tx, conversationId, accountId).compose(role -> role.isPresent()
        ? Future.succeededFuture(false)
        : conversations.addMembers(tx, conversationId, List.of(new Membership(accountId, "member")), clock.millis())
            .map(true));
  }

  /** After a join by invite link: the system message and every member's new view. */
  Future<Void> joinedByLink(Account joiner, String conversationId) {
    return systemMessage(conversationId, joiner.displayName() + " joined via an invite link")
        .compose(v -> announce(conversationId));
  }

  /** Tells one member's sessions how the conversation looks to them now (after their archive or pin). */
  Future<Conversation> tell(String accountId, String conversationId) {
    return load(accountId, conversationId).onSuccess(c -> {
      JsonObject event = new JsonObject().put("type", "conversation").put("conversation", c.toJson());
      vertx.eventBus().publish(Addresses.account(accountId), event.encode(), headers(conversationId));
    });
  }

  /** A group's title and description, for an invite link's join page (no membership needed: the link is). */
  Future<JsonObject> groupFace(String conversationId) {
    return conversations.face(db.pool(), conversationId)
        .map(f -> f.orElseThrow(() -> PlatformException.notFound("the conversation")));
  }

  /** A system message into a conversation, for the capabilities of this package. */
  Future<Void> systemNote(String conversationId, String text) {
    return systemMessage(conversationId, text);
  }
}
