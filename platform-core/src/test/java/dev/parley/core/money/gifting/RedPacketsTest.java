package dev.parley.core.money.gifting;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.StrictClock;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.PlatformException.Reason;
import dev.parley.core.money.gifting.RedPacket.Claim;
import dev.parley.core.money.gifting.RedPacket.Status;
import dev.parley.core.money.ledger.AccountRef;
import dev.parley.core.money.ledger.LedgerService;
import dev.parley.core.money.ledger.Reconciliation;
import dev.parley.core.money.ledger.TransferKind;
import dev.parley.core.money.ledger.TransferRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Red packets on both databases: splits as stored, creation once per key, 1,000 concurrent claims
 * on 100 shares, one claim per member, non-members refused, expiry returning the rest once even
 * with two sweeping nodes, unpaid claims paid by the sweep. The packets here run on a clock the
 * test moves; every test ends with a clean reconciliation and the money outside the issuing
 * account unchanged by anything but top-ups.
 */
class RedPacketsTest extends PlatformTestBase {

  private static final Currency EUR = Currency.getInstance("EUR");
  private static final long HOUR = 60 * 60 * 1000L;

  private LedgerService ledger;
  private final StrictClock clock = new StrictClock();
  private RedPackets packets;
  private final IdGenerator ids = IdGenerator.secure();
  private final AtomicLong funded = new AtomicLong();

  @Override
  protected void setUp() {
    ledger = p.platform().ledger();
    packets = node(20_240_101L);
  }

  /** Another "node": its own RedPackets on the same database and clock. */
  private RedPackets node(long seed) {
    return new RedPackets(p.vertx(), p.platform().database(), clock, ids, p.platform().chat(), ledger,
        new RedPacketOptions(), RedPacketSplitsTest.seeded(seed));
  }

  @BeforeEach
  void noteFunded() { // after the base's check that the database is there
    funded.set(outsideIssuing());
  }

  @AfterEach
  void reconciliationIsClean() {
    if (p != null) {
      Reconciliation r = await(ledger.reconcile());
      assertThat(r.differences()).as("reconciliation after the test").isEmpty();
      assertThat(outsideIssuing()).as("money outside the issuing account: only top-ups add to it")
          .isEqualTo(funded.get());
    }
  }

  // ---- helpers ----

  private long outsideIssuing() {
    return p.sql("SELECT CAST(COALESCE(SUM(balance), 0) AS BIGINT) AS n FROM ledger_accounts WHERE kind <> 'issuing'")
        .get(0).getLong("n");
  }

  /** {@code n} accounts written straight into the database (signing 1,000 people up over HTTP is slow). */
  private List<String> users(int n) {
    List<String> out = new ArrayList<>();
    for (int from = 0; from < n; from += 200) {
      StringBuilder sql = new StringBuilder(
          "INSERT INTO accounts (id, username, display_name, password_hash, created_at) VALUES ");
      List<Object> args = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + 200); i++) {
        String id = ids.newId();
        out.add(id);
        sql.append(i == from ? "" : ", ").append("(?, ?, ?, 'none', 0)");
        args.add(id);
        args.add("u" + id);
        args.add("User " + i);
      }
      p.sql(sql.toString(), args.toArray());
    }
    return out;
  }

  /** A conversation of {@code kind} ("group" or "direct") of these accounts, the first its owner. */
  private String conversation(String kind, List<String> members) {
    String id = ids.newId();
    p.sql(
        "INSERT INTO conversations (id, kind, title, created_by, last_seq, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0, 0)",
        id, kind, kind.equals("group") ? "Red packets" : null, members.get(0));
    for (int from = 0; from < members.size(); from += 200) {
      StringBuilder sql = new StringBuilder(
          "INSERT INTO conversation_members (conversation_id, account_id, role, joined_at) VALUES ");
      List<Object> args = new ArrayList<>();
      for (int i = from; i < Math.min(members.size(), from + 200); i++) {
        sql.append(i == from ? "" : ", ").append("(?, ?, ?, 0)");
        args.add(id);
        args.add(members.get(i));
        args.add(i == 0 ? "owner" : "member");
      }
      p.sql(sql.toString(), args.toArray());
    }
    return id;
  }

  private void fund(String user, long amount) {
    await(ledger.transfer(new TransferRequest("test:" + UUID.randomUUID(), TransferKind.TOPUP, AccountRef.issuing(EUR),
        AccountRef.wallet(user, EUR), amount, "", "", "test")));
    funded.addAndGet(amount);
  }

  private long wallet(String user) {
    return await(ledger.balance(AccountRef.wallet(user, EUR)));
  }

  private long escrow(String packetId) {
    return await(ledger.balance(AccountRef.escrow(packetId, EUR)));
  }

  private RedPacket create(String sender, String conversation, long total, int shares, SplitMode mode) {
    return await(
        packets.create(sender, conversation, EUR, total, shares, mode, "Happy new year", "k" + UUID.randomUUID()));
  }

  private static Throwable failure(Future<?> future) {
    return await(future.transform(ar -> Future.succeededFuture(ar.failed() ? ar.cause() : null)));
  }

  private static void assertRefused(Future<?> future, Reason reason, String text) {
    Throwable f = failure(future);
    assertThat(f).isInstanceOf(PlatformException.class);
    assertThat(((PlatformException) f).reason()).as(f.getMessage()).isEqualTo(reason);
    assertThat(f.getMessage()).contains(text);
  }

  private List<Long> shareAmounts(String packetId) {
    List<Long> out = new ArrayList<>();
    p.sql("SELECT amount FROM red_packet_shares WHERE packet_id = ? ORDER BY share_index", packetId)
        .forEach(r -> out.add(r.getLong("amount")));
    return out;
  }

  private long count(String sql, Object... args) {
    return p.sql(sql, args).get(0).getLong("n");
  }

  // ---- tests ----

  @Test
  void create_equal_movesTheTotalIntoEscrowSplitEvenly() {
    List<String> u = users(4);
    String group = conversation("group", u);
    fund(u.get(0), 20_00);

    RedPacket packet = create(u.get(0), group, 10_00, 3, SplitMode.EQUAL);

    assertThat(packet.status()).isEqualTo(Status.ACTIVE);
    assertThat(packet.replayed()).isFalse();
    assertThat(packet.expiresAt() - packet.createdAt()).isEqualTo(RedPacketOptions.DEFAULT_EXPIRY_MILLIS);
    assertThat(shareAmounts(packet.id())).containsExactly(334L, 333L, 333L);
    assertThat(wallet(u.get(0))).isEqualTo(10_00);
    assertThat(escrow(packet.id())).isEqualTo(10_00);
    JsonObject row = p.sql("SELECT escrow_account, fund_transfer FROM red_packets WHERE id = ?", packet.id()).get(0);
    assertThat(row.getString("escrow_account")).isNotNull();
    assertThat(p.sql("SELECT idempotency_key, kind FROM transfers WHERE id = ?", row.getString("fund_transfer")).get(0))
        .isEqualTo(new JsonObject().put("idempotency_key", "packet:" + packet.id() + ":fund").put("kind", "escrow"));
  }

  @Test
  void create_lucky_storesRandomSharesOfAtLeastOneSummingToTheTotal() {
    List<String> u = users(2);
    String group = conversation("group", u);
    Random cases = new Random(5);
    fund(u.get(0), 1_000_000_00);
    for (int i = 0; i < 25; i++) {
      int shares = 1 + cases.nextInt(i % 5 == 0 ? 500 : 30);
      long total = shares + (i % 3 == 0 ? cases.nextInt(3) : cases.nextInt(50_000_00));
      RedPacket packet = create(u.get(0), group, total, shares, SplitMode.LUCKY);
      List<Long> amounts = shareAmounts(packet.id());
      assertThat(amounts).hasSize(shares);
      assertThat(amounts.stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
      assertThat(amounts).allMatch(a -> a >= 1);
      assertThat(escrow(packet.id())).isEqualTo(total);
    }
  }

  @Test
  void create_refusesMoreSharesThanMinorUnitsAndBadInput() {
    List<String> u = users(2);
    String group = conversation("group", u);
    fund(u.get(0), 10_00);
    assertRefused(packets.create(u.get(0), group, EUR, 5, 6, SplitMode.LUCKY, "", "k1"), Reason.INVALID,
        "at least 0.01");
    assertRefused(packets.create(u.get(0), group, EUR, 5_00, 0, SplitMode.EQUAL, "", "k2"), Reason.INVALID, "shares");
    assertRefused(packets.create(u.get(0), group, EUR, 5_00, 501, SplitMode.EQUAL, "", "k3"), Reason.INVALID, "shares");
    assertRefused(packets.create(u.get(0), group, EUR, 5_00, 2, SplitMode.EQUAL, "x".repeat(101), "k4"), Reason.INVALID,
        "message");
    assertRefused(packets.create(users(1).get(0), group, EUR, 5_00, 2, SplitMode.EQUAL, "", "k5"), Reason.NOT_FOUND,
        "conversation");
    String direct = conversation("direct", u);
    assertRefused(packets.create(u.get(0), direct, EUR, 5_00, 2, SplitMode.EQUAL, "", "k6"), Reason.INVALID,
        "one share");
    assertThat(count("SELECT COUNT(*) AS n FROM red_packets WHERE sender_id = ?", u.get(0))).isZero();
    assertThat(wallet(u.get(0))).isEqualTo(10_00);
  }

  @Test
  void create_retriedWithTheSameKey_createsOnePacket() {
    List<String> u = users(2);
    String group = conversation("group", u);
    fund(u.get(0), 100_00);
    String key = "retry-" + UUID.randomUUID();

    List<Future<RedPacket>> attempts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      attempts.add(packets.create(u.get(0), group, EUR, 30_00, 7, SplitMode.LUCKY, "once", key));
    }
    await(Future.join(attempts).transform(ar -> Future.succeededFuture()));

    Set<String> ids = new HashSet<>();
    for (Future<RedPacket> a : attempts) {
      assertThat(a.succeeded()).as("attempt: %s", a.cause()).isTrue();
      ids.add(a.result().id());
    }
    assertThat(ids).hasSize(1);
    assertThat(attempts.stream().filter(a -> !a.result().replayed()).count()).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) AS n FROM red_packets WHERE sender_id = ?", u.get(0))).isEqualTo(1);
    assertThat(wallet(u.get(0))).isEqualTo(70_00);
    assertThat(escrow(ids.iterator().next())).isEqualTo(30_00);
    assertThat(await(packets.create(u.get(0), group, EUR, 30_00, 7, SplitMode.LUCKY, "once", key)).replayed()).isTrue();

    assertRefused(packets.create(u.get(0), group, EUR, 31_00, 7, SplitMode.LUCKY, "once", key), Reason.CONFLICT,
        "already used for a different red packet");
    assertThat(wallet(u.get(0))).isEqualTo(70_00);
  }

  @Test
  void create_withTooLittleInTheWallet_movesNothing_andTheSameKeyCompletesAfterATopUp() {
    List<String> u = users(2);
    String group = conversation("group", u);
    fund(u.get(0), 5_00);
    assertRefused(packets.create(u.get(0), group, EUR, 8_00, 2, SplitMode.EQUAL, "", "short"),
        Reason.INSUFFICIENT_FUNDS,
        "insufficient funds");
    assertThat(wallet(u.get(0))).isEqualTo(5_00);
    String id = p.sql("SELECT id, status FROM red_packets WHERE sender_id = ?", u.get(0)).get(0).getString("id");
    assertRefused(packets.claim(id, u.get(1)), Reason.CONFLICT, "not paid for yet");

    fund(u.get(0), 5_00);
    RedPacket packet = await(packets.create(u.get(0), group, EUR, 8_00, 2, SplitMode.EQUAL, "", "short"));
    assertThat(packet.id()).isEqualTo(id);
    assertThat(packet.status()).isEqualTo(Status.ACTIVE);
    assertThat(wallet(u.get(0))).isEqualTo(2_00);
  }

  @Test
  void thousandConcurrentClaims_onAHundredShares_makeExactlyAHundredClaims() {
    List<String> u = users(1_001);
    String sender = u.get(0);
    List<String> members = u.subList(1, u.size());
    String group = conversation("group", u);
    fund(sender, 500_00);
    RedPacket packet = create(sender, group, 100_00, 100, SplitMode.LUCKY);
    long before = outsideIssuing();

    List<Future<Claim>> claims = new ArrayList<>();
    for (String m : members) {
      claims.add(packets.claim(packet.id(), m));
    }
    await(Future.join(claims).transform(ar -> Future.succeededFuture()));

    List<Claim> won = new ArrayList<>();
    for (Future<Claim> c : claims) {
      if (c.succeeded()) {
        won.add(c.result());
      } else {
        assertThat(c.cause()).isInstanceOf(PlatformException.class);
        assertThat(((PlatformException) c.cause()).reason()).as(c.cause().getMessage()).isEqualTo(Reason.CONFLICT);
        assertThat(c.cause().getMessage()).contains("all 100 shares");
      }
    }
    assertThat(won).hasSize(100);
    assertThat(won.stream().map(Claim::userId).distinct().count()).isEqualTo(100);
    assertThat(won.stream().map(Claim::index).distinct().count()).isEqualTo(100);
    assertThat(won).allMatch(c -> c.transferId().isPresent() && !c.repeated());
    assertThat(won.stream().mapToLong(Claim::amount).sum()).isEqualTo(100_00);
    for (Claim c : won) {
      assertThat(wallet(c.userId())).isEqualTo(c.amount());
    }
    assertThat(escrow(packet.id())).isZero();
    assertThat(outsideIssuing()).isEqualTo(before);
    assertThat(count("SELECT COUNT(*) AS n FROM red_packet_shares WHERE packet_id = ? AND claimed_by IS NOT NULL "
        + "AND transfer_id IS NOT NULL", packet.id())).isEqualTo(100);
    assertThat(
        count("SELECT COUNT(*) AS n FROM transfers WHERE idempotency_key LIKE ?", "packet:" + packet.id() + ":share:%"))
        .isEqualTo(100);
    RedPacket after = await(packets.view(packet.id()));
    assertThat(after.status()).isEqualTo(Status.FINISHED);
    assertThat(after.remaining()).isZero();
    assertThat(after.claims()).hasSize(100);
  }

  @Test
  void claim_oncePerMember_againAnswersTheSameClaim_andTheSenderMayClaimInAGroup() {
    List<String> u = users(3);
    String group = conversation("group", u);
    fund(u.get(0), 10_00);
    RedPacket packet = create(u.get(0), group, 9_00, 3, SplitMode.EQUAL);

    Claim first = await(packets.claim(packet.id(), u.get(1)));
    Claim again = await(packets.claim(packet.id(), u.get(1)));
    assertThat(first.repeated()).isFalse();
    assertThat(again.repeated()).isTrue();
    assertThat(again.index()).isEqualTo(first.index());
    assertThat(again.transferId()).isEqualTo(first.transferId());
    assertThat(wallet(u.get(1))).isEqualTo(3_00);

    Claim own = await(packets.claim(packet.id(), u.get(0)));
    assertThat(own.amount()).isEqualTo(3_00);
    assertThat(wallet(u.get(0))).isEqualTo(4_00);
    assertThat(await(packets.view(packet.id())).claims()).extracting(Claim::userId).containsExactly(u.get(1), u.get(0));
  }

  @Test
  void claim_byANonMember_isNotFound_andTheSenderOfADirectPacketIsRefused() {
    List<String> u = users(3);
    String group = conversation("group", u.subList(0, 2));
    fund(u.get(0), 10_00);
    RedPacket packet = create(u.get(0), group, 2_00, 2, SplitMode.EQUAL);

    assertRefused(packets.claim(packet.id(), u.get(2)), Reason.NOT_FOUND, "red packet");
    assertRefused(packets.get(u.get(2), packet.id()), Reason.NOT_FOUND, "red packet");
    assertRefused(packets.claim("abcdefghijklmnopqrst", u.get(1)), Reason.NOT_FOUND, "red packet");
    assertThat(wallet(u.get(2))).isZero();

    String direct = conversation("direct", u.subList(0, 2));
    RedPacket gift = create(u.get(0), direct, 1_00, 1, SplitMode.EQUAL);
    assertRefused(packets.claim(gift.id(), u.get(0)), Reason.FORBIDDEN, "only the other person");
    assertThat(await(packets.claim(gift.id(), u.get(1))).amount()).isEqualTo(1_00);
    assertRefused(packets.claim(packet.id(), u.get(2)), Reason.NOT_FOUND, "red packet");
  }

  @Test
  void expiry_returnsTheRestOnce_evenWithTwoNodesSweeping_andLaterClaimsAreRefused() {
    List<String> u = users(5);
    String group = conversation("group", u);
    fund(u.get(0), 50_00);
    RedPacket packet = create(u.get(0), group, 10_00, 4, SplitMode.LUCKY);
    long a = await(packets.claim(packet.id(), u.get(1))).amount();
    long b = await(packets.claim(packet.id(), u.get(2))).amount();
    assertThat(wallet(u.get(0))).isEqualTo(40_00);

    assertThat(await(packets.sweep()).expired()).as("not due yet").isZero();
    clock.advance(24 * HOUR);
    assertRefused(packets.claim(packet.id(), u.get(3)), Reason.CONFLICT, "expired");

    RedPackets other = node(7);
    long expiredBefore = count("SELECT COUNT(*) AS n FROM red_packets WHERE status = 'expired'");
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    var consumer = packets.onEvent(events::add);
    try {
      Future<RedPackets.Sweep> one = packets.sweep();
      Future<RedPackets.Sweep> two = other.sweep();
      await(Future.all(one, two));
      // the clock moved for the packets of earlier tests too: each due packet is expired by one node
      assertThat(one.result().expired() + two.result().expired()).as("each expired once")
          .isEqualTo(count("SELECT COUNT(*) AS n FROM red_packets WHERE status = 'expired'") - expiredBefore);
      await(Future.all(packets.sweep(), other.sweep()));
      assertThat(events.stream().filter(e -> e.getJsonObject("packet").getString("id").equals(packet.id())))
          .singleElement().satisfies(e -> {
            assertThat(e.getString("event")).isEqualTo("expired");
            assertThat(e.getJsonObject("packet").getString("status")).isEqualTo("expired");
          });
    } finally {
      await(consumer.unregister());
    }

    long rest = 10_00 - a - b;
    assertThat(wallet(u.get(0))).isEqualTo(40_00 + rest);
    assertThat(escrow(packet.id())).isZero();
    assertThat(
        count("SELECT COUNT(*) AS n FROM transfers WHERE idempotency_key = ?", "packet:" + packet.id() + ":return"))
        .isEqualTo(1);
    RedPacket after = await(packets.view(packet.id()));
    assertThat(after.status()).isEqualTo(Status.EXPIRED);
    assertThat(after.returned()).isEqualTo(rest);
    assertThat(after.claims()).hasSize(2);
    assertRefused(packets.claim(packet.id(), u.get(4)), Reason.CONFLICT, "expired");
    assertThat(await(packets.claim(packet.id(), u.get(1))).repeated()).as("a claimer still sees their claim").isTrue();
    assertThat(wallet(u.get(0))).isEqualTo(40_00 + rest);
  }

  @Test
  void sweep_paysAClaimWhoseTransferIsMissing_once() {
    List<String> u = users(3);
    String group = conversation("group", u);
    fund(u.get(0), 10_00);
    RedPacket packet = create(u.get(0), group, 6_00, 2, SplitMode.EQUAL);
    // a node recorded the claim and died before its transfer
    p.sql("UPDATE red_packet_shares SET claimed_by = ?, claimed_at = ? WHERE packet_id = ? AND share_index = 0",
        u.get(1), clock.millis(), packet.id());
    assertThat(await(packets.sweep()).paid()).as("too recent: its own node may still be paying it").isZero();

    clock.advance(RedPacketOptions.DEFAULT_PAYOUT_RETRY_MILLIS);
    Future<RedPackets.Sweep> one = packets.sweep();
    Future<RedPackets.Sweep> two = node(8).sweep();
    await(Future.all(one, two));
    assertThat(wallet(u.get(1))).isEqualTo(3_00);
    assertThat(escrow(packet.id())).isEqualTo(3_00);
    assertThat(count("SELECT COUNT(*) AS n FROM red_packet_shares WHERE packet_id = ? AND transfer_id IS NULL "
        + "AND claimed_by IS NOT NULL", packet.id())).isZero();
  }

  @Test
  void sweep_expiresAPacketNeverPaidFor_movingNothing() {
    List<String> u = users(2);
    String group = conversation("group", u);
    assertRefused(packets.create(u.get(0), group, EUR, 3_00, 1, SplitMode.EQUAL, "", "never"),
        Reason.INSUFFICIENT_FUNDS,
        "insufficient");
    clock.advance(RedPacketOptions.DEFAULT_FUNDING_TIMEOUT_MILLIS);
    // A sweep takes a batch of the due packets of this whole class (the clock only moves forward):
    // sweep until this one is done, as the periodic job would. Another sweeper may also get there first.
    String sql = "SELECT status, returned_amount, returned_transfer FROM red_packets WHERE sender_id = ?";
    List<RedPackets.Sweep> sweeps = new java.util.ArrayList<>();
    for (int i = 0; i < 50 && !"expired".equals(p.sql(sql, u.get(0)).get(0).getString("status")); i++) {
      sweeps.add(await(packets.sweep()));
    }
    JsonObject row = p.sql(sql, u.get(0)).get(0);
    assertThat(row.getString("status")).as("after the sweeps %s at %s: %s", sweeps, clock.millis(),
        p.sql("SELECT status, created_at, expires_at FROM red_packets WHERE sender_id = ?", u.get(0)))
        .isEqualTo("expired");
    assertThat(row.getString("status")).isEqualTo("expired");
    assertThat(row.getLong("returned_amount")).isZero();
    assertThat(row.getString("returned_transfer")).isNull();

    // the same key after the expiry: the packet stays expired and no money moves
    fund(u.get(0), 3_00);
    RedPacket late = await(packets.create(u.get(0), group, EUR, 3_00, 1, SplitMode.EQUAL, "", "never"));
    assertThat(late.status()).isEqualTo(Status.EXPIRED);
    assertThat(wallet(u.get(0))).isEqualTo(3_00);
    assertThat(escrow(late.id())).isZero();
  }
}
