package dev.parley.core.safety;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.AccountService;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Message;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.ratelimit.RateLimits;
import io.github.bucket4j.BucketConfiguration;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reports of a person, or of some of their messages, by someone who saw them. The reported
 * messages are copied into the report as they are at that moment ({@link Message#toJson()}: text,
 * card, extras with the attachments' metadata and ids), so deleting them later does not destroy the
 * evidence. Only a member of the conversation can report its messages. A report names its subject:
 * the sender of the messages, or the person reported. Ten reports a minute per reporter.
 */
public final class Reports {

  /** The reasons a report may give. */
  public static final List<String> REASONS = List.of("spam", "harassment", "hate", "violence", "sexual",
      "impersonation", "scam", "other");
  /** Most messages one report copies. */
  public static final int MAX_MESSAGES = 20;
  /** Longest free text of a report, in characters. */
  public static final int MAX_DETAILS = 1000;

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final ChatService chat;
  private final AccountService accounts;
  private final ReportRepository repository = new ReportRepository();
  private static final BucketConfiguration BUDGET = BucketConfiguration.builder()
      .addLimit(l -> l.capacity(10).refillGreedy(10, Duration.ofMinutes(1))).build();
  private final RateLimits.Buckets budgets;

  public Reports(Database db, Clock clock, IdGenerator ids, ChatService chat, AccountService accounts) {
    this(db, clock, ids, chat, accounts, RateLimits.local());
  }

  public Reports(Database db, Clock clock, IdGenerator ids, ChatService chat, AccountService accounts,
      RateLimits rateLimits) {
    this.budgets = rateLimits.buckets("reports", Caffeine.newBuilder().maximumSize(100_000)
        .expireAfterAccess(Duration.ofMinutes(2)), null);
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.chat = chat;
    this.accounts = accounts;
  }

  /**
   * Files a report from a request body {@code {reason, details?, accountId?, conversationId?,
   * messageIds?}}; answers it as the reporter may see it ({@code {id, status, reason, createdAt}}).
   */
  public Future<JsonObject> report(Account reporter, JsonObject body) {
    String reason;
    Optional<String> details;
    Optional<String> accountId;
    Optional<String> conversationId;
    List<String> messageIds;
    try {
      reason = text(body, "reason", 16).orElseThrow(
          () -> PlatformException.invalid("/reason", "reason is required: one of " + String.join(", ", REASONS)));
      if (!REASONS.contains(reason)) {
        throw PlatformException.invalid("/reason", "reason must be one of " + String.join(", ", REASONS));
      }
      details = text(body, "details", MAX_DETAILS);
      if ("other".equals(reason) && details.isEmpty()) {
        throw PlatformException.invalid("/details", "say what is wrong in details when the reason is 'other'");
      }
      accountId = text(body, "accountId", 32);
      conversationId = text(body, "conversationId", 32);
      messageIds = messageIds(body);
      if (!messageIds.isEmpty() && conversationId.isEmpty()) {
        throw PlatformException.invalid("/conversationId", "conversationId is required with messageIds");
      }
      if (messageIds.isEmpty() && accountId.isEmpty()) {
        throw PlatformException.invalid("/accountId", "name the person (accountId) or the messages (messageIds)");
      }
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    Future<Evidence> evidence = takeBudget(reporter.id()).compose(v -> messageIds.isEmpty()
        ? person(reporter, accountId.orElseThrow(), conversationId)
        : messages(reporter, conversationId.orElseThrow(), messageIds, accountId));
    String id = ids.newId();
    long now = clock.millis();
    return evidence.compose(e -> repository.insert(db.pool(), id, reporter.id(), e.subjectId(), conversationId,
        reason, details, e.messages(), now).map(
            v -> new JsonObject().put("id", id).put("status", "open")
                .put("reason", reason).put("createdAt", java.time.Instant.ofEpochMilli(now).toString())));
  }

  /** Who is reported and the copies of the messages. */
  private record Evidence(String subjectId, JsonArray messages) {
  }

  private Future<Evidence> person(Account reporter, String accountId, Optional<String> conversationId) {
    if (accountId.equals(reporter.id())) {
      return Future.failedFuture(PlatformException.invalid("/accountId", "you cannot report yourself"));
    }
    Future<Void> member = conversationId.isEmpty()
        ? Future.succeededFuture()
        : chat.requireMember(reporter.id(), conversationId.get());
    return member.compose(v -> accounts.find(accountId))
        .recover(failure -> failure instanceof PlatformException pe
            && pe.reason() == PlatformException.Reason.NOT_FOUND && conversationId.isEmpty()
                ? Future.failedFuture(PlatformException.invalid("/accountId", "no account has this id"))
                : Future.failedFuture(failure))
        .map(account -> new Evidence(account.id(), new JsonArray()));
  }

  private Future<Evidence> messages(Account reporter, String conversationId, List<String> messageIds,
      Optional<String> accountId) {
    return chat.requireMember(reporter.id(), conversationId).compose(v -> {
      List<Future<Message>> found = new ArrayList<>();
      for (String id : messageIds) {
        found.add(IdGenerator.isId(id)
            ? chat.message(conversationId, id)
            : Future.failedFuture(PlatformException.notFound("the message")));
      }
      return Future.all(found).recover(failure -> Future.failedFuture(
          failure instanceof PlatformException pe && pe.reason() == PlatformException.Reason.NOT_FOUND
              ? PlatformException.invalid("/messageIds", "every message must be one of this conversation")
              : failure));
    }).compose(all -> {
      List<Message> list = all.<Message>list().stream()
          .sorted(java.util.Comparator.comparingLong(Message::seq)).toList();
      Set<String> senders = new LinkedHashSet<>();
      JsonArray copies = new JsonArray();
      for (Message m : list) {
        if (m.deleted()) {
          return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
              "a reported message was deleted already; report the person instead"));
        }
        if (m.senderId().isEmpty()) {
          return Future.failedFuture(PlatformException.invalid("/messageIds",
              "only people's messages can be reported, not the platform's or an app's"));
        }
        senders.add(m.senderId().get());
        copies.add(m.toJson());
      }
      if (senders.size() != 1) {
        return Future.failedFuture(PlatformException.invalid("/messageIds",
            "the messages of one report must all be from one person"));
      }
      String subject = senders.iterator().next();
      if (subject.equals(reporter.id())) {
        return Future.failedFuture(PlatformException.invalid("/messageIds", "you cannot report your own messages"));
      }
      if (accountId.isPresent() && !accountId.get().equals(subject)) {
        return Future.failedFuture(PlatformException.invalid("/accountId",
            "accountId must be the sender of the messages"));
      }
      return Future.succeededFuture(new Evidence(subject, copies));
    });
  }

  /** Reports of a status ({@code open}, {@code resolved}, {@code dismissed}), oldest first. */
  public Future<List<JsonObject>> queue(String status, int limit) {
    if (!List.of("open", "resolved", "dismissed").contains(status)) {
      return Future.failedFuture(PlatformException.invalid("status", "status must be open, resolved or dismissed"));
    }
    return repository.queue(db.pool(), status, Math.max(1, Math.min(limit, 200)));
  }

  private Future<Void> takeBudget(String reporterId) {
    return RateLimits.take(budgets.get(reporterId, () -> BUDGET),
        "at most 10 reports a minute; try again in {seconds} s");
  }

  private static Optional<String> text(JsonObject body, String name, int max) {
    Object value = body.getValue(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String s)) {
      throw PlatformException.invalid("/" + name, name + " must be a string");
    }
    String t = s.strip();
    if (t.length() > max) {
      throw PlatformException.invalid("/" + name, name + " must be at most " + max + " characters");
    }
    if (t.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      throw PlatformException.invalid("/" + name, name + " must not contain control characters");
    }
    return t.isEmpty() ? Optional.empty() : Optional.of(t);
  }

  private static List<String> messageIds(JsonObject body) {
    Object value = body.getValue("messageIds");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_MESSAGES) {
      throw PlatformException.invalid("/messageIds",
          "messageIds must be a list of 1-" + MAX_MESSAGES + " message ids");
    }
    Set<String> out = new LinkedHashSet<>();
    for (Object o : array) {
      if (!(o instanceof String s)) {
        throw PlatformException.invalid("/messageIds", "messageIds must be strings");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }
}
