package dev.parley.core.safety;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.AccountService;
import dev.parley.core.accounts.Actor;
import dev.parley.core.audit.AuditLog;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.MessageActions;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What a moderator (an admin) does, each with a reason and each in the audit log: warn a person
 * (a notice from Parley's own account in their direct conversation with it), remove a message for
 * everyone (the tombstone of a delete, live for every member), suspend an account (it cannot sign
 * in; every session ends at once, live sockets close, API tokens are refused) and restore it, and
 * close a report as resolved or dismissed. A change and its audit entry share a transaction where
 * the change is a row of ours.
 */
public final class Moderation {

  /** Longest reason, in characters. */
  public static final int MAX_REASON = 1000;

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final AccountService accounts;
  private final ChatService chat;
  private final MessageActions messages;
  private final AuditLog audit;
  private final ReportRepository repository = new ReportRepository();

  public Moderation(Database db, Clock clock, IdGenerator ids, AccountService accounts, ChatService chat,
      MessageActions messages, AuditLog audit) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.accounts = accounts;
    this.chat = chat;
    this.messages = messages;
    this.audit = audit;
  }

  /** Sends the person a warning from Parley's account, with the moderator's words. */
  public Future<JsonObject> warn(Actor actor, String accountId, String reason) {
    String why = reason(reason);
    return target(actor, accountId).compose(account -> accounts.systemAccount()
        .compose(system -> chat.openDirect(system, account.id())
            .compose(opened -> chat.send(system, opened.conversation().id(), "warn-" + ids.newId(),
                "A message from Parley's moderators: " + why))
            .map(sent -> sent.message().conversationId()))
        .compose(conversationId -> audit.append(actor, AuditLog.Event.of("account.warned", "account", account.id())
            .reason(why).detail("username", account.username()).detail("conversationId", conversationId))
            .map(e -> new JsonObject().put("accountId", account.id()).put("conversationId", conversationId))));
  }

  /** Suspends an account: its sessions end everywhere at once. Suspending twice is suspending once. */
  public Future<JsonObject> suspend(Actor actor, String accountId, String reason) {
    String why = reason(reason);
    long now = clock.millis();
    return target(actor, accountId).compose(account -> db.pool().withTransaction(tx -> repository
        .suspend(tx, account.id(), now)
        .compose(changed -> changed
            ? audit.append(tx, actor, AuditLog.Event.of("account.suspended", "account", account.id()).reason(why)
                .detail("username", account.username())).map(true)
            : Future.succeededFuture(false)))
        .compose(changed -> accounts.endAllSessions(account.id()))
        .map(v -> account.publicJson().put("suspended", true)));
  }

  /** Lifts a suspension: the person may sign in again. */
  public Future<JsonObject> restore(Actor actor, String accountId, String reason) {
    String why = reason(reason);
    return target(actor, accountId).compose(account -> db.pool().withTransaction(tx -> repository
        .restore(tx, account.id())
        .compose(changed -> changed
            ? audit.append(tx, actor, AuditLog.Event.of("account.restored", "account", account.id()).reason(why)
                .detail("username", account.username())).mapEmpty()
            : Future.succeededFuture()))
        .map(v -> account.publicJson().put("suspended", false)));
  }

  /** Suspended accounts, most recent first. */
  public Future<List<JsonObject>> suspended() {
    return repository.suspended(db.pool(), 200);
  }

  /** Removes a message for everyone, whoever sent it; answers {@code {conversationId, messageId, senderId}}. */
  public Future<JsonObject> removeMessage(Actor actor, String conversationId, String messageId, String reason,
      Optional<String> reportId) {
    String why = reason(reason);
    if (!IdGenerator.isId(conversationId) || !IdGenerator.isId(messageId)) {
      return Future.failedFuture(PlatformException.notFound("the message"));
    }
    return messages.removeForEveryone(conversationId, messageId).compose(m -> {
      AuditLog.Event event = AuditLog.Event.of("message.removed", "message", messageId).reason(why)
          .detail("conversationId", conversationId).detail("senderId", m.senderId().orElse(null));
      if (reportId.isPresent()) {
        event = event.detail("reportId", reportId.get());
      }
      return audit.append(actor, event).map(e -> new JsonObject().put("conversationId", conversationId)
          .put("messageId", messageId).put("senderId", m.senderId().orElse(null)));
    });
  }

  /** Closes an open report as {@code resolved} or {@code dismissed}; answers the report. */
  public Future<JsonObject> close(Actor actor, String reportId, String status, Optional<String> note) {
    Optional<String> clean = note.map(Moderation::noteText);
    if (!IdGenerator.isId(reportId)) {
      return Future.failedFuture(PlatformException.notFound("the report"));
    }
    String by = actor.accountId().orElseThrow();
    return db.pool().withTransaction(tx -> repository.close(tx, reportId, status, by, clock.millis(), clean)
        .compose(closed -> closed
            ? audit.append(tx, actor, AuditLog.Event.of("report." + status, "report", reportId)
                .reason(clean.orElse(null))).mapEmpty()
            : repository.find(tx, reportId).compose(found -> Future.failedFuture(found.isPresent()
                ? PlatformException.of(PlatformException.Reason.CONFLICT, "the report is " + found.get()
                    .getString("status") + " already")
                : PlatformException.notFound("the report")))))
        .compose(v -> repository.find(db.pool(), reportId))
        .map(found -> found.orElseThrow(() -> PlatformException.notFound("the report")));
  }

  /** An account a moderator may act on: not themselves, not the platform's own. */
  private Future<Account> target(Actor actor, String accountId) {
    if (actor.accountId().filter(accountId::equals).isPresent()) {
      return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
          "moderators do not act on their own account"));
    }
    return accounts.find(accountId).compose(account -> AccountService.SYSTEM_USERNAME.equals(account.username())
        ? Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
            "Parley's own account is not moderated"))
        : Future.succeededFuture(account));
  }

  private static String reason(String reason) {
    String t = reason == null ? "" : reason.strip();
    if (t.isEmpty() || t.length() > MAX_REASON || t.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
      throw PlatformException.invalid("/reason", "reason is required: 1-" + MAX_REASON + " printable characters");
    }
    return t;
  }

  private static String noteText(String note) {
    String t = note.strip();
    if (t.length() > MAX_REASON || t.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
      throw PlatformException.invalid("/note", "note must be at most " + MAX_REASON + " printable characters");
    }
    return t;
  }
}
