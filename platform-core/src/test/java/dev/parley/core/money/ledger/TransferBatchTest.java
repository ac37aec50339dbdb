package dev.parley.core.money.ledger;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit of transfers on both databases: transfers queued together share one transaction,
 * and a transfer refused in a batch (for want of funds, or by a database constraint) fails alone
 * while its batch-mates commit. Every test ends with a clean reconciliation.
 */
class TransferBatchTest extends PlatformTestBase {

  private static final Currency EUR = Currency.getInstance("EUR");

  private LedgerService ledger;
  private TransferBatcher batcher;

  @Override
  protected void setUp() {
    ledger = p.platform().ledger();
    batcher = ledger.batcher();
  }

  @AfterEach
  void reconciliationIsClean() {
    if (p != null) {
      batcher.release();
      Reconciliation r = await(ledger.reconcile());
      assertThat(r.differences()).as("reconciliation after the test").isEmpty();
    }
  }

  private static String owner() {
    return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 19);
  }

  private static String key() {
    return "test:" + UUID.randomUUID();
  }

  /** Funds the wallet (which also makes its account known, so its payments go straight to a batch). */
  private void fund(String owner, long amount) {
    await(ledger.transfer(new TransferRequest(key(), TransferKind.TOPUP, AccountRef.issuing(EUR),
        AccountRef.wallet(owner, EUR), amount, "", "", "test")));
  }

  private static TransferRequest payment(String key, String from, String to, long amount) {
    return new TransferRequest(key, TransferKind.PAYMENT, AccountRef.wallet(from, EUR), AccountRef.wallet(to, EUR),
        amount, "", "", from);
  }

  private long balance(String owner) {
    return await(ledger.balance(AccountRef.wallet(owner, EUR)));
  }

  private static Throwable failure(Future<?> future) {
    return await(future.transform(ar -> Future.succeededFuture(ar.failed() ? ar.cause() : null)));
  }

  private long count(String sql, Object... args) {
    return p.sql(sql, args).get(0).getLong("n");
  }

  @Test
  void transfersQueuedTogether_shareOneTransaction() {
    List<String> wallets = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String w = owner();
      fund(w, 100_00);
      wallets.add(w);
    }
    long batchesBefore = batcher.batchesCommitted();
    long transfersBefore = batcher.transfersCommitted();

    batcher.hold();
    List<Future<Transfer>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(ledger.transfer(payment(key(), wallets.get(i % 10), wallets.get((i * 3 + 1) % 10), 1_00 + i)));
    }
    batcher.release();
    List<Transfer> made = sent.stream().map(f -> await(f)).toList();

    assertThat(made).allMatch(t -> !t.replayed());
    long batches = batcher.batchesCommitted() - batchesBefore;
    long transfers = batcher.transfersCommitted() - transfersBefore;
    assertThat(transfers).isEqualTo(50);
    assertThat(batches).as("batches for 50 transfers").isPositive().isLessThan(transfers);
    assertThat(wallets.stream().mapToLong(this::balance).sum()).isEqualTo(10 * 100_00);
  }

  @Test
  void aTransferWithoutFunds_failsAlone_itsBatchMatesCommit() {
    String alice = owner();
    String bob = owner();
    String carol = owner();
    fund(alice, 10_00);
    fund(bob, 10_00);
    fund(carol, 1);
    long batchesBefore = batcher.batchesCommitted();

    batcher.hold();
    Future<Transfer> first = ledger.transfer(payment(key(), alice, bob, 6_00));
    Future<Transfer> tooMuch = ledger.transfer(payment(key(), alice, carol, 6_00)); // 4.00 left after the first
    Future<Transfer> third = ledger.transfer(payment(key(), bob, carol, 2_00));
    Future<Transfer> fourth = ledger.transfer(payment(key(), alice, carol, 4_00));
    batcher.release();

    await(first);
    Throwable refused = failure(tooMuch);
    await(third);
    await(fourth);
    assertThat(refused).isInstanceOf(PlatformException.class);
    assertThat(((PlatformException) refused).reason()).isEqualTo(PlatformException.Reason.INSUFFICIENT_FUNDS);
    assertThat(refused.getMessage()).contains("4.00 EUR", "6.00 EUR");
    assertThat(batcher.batchesCommitted() - batchesBefore).as("one batch for the four").isEqualTo(1);
    assertThat(balance(alice)).isZero();
    assertThat(balance(bob)).isEqualTo(14_00);
    assertThat(balance(carol)).isEqualTo(6_01);
  }

  @Test
  void aTransferRefusedByTheDatabase_failsAlone_itsBatchMatesCommit() {
    String alice = owner();
    String bob = owner();
    fund(alice, 100_00);
    fund(bob, 1);
    String refusedKey = key();
    p.sql("ALTER TABLE transfers ADD CONSTRAINT test_no_777 CHECK (amount <> 777)");
    try {
      batcher.hold();
      List<Future<Transfer>> fine = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        fine.add(ledger.transfer(payment(key(), alice, bob, 1_00)));
      }
      Future<Transfer> refused = ledger.transfer(payment(refusedKey, alice, bob, 777));
      for (int i = 0; i < 5; i++) {
        fine.add(ledger.transfer(payment(key(), bob, alice, 50)));
      }
      batcher.release();

      fine.forEach(f -> assertThat(await(f).replayed()).isFalse());
      assertThat(failure(refused)).isNotNull().isNotInstanceOf(PlatformException.class);
    } finally {
      p.sql("ALTER TABLE transfers DROP CONSTRAINT test_no_777");
    }
    assertThat(count("SELECT COUNT(*) AS n FROM transfers WHERE idempotency_key = ?", refusedKey)).isZero();
    assertThat(balance(alice)).isEqualTo(100_00 - 5 * 1_00 + 5 * 50);
    assertThat(balance(bob)).isEqualTo(1 + 5 * 1_00 - 5 * 50);
  }

  @Test
  void theSameKeyTwiceInOneBatch_movesMoneyOnce() {
    String alice = owner();
    String bob = owner();
    fund(alice, 10_00);
    fund(bob, 1);
    String key = key();

    batcher.hold();
    Future<Transfer> once = ledger.transfer(payment(key, alice, bob, 3_00));
    Future<Transfer> again = ledger.transfer(payment(key, alice, bob, 3_00));
    Future<Transfer> other = ledger.transfer(payment(key, alice, bob, 4_00));
    batcher.release();

    Transfer first = await(once);
    Transfer second = await(again);
    assertThat(first.replayed()).isFalse();
    assertThat(second.replayed()).isTrue();
    assertThat(second.id()).isEqualTo(first.id());
    Throwable conflict = failure(other);
    assertThat(conflict).isInstanceOf(PlatformException.class);
    assertThat(((PlatformException) conflict).reason()).isEqualTo(PlatformException.Reason.CONFLICT);
    assertThat(balance(alice)).isEqualTo(7_00);
    assertThat(count("SELECT COUNT(*) AS n FROM transfers WHERE idempotency_key = ?", key)).isEqualTo(1);
  }
}
