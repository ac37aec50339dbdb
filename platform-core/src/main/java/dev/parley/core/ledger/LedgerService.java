package dev.parley.core.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.IdGenerator;
import dev.parley.core.PlatformException;
import dev.parley.core.PlatformException.Reason;
import dev.parley.core.chat.Addresses;
import dev.parley.core.ledger.Reconciliation.Difference;
import dev.parley.core.ledger.spi.ChargeRequest;
import dev.parley.core.ledger.spi.PaymentProvider;
import dev.parley.core.storage.Database;
import io.vertx.pgclient.PgException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ledger: accounts, transfers and their entries, and the reconciliation that checks them.
 *
 * <p>A transfer is one database transaction: it locks both accounts in id order (so that opposite
 * transfers cannot deadlock), refuses to take an account other than the issuing one below zero,
 * updates both balances, and inserts the transfer with its unique idempotency key and its two
 * entries. A request whose key is taken answers the first transfer when its content is the same,
 * and is refused otherwise. Transient conflicts (a concurrent request with the same key, a
 * deadlock or lock time-out reported by the database) are retried from the start, which is safe
 * because nothing of a failed attempt stays. After the commit each affected wallet's owner gets a
 * {@code wallet} event on {@code parley.account.<id>}.
 */
public final class LedgerService {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LedgerService.class);

  /** The most differences of each kind a reconciliation lists. */
  public static final int MAX_DIFFERENCES = 1_000;
  /** How often a transfer is attempted before a transient conflict is reported. */
  static final int MAX_ATTEMPTS = 20;

  private static final String TRANSFER_SELECT = "SELECT t.id, t.request_hash, t.kind, t.currency, t.amount, t.reference, "
      + "t.note, t.created_by, t.created_at, d.kind AS d_kind, d.owner_id AS d_owner, c.kind AS c_kind, "
      + "c.owner_id AS c_owner FROM transfers t JOIN ledger_accounts d ON d.id = t.debit_account "
      + "JOIN ledger_accounts c ON c.id = t.credit_account";

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final PaymentProvider provider;
  /** Account ids by what they are: accounts are never deleted, so this never goes stale. */
  private final Cache<AccountRef, String> accountIds = Caffeine.newBuilder().maximumSize(100_000).build();

  public LedgerService(Vertx vertx, Database db, Clock clock, IdGenerator ids, PaymentProvider provider) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  /** The provider top-ups are charged through. */
  public PaymentProvider provider() {
    return provider;
  }

  // ---- transfers ----

  /**
   * Moves money, once per idempotency key. Answers the new transfer, or the first one made with
   * this key and the same content ({@link Transfer#replayed()}). Fails with CONFLICT when the key
   * was used with other content, or when the debited account holds less than the amount (then
   * nothing is written).
   */
  public Future<Transfer> transfer(TransferRequest request) {
    Objects.requireNonNull(request, "request");
    String hash = request.hash();
    return attempt(request, hash, 1).onSuccess(t -> {
      if (!t.replayed()) {
        LOG.debug("transfer id={} kind={} amount={} {}", t.id(), t.kind().key(), t.amount(), t.currency());
      }
    });
  }

  private Future<Transfer> attempt(TransferRequest request, String hash, int attempt) {
    return existing(request.idempotencyKey(), hash).compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(found.get());
      }
      return debitAccount(request.from()).compose(debit -> accountId(request.to(), () -> precheck(request, debit))
          .compose(credit -> write(request, hash, debit, credit)));
    }).recover(failure -> {
      if (retryable(failure) && attempt < MAX_ATTEMPTS) {
        return delay(Math.min(50, attempt * 2L)).compose(v -> attempt(request, hash, attempt + 1));
      }
      if (retryable(failure)) {
        return Future.failedFuture(PlatformException.unavailable("transfer " + request.idempotencyKey()
            + " kept conflicting after " + attempt + " attempts", failure));
      }
      return Future.failedFuture(Database.classify(failure));
    });
  }

  /** The transfer already made with {@code key}; refused when its content differs from {@code hash}. */
  private Future<Optional<Transfer>> existing(String key, String hash) {
    return db.query(TRANSFER_SELECT + " WHERE t.idempotency_key = ?", key).map(rows -> made(rows, hash));
  }

  /** As {@link #existing}, inside a transaction (after the accounts' locks). */
  private Future<Optional<Transfer>> existingIn(SqlConnection tx, String key, String hash) {
    return db.query(tx, TRANSFER_SELECT + " WHERE t.idempotency_key = ?", key).map(rows -> made(rows, hash));
  }

  private Optional<Transfer> made(io.vertx.sqlclient.RowSet<Row> rows, String hash) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    if (!row.getString("request_hash").trim().equals(hash)) {
      throw PlatformException.of(Reason.CONFLICT, "this idempotency key was already used for a different request; "
          + "use a new key for a new transfer");
    }
    return Optional.of(transfer(row, true));
  }

  /** A committed transfer with the accounts' balances right after it. */
  private record Committed(Transfer transfer, AccountState debit, AccountState credit) {
  }

  private record AccountState(String id, AccountKind kind, String ownerId, String currency, long balance, long version) {
    static AccountState of(Row row) {
      return new AccountState(row.getString("id"), AccountKind.of(row.getString("kind")), row.getString("owner_id"),
          row.getString("currency").trim(), row.getLong("balance"), row.getLong("version"));
    }
  }

  private Future<Transfer> write(TransferRequest request, String hash, String debitId, String creditId) {
    return writeInTransaction(request, hash, debitId, creditId).map(committed -> {
      if (committed.debit() != null) {
        announce(committed.debit());
        announce(committed.credit());
      }
      return committed.transfer();
    });
  }

  /** Both rows locked in id order, then checked, updated and written, in one transaction. */
  private Future<Committed> writeInTransaction(TransferRequest request, String hash, String debitId, String creditId) {
    return db.pool().withTransaction(tx -> {
      String first = debitId.compareTo(creditId) < 0 ? debitId : creditId;
      String second = first.equals(debitId) ? creditId : debitId;
      return lock(tx, first).compose(a -> lock(tx, second).compose(b -> existingIn(tx, request.idempotencyKey(), hash)
          .compose(done -> done.isPresent()
              // A twin of this request committed while we waited for the locks: answer it, write nothing.
              ? Future.succeededFuture(new Committed(done.get(), null, null))
              : apply(tx, request, hash, debitId, creditId, a, b))));
    });
  }

  private Future<Committed> apply(SqlConnection tx, TransferRequest request, String hash, String debitId, String creditId,
      AccountState a, AccountState b) {
    long amount = request.amount();
    AccountState debit = a.id().equals(debitId) ? a : b;
    AccountState credit = a.id().equals(creditId) ? a : b;
    String currency = request.currency().getCurrencyCode();
    if (!debit.currency().equals(currency) || !credit.currency().equals(currency)) {
      throw new IllegalStateException("account currencies differ from the transfer's " + currency);
    }
    if (debit.kind() != AccountKind.ISSUING && debit.balance() < amount) {
      throw insufficient(request, debit.balance());
    }
    // Each update names the version read under the row lock: should the lock ever not have held
    // (a database fault), the update matches nothing and the whole attempt is rolled back and
    // retried, instead of applying an amount to a balance other than the one checked.
    return db.query(tx, "UPDATE ledger_accounts SET balance = balance - ?, version = version + 1 "
            + "WHERE id = ? AND version = ? AND (balance >= ? OR kind = 'issuing')", amount, debitId, debit.version(), amount)
        .compose(updated -> {
          if (updated.rowCount() != 1) {
            throw changedUnderLock(debitId);
          }
          return db.query(tx, "UPDATE ledger_accounts SET balance = balance + ?, version = version + 1 "
              + "WHERE id = ? AND version = ?", amount, creditId, credit.version());
        })
        .compose(updated -> {
          if (updated.rowCount() != 1) {
            throw changedUnderLock(creditId);
          }
          return insert(tx, request, hash, debitId, creditId);
        })
        .map(transfer -> new Committed(transfer,
            new AccountState(debitId, debit.kind(), debit.ownerId(), currency, debit.balance() - amount, debit.version() + 1),
            new AccountState(creditId, credit.kind(), credit.ownerId(), currency,
                Math.addExact(credit.balance(), amount), credit.version() + 1)));
  }

  private Future<AccountState> lock(SqlConnection tx, String accountId) {
    return db.query(tx, "SELECT id, kind, owner_id, currency, balance, version FROM ledger_accounts WHERE id = ? FOR UPDATE",
        accountId).map(rows -> {
          if (rows.size() != 1) {
            throw new IllegalStateException("ledger account " + accountId + " is missing");
          }
          return AccountState.of(rows.iterator().next());
        });
  }

  private Future<Transfer> insert(SqlConnection tx, TransferRequest request, String hash, String debitId, String creditId) {
    String id = ids.newId();
    long now = clock.millis();
    return db.query(tx, "INSERT INTO transfers (id, idempotency_key, request_hash, kind, currency, amount, debit_account, "
            + "credit_account, reference, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            id, request.idempotencyKey(), hash, request.kind().key(), request.currency().getCurrencyCode(), request.amount(),
            debitId, creditId, request.reference(), request.note(), request.createdBy(), now)
        .compose(r -> db.query(tx, "INSERT INTO ledger_entries (id, transfer_id, account_id, amount, created_at) "
                + "VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)",
            ids.newId(), id, debitId, -request.amount(), now, ids.newId(), id, creditId, request.amount(), now))
        .map(r -> new Transfer(id, request.kind(), request.from(), request.to(), request.amount(), request.reference(),
            request.note(), request.createdBy(), now, false));
  }

  private static PlatformException insufficient(TransferRequest request, long balance) {
    Currency c = request.currency();
    String what = request.from().kind() == AccountKind.WALLET ? "the wallet" : "the " + request.from().kind().key() + " account";
    return PlatformException.of(Reason.INSUFFICIENT_FUNDS, "insufficient funds: " + what + " holds " + Money.format(c, balance) + " "
        + c.getCurrencyCode() + ", the transfer needs " + Money.format(c, request.amount()) + " " + c.getCurrencyCode());
  }

  /** An account row that changed although this transaction held its lock: retried, never applied. */
  private static ChangedUnderLock changedUnderLock(String accountId) {
    LOG.warn("ledger account {} changed under its row lock; the transfer is rolled back and retried", accountId);
    return new ChangedUnderLock(accountId);
  }

  static final class ChangedUnderLock extends RuntimeException {
    ChangedUnderLock(String accountId) {
      super("ledger account " + accountId + " changed under its row lock", null, false, false);
    }
  }

  /** Tells a wallet's owner its new balance (all their sessions, on every node). */
  private void announce(AccountState account) {
    if (account.kind() != AccountKind.WALLET) {
      return;
    }
    Currency c = Currency.getInstance(account.currency());
    JsonObject event = new JsonObject().put("type", "wallet").put("currency", account.currency())
        .put("balance", Money.format(c, account.balance())).put("balanceMinor", account.balance())
        .put("version", account.version());
    vertx.eventBus().publish(Addresses.account(account.ownerId()), event.encode());
  }

  /** Whether a failure of an attempt is worth a fresh attempt: nothing of it stayed, and the next may pass. */
  static boolean retryable(Throwable failure) {
    if (failure instanceof ChangedUnderLock) {
      return true;
    }
    if (Database.isUniqueViolation(failure)) {
      return true; // the key, committed by a concurrent request meanwhile: the next attempt answers it
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String state = t instanceof SQLException sql ? sql.getSQLState() : t instanceof PgException pg ? pg.getSqlState() : null;
      if (state != null && (state.equals("40001") || state.equals("40P01") || state.equals("HYT00")
          || (t instanceof SQLException sql && sql.getErrorCode() == 90131))) {
        return true; // serialization failure, deadlock, lock time-out, H2's concurrent update
      }
    }
    return false;
  }

  private Future<Void> delay(long millis) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, t -> promise.complete());
    return promise.future();
  }

  // ---- accounts ----

  /**
   * Before a payee's account is created: refuses a transfer its payer cannot cover, so that a
   * refused transfer leaves no new account behind. Not the guard (the transaction is): a hint.
   */
  private Future<Void> precheck(TransferRequest request, String debitId) {
    if (request.from().kind() == AccountKind.ISSUING) {
      return Future.succeededFuture();
    }
    return db.query("SELECT balance FROM ledger_accounts WHERE id = ?", debitId).compose(rows -> {
      long balance = rows.size() == 0 ? 0 : rows.iterator().next().getLong("balance");
      return balance < request.amount() ? Future.failedFuture(insufficient(request, balance)) : Future.succeededFuture();
    });
  }

  /** The id of the account, created on first use. */
  private Future<String> accountId(AccountRef ref) {
    return accountId(ref, Future::succeededFuture);
  }

  /** The id of the account, created on first use after {@code beforeCreate} succeeded. */
  private Future<String> accountId(AccountRef ref, java.util.function.Supplier<Future<Void>> beforeCreate) {
    String cached = accountIds.getIfPresent(ref);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return findAccount(ref).compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(found.get());
      }
      String id = ids.newId();
      return beforeCreate.get().compose(v -> db.query("INSERT INTO ledger_accounts (id, kind, owner_id, currency, balance, version, created_at) "
              + "VALUES (?, ?, ?, ?, 0, 0, ?)", id, ref.kind().key(), ref.ownerId(), ref.currency().getCurrencyCode(),
              clock.millis()))
          .map(r -> {
            accountIds.put(ref, id);
            return id;
          })
          .recover(f -> Database.isUniqueViolation(f) // created meanwhile by a concurrent request
              ? findAccount(ref).map(again -> again.orElseThrow(() -> new IllegalStateException("account " + ref + " vanished")))
              : Future.failedFuture(f));
    });
  }

  /**
   * The account to debit. One that does not exist yet holds nothing: the transfer is refused
   * without creating it, unless it is the issuing account.
   */
  private Future<String> debitAccount(AccountRef ref) {
    if (ref.kind() == AccountKind.ISSUING) {
      return accountId(ref);
    }
    String cached = accountIds.getIfPresent(ref);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return findAccount(ref).map(found -> found.orElseThrow(() -> {
      String what = ref.kind() == AccountKind.WALLET ? "the wallet" : "the " + ref.kind().key() + " account";
      return PlatformException.of(Reason.INSUFFICIENT_FUNDS, "insufficient funds: " + what + " holds nothing in "
          + ref.currency().getCurrencyCode());
    }));
  }

  private Future<Optional<String>> findAccount(AccountRef ref) {
    return db.query("SELECT id FROM ledger_accounts WHERE kind = ? AND owner_id = ? AND currency = ?",
        ref.kind().key(), ref.ownerId(), ref.currency().getCurrencyCode()).map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          String id = rows.iterator().next().getString("id");
          accountIds.put(ref, id);
          return Optional.of(id);
        });
  }

  /** The balance of an account, in minor units; zero for one that does not exist yet. */
  public Future<Long> balance(AccountRef ref) {
    return db.query("SELECT balance FROM ledger_accounts WHERE kind = ? AND owner_id = ? AND currency = ?",
            ref.kind().key(), ref.ownerId(), ref.currency().getCurrencyCode())
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("balance"))
        .recover(f -> Future.failedFuture(Database.classify(f)));
  }

  /**
   * A wallet's balance.
   *
   * @param currency the wallet's currency
   * @param balance minor units
   * @param version rises with every change; live {@code wallet} events carry it too
   */
  public record WalletBalance(Currency currency, long balance, long version) {

    public JsonObject toJson() {
      return new JsonObject().put("currency", currency.getCurrencyCode()).put("balance", Money.format(currency, balance))
          .put("balanceMinor", balance).put("version", version);
    }
  }

  /** The wallets of a user, one per currency they have used, by currency code. */
  public Future<List<WalletBalance>> wallets(String userId) {
    return db.query("SELECT currency, balance, version FROM ledger_accounts WHERE kind = 'wallet' AND owner_id = ? "
        + "ORDER BY currency", userId).map(rows -> {
          List<WalletBalance> out = new ArrayList<>();
          rows.forEach(r -> out.add(new WalletBalance(Currency.getInstance(r.getString("currency").trim()),
              r.getLong("balance"), r.getLong("version"))));
          return out;
        }).recover(f -> Future.failedFuture(Database.classify(f)));
  }

  // ---- history ----

  /**
   * One entry of a wallet's history.
   *
   * @param id the entry's id
   * @param transfer the transfer it belongs to
   * @param amount minor units, positive for money in, negative for money out
   * @param counterparty the other account: {@code {kind, ownerId}} and, for a user's wallet, their
   *     {@code username} and {@code displayName}
   * @param createdAt epoch milliseconds
   */
  public record HistoryEntry(String id, Transfer transfer, long amount, JsonObject counterparty, long createdAt) {

    public JsonObject toJson() {
      Currency c = transfer.currency();
      return new JsonObject().put("id", id).put("transferId", transfer.id()).put("kind", transfer.kind().key())
          .put("currency", c.getCurrencyCode()).put("amount", Money.format(c, amount)).put("amountMinor", amount)
          .put("counterparty", counterparty.copy()).put("note", transfer.note()).put("reference", transfer.reference())
          .put("createdAt", java.time.Instant.ofEpochMilli(createdAt).toString());
    }
  }

  /**
   * A page of history, newest first.
   *
   * @param entries at most the limit asked for
   * @param nextBefore the cursor of the next (older) page, empty when this is the last
   */
  public record HistoryPage(List<HistoryEntry> entries, Optional<String> nextBefore) {

    public HistoryPage {
      entries = List.copyOf(entries);
    }
  }

  /**
   * The entries of a user's wallets, newest first.
   *
   * @param currency a currency code to show only that wallet, or empty for all
   * @param before the {@link HistoryPage#nextBefore()} of the previous page, or empty for the newest
   * @param limit 1 to 100
   */
  public Future<HistoryPage> history(String userId, String currency, String before, int limit) {
    StringBuilder sql = new StringBuilder("SELECT e.id, e.amount, e.created_at, "
        + "t.id AS t_id, t.kind AS t_kind, t.currency, t.amount AS t_amount, t.reference, t.note, t.created_by, "
        + "t.created_at AS t_created_at, d.kind AS d_kind, d.owner_id AS d_owner, c.kind AS c_kind, c.owner_id AS c_owner, "
        + "u.username, u.display_name "
        + "FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id "
        + "JOIN transfers t ON t.id = e.transfer_id "
        + "JOIN ledger_accounts d ON d.id = t.debit_account JOIN ledger_accounts c ON c.id = t.credit_account "
        + "LEFT JOIN accounts u ON u.id = CASE WHEN e.account_id = t.debit_account THEN c.owner_id ELSE d.owner_id END "
        + "WHERE a.kind = 'wallet' AND a.owner_id = ?");
    List<Object> args = new ArrayList<>(List.of(userId));
    if (!currency.isEmpty()) {
      sql.append(" AND a.currency = ?");
      args.add(currency);
    }
    if (!before.isEmpty()) {
      int dash = before.indexOf('-');
      long at;
      try {
        at = Long.parseLong(before.substring(0, Math.max(0, dash)));
      } catch (NumberFormatException e) {
        at = -1;
      }
      String id = dash < 0 ? "" : before.substring(dash + 1);
      if (at < 0 || !IdGenerator.isId(id)) {
        return Future.failedFuture(PlatformException.invalid("before", "before must be the nextBefore of a previous page"));
      }
      sql.append(" AND (e.created_at < ? OR (e.created_at = ? AND e.id < ?))");
      args.add(at);
      args.add(at);
      args.add(id);
    }
    sql.append(" ORDER BY e.created_at DESC, e.id DESC LIMIT ").append(limit + 1);
    return db.query(sql.toString(), args.toArray()).map(rows -> {
      List<HistoryEntry> out = new ArrayList<>();
      for (Row r : rows) {
        if (out.size() == limit) {
          HistoryEntry last = out.get(out.size() - 1);
          return new HistoryPage(out, Optional.of(last.createdAt() + "-" + last.id()));
        }
        Transfer t = new Transfer(r.getString("t_id"), TransferKind.of(r.getString("t_kind")),
            ref(r, "d_kind", "d_owner"), ref(r, "c_kind", "c_owner"), r.getLong("t_amount"), r.getString("reference"),
            r.getString("note"), r.getString("created_by"), r.getLong("t_created_at"), false);
        long amount = r.getLong("amount");
        AccountRef other = amount < 0 ? t.to() : t.from();
        JsonObject counterparty = new JsonObject().put("kind", other.kind().key()).put("ownerId", other.ownerId());
        if (other.kind() == AccountKind.WALLET && r.getString("username") != null) {
          counterparty.put("username", r.getString("username")).put("displayName", r.getString("display_name"));
        }
        out.add(new HistoryEntry(r.getString("id"), t, amount, counterparty, r.getLong("created_at")));
      }
      return new HistoryPage(out, Optional.empty());
    }).recover(f -> Future.failedFuture(Database.classify(f)));
  }

  private static AccountRef ref(Row r, String kind, String owner) {
    return new AccountRef(AccountKind.of(r.getString(kind)), r.getString(owner), Currency.getInstance(r.getString("currency").trim()));
  }

  private static Transfer transfer(Row r, boolean replayed) {
    return new Transfer(r.getString("id"), TransferKind.of(r.getString("kind")), ref(r, "d_kind", "d_owner"),
        ref(r, "c_kind", "c_owner"), r.getLong("amount"), r.getString("reference"), r.getString("note"),
        r.getString("created_by"), r.getLong("created_at"), replayed);
  }

  // ---- funding and payments ----

  /**
   * Funds a user's wallet through the payment provider: the provider charges {@code source}, then
   * the issuing account pays the wallet, once per {@code idempotencyKey} (already namespaced by
   * the caller). A retry charges again; the provider gives the same charge for the same key, and
   * the ledger moves the money once.
   */
  public Future<Transfer> topUp(String userId, Currency currency, long amount, String source, String idempotencyKey) {
    ChargeRequest charge = new ChargeRequest(idempotencyKey, userId, currency, amount, source);
    return provider.charge(charge).compose(c -> transfer(new TransferRequest(idempotencyKey, TransferKind.TOPUP,
        AccountRef.issuing(currency), AccountRef.wallet(userId, currency), amount,
        provider.name() + ":" + c.reference(), c.description(), userId)));
  }

  /** A payment from one user's wallet to another's, once per {@code idempotencyKey}. */
  public Future<Transfer> pay(String payerId, String payeeId, Currency currency, long amount, String note,
      String idempotencyKey) {
    return transfer(new TransferRequest(idempotencyKey, TransferKind.PAYMENT, AccountRef.wallet(payerId, currency),
        AccountRef.wallet(payeeId, currency), amount, "", note, payerId));
  }

  // ---- reconciliation ----

  /**
   * Recomputes every balance from the entries, checks that every transfer has exactly two entries
   * (its debit and credit, of its currency) summing to zero and that each currency's balances sum
   * to zero, and reports each difference. Read-only; run it on a quiet ledger for an exact answer
   * (each check is one statement, consistent in itself).
   */
  public Future<Reconciliation> reconcile() {
    List<Difference> differences = new ArrayList<>();
    long[] counts = new long[2];
    return db.query("SELECT COUNT(*) AS n FROM ledger_accounts").compose(rows -> {
      counts[0] = rows.iterator().next().getLong("n");
      return db.query("SELECT a.id, a.kind, a.owner_id, a.currency, a.balance, "
          + "CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS computed "
          + "FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id "
          + "GROUP BY a.id, a.kind, a.owner_id, a.currency, a.balance "
          + "HAVING a.balance <> COALESCE(SUM(e.amount), 0) OR (a.balance < 0 AND a.kind <> 'issuing') "
          + "ORDER BY a.id LIMIT " + MAX_DIFFERENCES);
    }).compose(rows -> {
      for (Row r : rows) {
        Currency c = Currency.getInstance(r.getString("currency").trim());
        long stored = r.getLong("balance");
        long computed = r.getLong("computed");
        String account = "account " + r.getString("id") + " (" + r.getString("kind") + " of " + r.getString("owner_id")
            + ", " + c.getCurrencyCode() + ")";
        differences.add(new Difference("balance", r.getString("id"), computed, stored, stored != computed
            ? account + ": stored balance " + Money.format(c, stored) + " but its entries sum to " + Money.format(c, computed)
            : account + ": balance " + Money.format(c, stored) + " is below zero"));
      }
      return db.query("SELECT COUNT(*) AS n FROM transfers");
    }).compose(rows -> {
      counts[1] = rows.iterator().next().getLong("n");
      String debits = "SUM(CASE WHEN e.account_id = t.debit_account AND e.amount = -t.amount THEN 1 ELSE 0 END)";
      String credits = "SUM(CASE WHEN e.account_id = t.credit_account AND e.amount = t.amount THEN 1 ELSE 0 END)";
      String foreign = "SUM(CASE WHEN a.currency <> t.currency THEN 1 ELSE 0 END)";
      return db.query("SELECT t.id, t.amount, COUNT(e.id) AS n, CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS total, "
          + debits + " AS debits, " + credits + " AS credits, " + foreign + " AS foreign_entries "
          + "FROM transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id "
          + "LEFT JOIN ledger_accounts a ON a.id = e.account_id GROUP BY t.id, t.amount "
          + "HAVING COUNT(e.id) <> 2 OR COALESCE(SUM(e.amount), 0) <> 0 OR " + debits + " <> 1 OR " + credits + " <> 1 OR "
          + foreign + " <> 0 ORDER BY t.id LIMIT " + MAX_DIFFERENCES);
    }).compose(rows -> {
      for (Row r : rows) {
        long n = r.getLong("n");
        long total = r.getLong("total");
        differences.add(new Difference("transfer", r.getString("id"), 0, total, "transfer " + r.getString("id")
            + " has " + n + " entries summing to " + total + " (expected 2 entries, a debit of its debit account and a "
            + "credit of its credit account in its currency, summing to 0)"));
      }
      return db.query("SELECT currency, CAST(SUM(balance) AS BIGINT) AS total FROM ledger_accounts GROUP BY currency "
          + "HAVING SUM(balance) <> 0 ORDER BY currency");
    }).map(rows -> {
      for (Row r : rows) {
        Currency c = Currency.getInstance(r.getString("currency").trim());
        long total = r.getLong("total");
        differences.add(new Difference("currency", c.getCurrencyCode(), 0, total, "the balances in " + c.getCurrencyCode()
            + " sum to " + Money.format(c, total) + " instead of 0"));
      }
      Reconciliation result = new Reconciliation(counts[0], counts[1], differences);
      if (!result.ok()) {
        LOG.error("ledger reconciliation found {} difference(s): {}", differences.size(), differences.get(0).message());
      }
      return result;
    }).recover(f -> Future.failedFuture(Database.classify(f)));
  }
}
