package dev.parley.core.money.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.PlatformException.Reason;
import dev.parley.core.common.storage.Database;
import dev.parley.core.money.ledger.LedgerRepository.AccountState;
import dev.parley.core.money.ledger.LedgerRepository.HistoryCursor;
import dev.parley.core.money.ledger.LedgerRepository.KeyedTransfer;
import dev.parley.core.money.ledger.Reconciliation.Difference;
import dev.parley.core.money.ledger.spi.ChargeRequest;
import dev.parley.core.money.ledger.spi.PaymentProvider;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
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
 * <p>Transfers are written by group commit ({@link TransferBatcher}): the transfers that arrive
 * while one batch is written share the next database transaction. A batch locks every account it
 * touches in id order (so that opposite transfers cannot deadlock), refuses to take an account
 * other than the issuing one below zero, updates the balances, and inserts each transfer with its
 * unique idempotency key and its two entries; a refused transfer fails alone. A request whose key
 * is taken answers the first transfer when its content is the same, and is refused otherwise.
 * Transient conflicts (a concurrent request with the same key, a deadlock or lock time-out
 * reported by the database) are retried from the start, which is safe because nothing of a failed
 * attempt stays. After the commit each affected wallet's owner gets a {@code wallet} event on
 * {@code parley.account.<id>}.
 */
public final class LedgerService {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LedgerService.class);

  /** The most differences of each kind a reconciliation lists. */
  public static final int MAX_DIFFERENCES = 1_000;
  /** How often a transfer is attempted before a transient conflict is reported. */
  static final int MAX_ATTEMPTS = 20;

  private final Vertx vertx;
  private final Database db;
  private final LedgerRepository store = new LedgerRepository();
  private final Clock clock;
  private final IdGenerator ids;
  private final PaymentProvider provider;
  /** Account ids by what they are: accounts are never deleted, so this never goes stale. */
  private final Cache<AccountRef, String> accountIds = Caffeine.newBuilder().maximumSize(100_000).build();
  private final TransferBatcher batcher;

  public LedgerService(Vertx vertx, Database db, Clock clock, IdGenerator ids, PaymentProvider provider) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.provider = Objects.requireNonNull(provider, "provider");
    this.batcher = new TransferBatcher(vertx, db, store, clock, ids, this::announce);
  }

  /** The group commit of transfers (tests look at its batches). */
  TransferBatcher batcher() {
    return batcher;
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
    String debitId = accountIds.getIfPresent(request.from());
    String creditId = accountIds.getIfPresent(request.to());
    if (debitId != null && creditId != null) {
      // Both accounts known: straight to the next batch, which also answers a key already used.
      return batcher.submit(request, hash, debitId, creditId);
    }
    return existing(request.idempotencyKey(), hash).compose(found -> {
      if (found.isPresent()) {
        return Future.succeededFuture(found.get());
      }
      return debitAccount(request.from()).compose(debit -> accountId(request.to(), () -> precheck(request, debit))
          .compose(credit -> batcher.submit(request, hash, debit, credit)));
    }).recover(failure -> {
      if (retryable(failure) && attempt < MAX_ATTEMPTS) {
        return delay(Math.min(50, attempt * 2L)).compose(v -> attempt(request, hash, attempt + 1));
      }
      if (retryable(failure)) {
        return Future.failedFuture(PlatformException.unavailable("transfer " + request.idempotencyKey()
            + " kept conflicting after " + attempt + " attempts", failure));
      }
      return Future.failedFuture(failure);
    });
  }

  /** The transfer already made with {@code key}; refused when its content differs from {@code hash}. */
  private Future<Optional<Transfer>> existing(String key, String hash) {
    return store.transferByKey(db.pool(), key).map(found -> made(found, hash));
  }

  static Optional<Transfer> made(Optional<KeyedTransfer> found, String hash) {
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (!found.get().requestHash().equals(hash)) {
      throw PlatformException.of(Reason.CONFLICT, "this idempotency key was already used for a different request; "
          + "use a new key for a new transfer");
    }
    return Optional.of(found.get().transfer());
  }

  static PlatformException insufficient(TransferRequest request, long balance) {
    Currency c = request.currency();
    String what = request.from().kind() == AccountKind.WALLET
        ? "the wallet"
        : "the " + request.from().kind().key() + " account";
    return PlatformException.of(Reason.INSUFFICIENT_FUNDS,
        "insufficient funds: " + what + " holds " + Money.format(c, balance) + " "
            + c.getCurrencyCode() + ", the transfer needs " + Money.format(c, request.amount()) + " "
            + c.getCurrencyCode())
        // issue 18: the numbers a client words for the user ("You need 4.50 EUR more. Top up?")
        .with("currency", c.getCurrencyCode()).with("balance", Money.format(c, balance))
        .with("needed", Money.format(c, request.amount()))
        .with("shortfall", Money.format(c, Math.max(0, request.amount() - balance)));
  }

  /** An account row that changed although this transaction held its lock: retried, never applied. */
  static ChangedUnderLock changedUnderLock(String accountId) {
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
      String state = t instanceof SQLException sql
          ? sql.getSQLState()
          : t instanceof PgException pg ? pg.getSqlState() : null;
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
    return store.balanceById(db.pool(), debitId).compose(found -> {
      long balance = found.orElse(0L);
      return balance < request.amount()
          ? Future.failedFuture(insufficient(request, balance))
          : Future.succeededFuture();
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
      return beforeCreate.get().compose(v -> store.insertAccount(db.pool(), id, ref, clock.millis()))
          .map(r -> {
            accountIds.put(ref, id);
            return id;
          })
          .recover(f -> Database.isUniqueViolation(f) // created meanwhile by a concurrent request
              ? findAccount(ref)
                  .map(again -> again.orElseThrow(() -> new IllegalStateException("account " + ref + " vanished")))
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
    return store.accountId(db.pool(), ref).map(found -> {
      found.ifPresent(id -> accountIds.put(ref, id));
      return found;
    });
  }

  /** Whether the wallet's account id is known here (then its owner exists): no database call. */
  public boolean knowsWallet(String ownerId, Currency currency) {
    return accountIds.getIfPresent(AccountRef.wallet(ownerId, currency)) != null;
  }

  /** The balance of an account, in minor units; zero for one that does not exist yet. */
  public Future<Long> balance(AccountRef ref) {
    return store.balance(db.pool(), ref).map(found -> found.orElse(0L));
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
      return new JsonObject().put("currency", currency.getCurrencyCode())
          .put("balance", Money.format(currency, balance))
          .put("balanceMinor", balance).put("version", version);
    }
  }

  /** The wallets of a user, one per currency they have used, by currency code. */
  public Future<List<WalletBalance>> wallets(String userId) {
    return store.wallets(db.pool(), userId);
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
    Optional<HistoryCursor> cursor = Optional.empty();
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
        return Future
            .failedFuture(PlatformException.invalid("before", "before must be the nextBefore of a previous page"));
      }
      cursor = Optional.of(new HistoryCursor(at, id));
    }
    return store.history(db.pool(), userId, currency, cursor, limit + 1).map(entries -> {
      if (entries.size() > limit) {
        List<HistoryEntry> page = entries.subList(0, limit);
        HistoryEntry last = page.get(limit - 1);
        return new HistoryPage(page, Optional.of(last.createdAt() + "-" + last.id()));
      }
      return new HistoryPage(entries, Optional.empty());
    });
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
    return store.countAccounts(db.pool()).compose(n -> {
      counts[0] = n;
      return store.balanceDifferences(db.pool());
    }).compose(found -> {
      differences.addAll(found);
      return store.countTransfers(db.pool());
    }).compose(n -> {
      counts[1] = n;
      return store.transferDifferences(db.pool());
    }).compose(found -> {
      differences.addAll(found);
      return store.currencyDifferences(db.pool());
    }).map(found -> {
      differences.addAll(found);
      Reconciliation result = new Reconciliation(counts[0], counts[1], differences);
      if (!result.ok()) {
        LOG.error("ledger reconciliation found {} difference(s): {}", differences.size(), differences.get(0).message());
      }
      return result;
    });
  }
}
