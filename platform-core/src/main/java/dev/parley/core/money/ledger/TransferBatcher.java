package dev.parley.core.money.ledger;

import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.money.ledger.LedgerRepository.AccountState;
import dev.parley.core.money.ledger.LedgerRepository.KeyedTransfer;
import dev.parley.core.money.ledger.LedgerRepository.NewBalance;
import dev.parley.core.money.ledger.LedgerRepository.NewTransfer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Group commit of transfers: the transfers that arrive while a batch is being written wait, and
 * the next batch writes up to {@link #MAX_BATCH} of them in one database transaction, whatever
 * their accounts. A batch locks every account it touches in one statement (in id order, so
 * batches cannot deadlock on each other), reads the keys already used in one more, decides each
 * transfer in memory in arrival order (a transfer refused for want of funds, for a key reused
 * with other content or for a missing account fails alone and writes nothing), then sets each
 * touched balance and inserts the transfers and their entries as three batched statements, and
 * commits once. Each transfer's caller is answered after the commit, so an answered transfer is
 * on disk as before. A batch that fails as a whole is retried when the failure is transient (a
 * deadlock, a key committed meanwhile by another node); otherwise each of its transfers is
 * written on its own, so that a transfer the database refuses (a constraint) fails alone.
 */
final class TransferBatcher {

  /** The most transfers one transaction writes. */
  static final int MAX_BATCH = 128;

  private final Vertx vertx;
  private final Database db;
  private final LedgerRepository store;
  private final Clock clock;
  private final IdGenerator ids;
  private final Consumer<AccountState> announce;
  /** Batches written at once: PostgreSQL works on one while the server prepares the next. */
  private final int maxInFlight;
  /** PostgreSQL: one array statement of each kind per batch, pipelined ({@link #writeArrays}). */
  private final boolean arrays;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean held;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong written = new AtomicLong();

  TransferBatcher(Vertx vertx, Database db, LedgerRepository store, Clock clock, IdGenerator ids,
      Consumer<AccountState> announce) {
    this.vertx = vertx;
    this.db = db;
    this.store = store;
    this.clock = clock;
    this.ids = ids;
    this.announce = announce;
    this.maxInFlight = db.kind() == Database.Kind.POSTGRESQL ? 2 : 1;
    this.arrays = db.kind() == Database.Kind.POSTGRESQL;
  }

  /** A transfer waiting for its batch, answered on the context that asked for it. */
  private record Pending(TransferRequest request, String hash, String debitId, String creditId,
      Promise<Transfer> promise, @Nullable Context context) {
  }

  /** Writes the transfer in the next batch; answers once that batch has committed. */
  Future<Transfer> submit(TransferRequest request, String hash, String debitId, String creditId) {
    Promise<Transfer> promise = Promise.promise();
    queue.add(new Pending(request, hash, debitId, creditId, promise, Vertx.currentContext()));
    drain();
    return promise.future();
  }

  /** Batches committed with at least one new transfer, and the transfers they wrote (for tests and metrics). */
  long batchesCommitted() {
    return batches.get();
  }

  long transfersCommitted() {
    return written.get();
  }

  /** Tests: keeps submitted transfers queued until {@link #release()}, so that they make one batch. */
  void hold() {
    held = true;
  }

  void release() {
    held = false;
    drain();
  }

  private void drain() {
    while (!held && !queue.isEmpty()) {
      int n = inFlight.get();
      if (n >= maxInFlight) {
        return; // the batch in flight drains again when it ends
      }
      if (!inFlight.compareAndSet(n, n + 1)) {
        continue;
      }
      List<Pending> batch = new ArrayList<>();
      for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null;) {
        batch.add(p);
      }
      if (batch.isEmpty()) {
        inFlight.decrementAndGet();
        continue;
      }
      run(batch, 1).onComplete(ar -> {
        inFlight.decrementAndGet();
        drain();
      });
    }
  }

  /** What a batch decided: each transfer's answer (a Transfer or a failure) and the accounts it changed. */
  private record Decided(List<Object> answers, List<AccountState> changed, List<NewTransfer> inserts) {

    int writes() {
      return inserts.size();
    }
  }

  private Future<Void> run(List<Pending> batch, int attempt) {
    return db.pool().withTransaction(tx -> write(tx, batch)).compose(decided -> {
      if (decided.writes() > 0) {
        batches.incrementAndGet();
        written.addAndGet(decided.writes());
      }
      decided.changed().forEach(announce);
      for (int i = 0; i < batch.size(); i++) {
        settle(batch.get(i), decided.answers().get(i));
      }
      return Future.<Void>succeededFuture();
    }, failure -> {
      if (LedgerService.retryable(failure) && attempt < LedgerService.MAX_ATTEMPTS) {
        return delay(Math.min(50, attempt * 2L)).compose(v -> run(batch, attempt + 1));
      }
      if (batch.size() > 1) {
        // Something in the batch was refused by the database: each transfer on its own, in arrival
        // order (a later one may spend what an earlier one brought), so the one at fault fails alone.
        Future<Void> alone = Future.succeededFuture();
        for (Pending p : batch) {
          alone = alone.compose(v -> run(List.of(p), 1));
        }
        return alone;
      }
      Pending p = batch.get(0);
      settle(p, LedgerService.retryable(failure)
          ? PlatformException.unavailable("transfer " + p.request().idempotencyKey() + " kept conflicting after "
              + attempt + " attempts", failure)
          : failure);
      return Future.<Void>succeededFuture();
    });
  }

  private Future<Decided> write(SqlConnection tx, List<Pending> batch) {
    Set<String> accountIds = new LinkedHashSet<>();
    List<String> keys = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      accountIds.add(p.debitId());
      accountIds.add(p.creditId());
      keys.add(p.request().idempotencyKey());
    }
    if (arrays) {
      return writeArrays(tx, batch, accountIds, keys);
    }
    return store.lockAll(tx, accountIds)
        .compose(locked -> store.transfersByKeys(tx, keys).compose(made -> {
          Decided decided = decide(batch, locked, made);
          if (decided.writes() == 0) {
            return Future.succeededFuture(decided);
          }
          return store.setBalances(tx, newBalances(locked, decided.changed())).compose(allChanged -> {
            if (!allChanged) {
              throw LedgerService.changedUnderLock(String.join(",", locked.keySet()));
            }
            return store.insertTransfers(tx, decided.inserts());
          }).map(v -> decided);
        }));
  }

  /**
   * The same transaction on PostgreSQL in four round trips: {@code BEGIN}; the lock and the keys'
   * lookup sent together (the client pipelines them on the connection); the balances, the
   * transfers and their entries sent together, one array statement each; {@code COMMIT}. A
   * failing statement aborts the transaction, so the ones sent after it fail too and nothing is
   * written.
   */
  private Future<Decided> writeArrays(SqlConnection tx, List<Pending> batch, Set<String> accountIds,
      List<String> keys) {
    Future<Map<String, AccountState>> locking = store.lockAllArray(tx, accountIds);
    Future<Map<String, KeyedTransfer>> looking = store.transfersByKeysArray(tx, keys);
    return Future.all(locking, looking).compose(both -> {
      Map<String, AccountState> locked = locking.result();
      Decided decided = decide(batch, locked, looking.result());
      if (decided.writes() == 0) {
        return Future.succeededFuture(decided);
      }
      Future<Boolean> balances = store.setBalancesArray(tx, newBalances(locked, decided.changed()));
      Future<Void> inserts = store.insertTransfersArray(tx, decided.inserts());
      return Future.all(balances, inserts).map(v -> {
        if (!balances.result()) {
          throw LedgerService.changedUnderLock(String.join(",", locked.keySet()));
        }
        return decided;
      });
    });
  }

  private Decided decide(List<Pending> batch, Map<String, AccountState> locked, Map<String, KeyedTransfer> made) {
    Map<String, AccountState> now = new HashMap<>(locked);
    Map<String, String> hashByKey = new HashMap<>();
    Map<String, Transfer> writtenByKey = new HashMap<>();
    List<Object> answers = new ArrayList<>(batch.size());
    List<NewTransfer> inserts = new ArrayList<>();
    long at = clock.millis();
    for (Pending p : batch) {
      TransferRequest request = p.request();
      String key = request.idempotencyKey();
      try {
        KeyedTransfer earlier = made.get(key);
        if (earlier != null) {
          answers.add(LedgerService.made(Optional.of(earlier), p.hash()).orElseThrow());
          continue;
        }
        Transfer first = writtenByKey.get(key);
        if (first != null) {
          // The same key twice in one batch: a retry of the first transfer, or refused for other content.
          answers.add(LedgerService
              .made(Optional.of(new KeyedTransfer(Objects.requireNonNull(hashByKey.get(key)), replayed(first))),
                  p.hash())
              .orElseThrow());
          continue;
        }
        Transfer moved = apply(p, now, at, inserts);
        writtenByKey.put(key, moved);
        hashByKey.put(key, p.hash());
        answers.add(moved);
      } catch (RuntimeException refused) {
        answers.add(refused);
      }
    }
    List<AccountState> changed = new ArrayList<>();
    now.forEach((id, state) -> {
      if (state.version() != Objects.requireNonNull(locked.get(id)).version()) {
        changed.add(state);
      }
    });
    return new Decided(answers, changed, inserts);
  }

  /** Checks one transfer against the balances so far in this batch, and moves the money in memory. */
  private Transfer apply(Pending p, Map<String, AccountState> now, long at, List<NewTransfer> inserts) {
    TransferRequest request = p.request();
    AccountState debit = account(now, p.debitId());
    AccountState credit = account(now, p.creditId());
    String currency = request.currency().getCurrencyCode();
    if (!debit.currency().equals(currency) || !credit.currency().equals(currency)) {
      throw new IllegalStateException("account currencies differ from the transfer's " + currency);
    }
    long amount = request.amount();
    if (debit.kind() != AccountKind.ISSUING && debit.balance() < amount) {
      throw LedgerService.insufficient(request, debit.balance());
    }
    AccountState debited = new AccountState(debit.id(), debit.kind(), debit.ownerId(), currency,
        debit.balance() - amount, debit.version() + 1);
    AccountState credited = new AccountState(credit.id(), credit.kind(), credit.ownerId(), currency,
        Math.addExact(credit.balance(), amount), credit.version() + 1);
    now.put(debit.id(), debited);
    now.put(credit.id(), credited);
    String id = ids.newId();
    inserts.add(new NewTransfer(id, request, p.hash(), debit.id(), credit.id(), ids.newId(), ids.newId(), at));
    return new Transfer(id, request.kind(), request.from(), request.to(), amount, request.reference(), request.note(),
        request.createdBy(), at, false);
  }

  private static AccountState account(Map<String, AccountState> now, String id) {
    AccountState state = now.get(id);
    if (state == null) {
      throw new IllegalStateException("ledger account " + id + " is missing");
    }
    return state;
  }

  private static Transfer replayed(Transfer t) {
    return new Transfer(t.id(), t.kind(), t.from(), t.to(), t.amount(), t.reference(), t.note(), t.createdBy(),
        t.createdAt(), true);
  }

  private static List<NewBalance> newBalances(Map<String, AccountState> locked, List<AccountState> changed) {
    List<NewBalance> out = new ArrayList<>(changed.size());
    for (AccountState s : changed) {
      out.add(new NewBalance(s.id(), Objects.requireNonNull(locked.get(s.id())).version(), s.balance(), s.version()));
    }
    return out;
  }

  private static void settle(Pending p, Object answer) {
    Runnable complete = () -> {
      if (answer instanceof Transfer t) {
        p.promise().tryComplete(t);
      } else {
        p.promise().tryFail((Throwable) answer);
      }
    };
    Context context = p.context();
    if (context == null || context == Vertx.currentContext()) {
      complete.run();
    } else {
      context.runOnContext(v -> complete.run());
    }
  }

  private Future<Void> delay(long millis) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, t -> promise.complete());
    return promise.future();
  }
}
