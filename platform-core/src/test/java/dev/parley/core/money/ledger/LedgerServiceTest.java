package dev.parley.core.money.ledger;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.TestSql;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger's promises on both databases: money moves once per key, never below zero, never lost
 * or made under concurrency, and every test ends with a clean reconciliation.
 */
class LedgerServiceTest extends PlatformTestBase {

  private static final Currency EUR = Currency.getInstance("EUR");
  private static final Currency JPY = Currency.getInstance("JPY");

  private LedgerService ledger;

  @Override
  protected void setUp() {
    ledger = p.platform().ledger();
  }

  @AfterEach
  void reconciliationIsClean() {
    if (p != null) {
      Reconciliation r = await(ledger.reconcile());
      assertThat(r.differences()).as("reconciliation after the test").isEmpty();
      assertThat(r.ok()).isTrue();
    }
  }

  // ---- helpers ----

  private static String owner() {
    return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 19);
  }

  private static String key() {
    return "test:" + UUID.randomUUID();
  }

  private Transfer fund(String owner, Currency currency, long amount) {
    return await(ledger.transfer(new TransferRequest(key(), TransferKind.TOPUP, AccountRef.issuing(currency),
        AccountRef.wallet(owner, currency), amount, "", "", "test")));
  }

  private TransferRequest payment(String key, String from, String to, long amount, String note) {
    return new TransferRequest(key, TransferKind.PAYMENT, AccountRef.wallet(from, EUR), AccountRef.wallet(to, EUR),
        amount,
        "", note, from);
  }

  private long balance(String owner, Currency currency) {
    return await(ledger.balance(AccountRef.wallet(owner, currency)));
  }

  private static Throwable failure(Future<?> future) {
    return await(future.transform(ar -> Future.succeededFuture(ar.failed() ? ar.cause() : null)));
  }

  /** Waits until every future has completed, whether it succeeded or not. */
  private static void settled(List<? extends Future<?>> futures) {
    await(Future.join(futures).transform(ar -> Future.succeededFuture()));
  }

  private long count(String sql, Object... args) {
    return p.sql(sql, args).get(0).getLong("n");
  }

  // ---- tests ----

  @Test
  void transfer_movesMoneyWithTwoEntriesSummingToZero() {
    String alice = owner();
    String bob = owner();
    fund(alice, EUR, 10_00);

    Transfer t = await(ledger.transfer(payment(key(), alice, bob, 2_50, "lunch")));

    assertThat(t.replayed()).isFalse();
    assertThat(t.amount()).isEqualTo(2_50);
    assertThat(balance(alice, EUR)).isEqualTo(7_50);
    assertThat(balance(bob, EUR)).isEqualTo(2_50);
    var entries = p
        .sql("SELECT e.amount, a.owner_id FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id "
            + "WHERE e.transfer_id = ? ORDER BY e.amount", t.id());
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).getLong("amount")).isEqualTo(-2_50);
    assertThat(entries.get(0).getString("owner_id")).isEqualTo(alice);
    assertThat(entries.get(1).getLong("amount")).isEqualTo(2_50);
    assertThat(entries.get(1).getString("owner_id")).isEqualTo(bob);
    assertThat(p.sql("SELECT note, kind, created_by FROM transfers WHERE id = ?", t.id()).get(0).getString("note"))
        .isEqualTo("lunch");
  }

  @Test
  void transfer_issuingAccountGoesBelowZeroAndTheCurrencyStillSumsToZero() {
    String carol = owner();
    fund(carol, JPY, 1_200);

    assertThat(await(ledger.balance(AccountRef.issuing(JPY)))).isNegative();
    assertThat(count("SELECT CAST(SUM(balance) AS BIGINT) AS n FROM ledger_accounts WHERE currency = 'JPY'")).isZero();
  }

  @Test
  void transfer_withInsufficientFunds_isRefusedAndWritesNothing() {
    String alice = owner();
    String bob = owner();
    fund(alice, EUR, 10_00);
    long transfers = count("SELECT COUNT(*) AS n FROM transfers");
    long entries = count("SELECT COUNT(*) AS n FROM ledger_entries");
    String key = key();

    Throwable refused = failure(ledger.transfer(payment(key, alice, bob, 10_01, "")));

    assertThat(refused).isInstanceOf(PlatformException.class);
    assertThat(((PlatformException) refused).reason()).isEqualTo(PlatformException.Reason.INSUFFICIENT_FUNDS);
    assertThat(refused.getMessage()).contains("insufficient funds", "10.00 EUR", "10.01 EUR");
    assertThat(balance(alice, EUR)).isEqualTo(10_00);
    assertThat(balance(bob, EUR)).isZero();
    assertThat(count("SELECT COUNT(*) AS n FROM transfers")).isEqualTo(transfers);
    assertThat(count("SELECT COUNT(*) AS n FROM ledger_entries")).isEqualTo(entries);
    assertThat(count("SELECT COUNT(*) AS n FROM transfers WHERE idempotency_key = ?", key)).isZero();
    assertThat(count("SELECT COUNT(*) AS n FROM ledger_accounts WHERE owner_id = ?", bob)).as("payee's wallet")
        .isZero();

    // all of it is fine, and the refused key is free for the retry once there is money
    Transfer all = await(ledger.transfer(payment(key, alice, bob, 10_00, "")));
    assertThat(all.replayed()).isFalse();
    assertThat(balance(alice, EUR)).isZero();
    assertThat(balance(bob, EUR)).isEqualTo(10_00);
  }

  @Test
  void transfer_fromAWalletNeverUsed_isRefusedWithoutCreatingIt() {
    String nobody = owner();
    Throwable refused = failure(ledger.transfer(payment(key(), nobody, owner(), 1, "")));

    assertThat(refused).isInstanceOf(PlatformException.class).hasMessageContaining("insufficient funds");
    assertThat(count("SELECT COUNT(*) AS n FROM ledger_accounts WHERE owner_id = ?", nobody)).isZero();
  }

  @Test
  void transfer_retriedWithTheSameKeyAndContent_answersTheFirstTransfer() {
    String alice = owner();
    String bob = owner();
    fund(alice, EUR, 5_00);
    String key = key();

    Transfer first = await(ledger.transfer(payment(key, alice, bob, 1_00, "coffee")));
    Transfer again = await(ledger.transfer(payment(key, alice, bob, 1_00, "coffee")));

    assertThat(again.replayed()).isTrue();
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.createdAt()).isEqualTo(first.createdAt());
    assertThat(balance(alice, EUR)).isEqualTo(4_00);
    assertThat(balance(bob, EUR)).isEqualTo(1_00);
  }

  @Test
  void transfer_sameKeyWithOtherContent_isRefusedAndMovesNothing() {
    String alice = owner();
    String bob = owner();
    fund(alice, EUR, 5_00);
    String key = key();
    await(ledger.transfer(payment(key, alice, bob, 1_00, "coffee")));

    for (TransferRequest other : List.of(payment(key, alice, bob, 2_00, "coffee"),
        payment(key, alice, bob, 1_00, "tea"),
        payment(key, alice, owner(), 1_00, "coffee"))) {
      Throwable refused = failure(ledger.transfer(other));
      assertThat(refused).isInstanceOf(PlatformException.class);
      assertThat(((PlatformException) refused).reason()).isEqualTo(PlatformException.Reason.CONFLICT);
      assertThat(refused.getMessage()).contains("idempotency key was already used for a different request");
    }
    assertThat(balance(alice, EUR)).isEqualTo(4_00);
    assertThat(balance(bob, EUR)).isEqualTo(1_00);
  }

  @Test
  void transfer_sameKey50TimesConcurrently_movesMoneyOnce() {
    String alice = owner();
    String bob = owner();
    fund(alice, EUR, 100_00);
    String key = key();

    List<Future<Transfer>> attempts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      attempts.add(ledger.transfer(payment(key, alice, bob, 12_50, "rent share")));
    }
    settled(attempts);

    assertThat(attempts).allSatisfy(f -> assertThat(f.succeeded()).as("%s", f.cause()).isTrue());
    assertThat(attempts.stream().map(f -> f.result().id()).distinct()).hasSize(1);
    assertThat(attempts.stream().filter(f -> !f.result().replayed())).hasSize(1);
    assertThat(balance(alice, EUR)).isEqualTo(87_50);
    assertThat(balance(bob, EUR)).isEqualTo(12_50);
    assertThat(count("SELECT COUNT(*) AS n FROM transfers WHERE idempotency_key = ?", key)).isEqualTo(1);
  }

  @Test
  void transfers_1000ConcurrentRandomAmong50Wallets_keepTheTotalAndReconcile() {
    List<String> wallets = new ArrayList<>();
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      String w = owner();
      wallets.add(w);
      fund(w, EUR, 20_00);
      expected.put(w, 20_00L);
    }
    Random random = new Random(42);
    List<TransferRequest> requests = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String from = wallets.get(random.nextInt(50));
      String to = wallets.get(random.nextInt(50));
      while (to.equals(from)) {
        to = wallets.get(random.nextInt(50));
      }
      // up to 15.00 of 20.00: some will meet an emptied wallet and must be refused cleanly
      requests.add(payment(key(), from, to, 1 + random.nextInt(15_00), "random " + i));
    }

    List<Future<Transfer>> results = new ArrayList<>();
    requests.forEach(r -> results.add(ledger.transfer(r)));
    settled(results);

    int moved = 0;
    for (int i = 0; i < results.size(); i++) {
      Future<Transfer> f = results.get(i);
      if (f.succeeded()) {
        moved++;
        TransferRequest r = requests.get(i);
        expected.merge(r.from().ownerId(), -r.amount(), Long::sum);
        expected.merge(r.to().ownerId(), r.amount(), Long::sum);
      } else {
        assertThat(f.cause()).isInstanceOf(PlatformException.class).hasMessageContaining("insufficient funds");
      }
    }
    assertThat(moved).as("transfers that went through").isGreaterThan(500);
    long total = 0;
    for (String w : wallets) {
      long b = balance(w, EUR);
      assertThat(b).as("wallet %s", w).isEqualTo(expected.get(w)).isNotNegative();
      total += b;
    }
    assertThat(total).isEqualTo(50 * 20_00L);
    assertThat(count("SELECT COUNT(*) AS n FROM transfers WHERE note LIKE 'random %' AND created_by IN ("
        + String.join(", ", wallets.stream().map(w -> "'" + w + "'").toList()) + ")")).isEqualTo(moved);
  }

  @Test
  void oppositeTransfersBetweenTwoWallets_concurrently_doNotDeadlock() {
    String alice = owner();
    String bob = owner();
    fund(alice, EUR, 100_00);
    fund(bob, EUR, 100_00);
    List<Future<Transfer>> results = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      results.add(
          ledger.transfer(i % 2 == 0 ? payment(key(), alice, bob, 1_00, "") : payment(key(), bob, alice, 1_00, "")));
    }
    settled(results);

    assertThat(results).allSatisfy(f -> assertThat(f.succeeded()).as("%s", f.cause()).isTrue());
    assertThat(balance(alice, EUR)).isEqualTo(100_00);
    assertThat(balance(bob, EUR)).isEqualTo(100_00);
  }

  @Test
  void reconcile_reportsACorruptedBalance() {
    String alice = owner();
    fund(alice, EUR, 3_00);
    String id = p.sql("SELECT id FROM ledger_accounts WHERE kind = 'wallet' AND owner_id = ?", alice).get(0)
        .getString("id");
    p.sql("UPDATE ledger_accounts SET balance = balance + 1 WHERE id = ?", id);
    try {
      Reconciliation r = await(ledger.reconcile());

      assertThat(r.ok()).isFalse();
      assertThat(r.accounts()).isPositive();
      assertThat(r.transfers()).isPositive();
      assertThat(r.differences()).anySatisfy(d -> {
        assertThat(d.kind()).isEqualTo("balance");
        assertThat(d.subject()).isEqualTo(id);
        assertThat(d.expected()).isEqualTo(3_00);
        assertThat(d.actual()).isEqualTo(3_01);
        assertThat(d.message()).contains("stored balance 3.01", "sum to 3.00");
      });
      assertThat(r.differences()).anySatisfy(d -> {
        assertThat(d.kind()).isEqualTo("currency");
        assertThat(d.subject()).isEqualTo("EUR");
        assertThat(d.actual()).isEqualTo(1);
      });
      assertThat(r.toJson().getBoolean("ok")).isFalse();
    } finally {
      p.sql("UPDATE ledger_accounts SET balance = balance - 1 WHERE id = ?", id);
    }
  }

  @Test
  void reconcile_reportsATransferWhoseEntriesDoNotBalance() {
    String alice = owner();
    Transfer t = fund(alice, EUR, 4_00);
    String entry = p.sql("SELECT id FROM ledger_entries WHERE transfer_id = ? AND amount > 0", t.id()).get(0)
        .getString("id");
    // a forged extra cent: balance and entry agree, but the transfer no longer sums to zero
    p.sql("UPDATE ledger_entries SET amount = amount + 1 WHERE id = ?", entry);
    p.sql("UPDATE ledger_accounts SET balance = balance + 1 WHERE kind = 'wallet' AND owner_id = ?", alice);
    try {
      Reconciliation r = await(ledger.reconcile());

      assertThat(r.differences()).anySatisfy(d -> {
        assertThat(d.kind()).isEqualTo("transfer");
        assertThat(d.subject()).isEqualTo(t.id());
        assertThat(d.actual()).isEqualTo(1);
      });
      assertThat(r.differences()).noneMatch(d -> d.kind().equals("balance"));
    } finally {
      p.sql("UPDATE ledger_entries SET amount = amount - 1 WHERE id = ?", entry);
      p.sql("UPDATE ledger_accounts SET balance = balance - 1 WHERE kind = 'wallet' AND owner_id = ?", alice);
    }
  }

  @Test
  void database_refusesANegativeWalletBalanceEvenWhenAskedDirectly() {
    String alice = owner();
    fund(alice, EUR, 1_00);
    Throwable refused = failure(TestSql.query(p.platform().database(),
        "UPDATE ledger_accounts SET balance = -1 WHERE kind = 'wallet' AND owner_id = ?", alice));

    assertThat(refused).isNotNull();
    assertThat(balance(alice, EUR)).isEqualTo(1_00);
  }
}
