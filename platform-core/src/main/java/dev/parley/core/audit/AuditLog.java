package dev.parley.core.audit;

import dev.parley.core.IdGenerator;
import dev.parley.core.PlatformException;
import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Role;
import dev.parley.core.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The append-only audit log: every state change of the registry, every role grant and every
 * refusal. It offers no update or delete; entries written inside a transaction commit or roll
 * back with the change they describe.
 */
public final class AuditLog {

  private static final String COLUMNS = "id, at, actor_id, actor_name, action, target_type, target_id, app_id, reason, detail, address";

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
    return db.query(tx, "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        entry.id(), entry.at().toEpochMilli(), entry.actorId().orElse(null), entry.actorName().orElse(null),
        entry.action(), entry.targetType(), truncate(entry.targetId(), 128), entry.appId().orElse(null),
        entry.reason().orElse(null), entry.detail().encode(), entry.address().orElse(null))
        .map(rows -> entry);
  }

  /** A page of entries, newest first, and the cursor of the next page. */
  public record Page(List<AuditEntry> entries, Optional<String> nextBefore) {
    public Page {
      entries = List.copyOf(entries);
    }
  }

  public Future<Page> read(AuditFilter filter) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_log WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter.action().ifPresent(a -> {
      sql.append(" AND action = ?");
      args.add(a);
    });
    filter.actor().ifPresent(a -> {
      sql.append(" AND (actor_id = ? OR actor_name = ?)");
      args.add(a);
      args.add(a.toLowerCase(java.util.Locale.ROOT));
    });
    filter.appId().ifPresent(a -> {
      sql.append(" AND app_id = ?");
      args.add(a);
    });
    filter.from().ifPresent(t -> {
      sql.append(" AND at >= ?");
      args.add(t.toEpochMilli());
    });
    filter.to().ifPresent(t -> {
      sql.append(" AND at <= ?");
      args.add(t.toEpochMilli());
    });
    if (filter.before().isPresent()) {
      Cursor c = Cursor.parse(filter.before().get());
      sql.append(" AND (at < ? OR (at = ? AND id < ?))");
      args.add(c.at());
      args.add(c.at());
      args.add(c.id());
    }
    sql.append(" ORDER BY at DESC, id DESC LIMIT ").append(filter.limit() + 1);
    return db.query(sql.toString(), args.toArray()).map(rows -> {
      List<AuditEntry> out = new ArrayList<>();
      for (Row row : rows) {
        out.add(entry(row));
      }
      Optional<String> next = Optional.empty();
      if (out.size() > filter.limit()) {
        out = out.subList(0, filter.limit());
        AuditEntry last = out.get(out.size() - 1);
        next = Optional.of(last.at().toEpochMilli() + "." + last.id());
      }
      return new Page(out, next);
    }).recover(f -> Future.failedFuture(Database.classify(f)));
  }

  private record Cursor(long at, String id) {
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

  private static AuditEntry entry(Row row) {
    return new AuditEntry(row.getString("id"), Instant.ofEpochMilli(row.getLong("at")),
        Optional.ofNullable(row.getString("actor_id")), Optional.ofNullable(row.getString("actor_name")),
        row.getString("action"), row.getString("target_type"), row.getString("target_id"),
        Optional.ofNullable(row.getString("app_id")), Optional.ofNullable(row.getString("reason")),
        new JsonObject(row.getString("detail")), Optional.ofNullable(row.getString("address")));
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
