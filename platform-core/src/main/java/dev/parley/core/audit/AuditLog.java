package dev.parley.core.audit;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Actor;
import dev.parley.core.accounts.Role;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The append-only audit log: every state change of the registry, every role grant and every
 * refusal. It offers no update or delete; entries written inside a transaction commit or roll
 * back with the change they describe.
 */
public final class AuditLog {

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;

  public AuditLog(Database db, Clock clock, IdGenerator ids) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
  }

  /** What to append; the log adds the id and the time. */
  public record Event(String action, String targetType, String targetId, Optional<String> appId,
      Optional<String> reason, JsonObject detail) {

    public static Event of(String action, String targetType, String targetId) {
      return new Event(action, targetType, targetId, Optional.empty(), Optional.empty(), new JsonObject());
    }

    public Event app(String appId) {
      return new Event(action, targetType, targetId, Optional.of(appId), reason, detail);
    }

    public Event reason(String why) {
      return new Event(action, targetType, targetId, appId, Optional.ofNullable(why).filter(s -> !s.isBlank()), detail);
    }

    public Event detail(String key, Object value) {
      JsonObject copy = detail.copy().put(key, value);
      return new Event(action, targetType, targetId, appId, reason, copy);
    }
  }

  /**
   * Appends a role grant or revocation of {@code account} ({@code action} {@code role.granted} or
   * {@code role.revoked}), naming the role and the account's username: the accounts API's
   * {@link dev.parley.core.accounts.RoleAudit}.
   */
  public Future<Void> roleChanged(Actor actor, String action, Account account, Role role) {
    return append(actor, Event.of(action, "account", account.id()).detail("role", role.key())
        .detail("username", account.username())).mapEmpty();
  }

  /** Appends an entry on its own. */
  public Future<AuditEntry> append(Actor actor, Event event) {
    return append(db.pool(), actor, event);
  }

  /** Appends an entry inside the caller's transaction. */
  public Future<AuditEntry> append(SqlClient tx, Actor actor, Event event) {
    AuditEntry entry = new AuditEntry(ids.newId(), Instant.ofEpochMilli(clock.millis()), actor.accountId(),
        actor.account().map(a -> a.username()), event.action(), event.targetType(), event.targetId(), event.appId(),
        event.reason().map(r -> truncate(r, 2000)), event.detail(), actor.address().map(a -> truncate(a, 64)));
    return AuditRepository.insert(tx, entry, truncate(entry.targetId(), 128)).map(entry);
  }

  /** A page of entries, newest first, and the cursor of the next page. */
  public record Page(List<AuditEntry> entries, Optional<String> nextBefore) {
    public Page {
      entries = List.copyOf(entries);
    }
  }

  public Future<Page> read(AuditFilter filter) {
    Optional<Cursor> before = filter.before().map(Cursor::parse);
    return AuditRepository.read(db.pool(), filter, before, filter.limit() + 1).map(found -> {
      List<AuditEntry> out = found;
      Optional<String> next = Optional.empty();
      if (out.size() > filter.limit()) {
        out = out.subList(0, filter.limit());
        AuditEntry last = out.get(out.size() - 1);
        next = Optional.of(last.at().toEpochMilli() + "." + last.id());
      }
      return new Page(out, next);
    });
  }

  /** Where a page ends: the time and id of its last entry. */
  record Cursor(long at, String id) {
    static Cursor parse(String text) {
      int dot = text.indexOf('.');
      try {
        if (dot > 0 && IdGenerator.isId(text.substring(dot + 1))) {
          return new Cursor(Long.parseLong(text.substring(0, dot)), text.substring(dot + 1));
        }
      } catch (NumberFormatException e) {
        // falls through to the refusal
      }
      throw PlatformException.invalid("/before", "before must be the nextBefore of a previous page");
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
