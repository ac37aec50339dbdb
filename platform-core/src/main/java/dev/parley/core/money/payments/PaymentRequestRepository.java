package dev.parley.core.money.payments;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import dev.parley.core.money.gifting.SplitMode;
import dev.parley.core.money.payments.PaymentRequest.Packet;
import dev.parley.core.money.payments.PaymentRequest.Payee;
import dev.parley.core.money.payments.PaymentRequest.Status;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of payment requests, in one place: the row and its conditional changes of status
 * ({@code pending → confirming → completed}, {@code pending → cancelled | expired}, a stale claim
 * taken over, a claim handed back, {@code completed → refunded}), each answering whether it changed
 * the row, so that {@link PaymentService} decides who won. Each method runs on the client it is
 * given; failures are left as the driver raised them.
 */
final class PaymentRequestRepository {

  private static final String SELECT = "SELECT id, app_id, app_name, conversation_id, payer_id, payee_kind, payee_id, "
      + "payee_name, payee_username, currency, amount, note, reference, status, created_at, expires_at, claimed_at, "
      + "transfer_id, refund_transfer_id, packet_shares, packet_mode, packet_id FROM payment_requests";
  private static final String NEWEST_FIRST = " ORDER BY created_at DESC, id DESC LIMIT #{limit}";

  private static final Statement BY_ID = sql(SELECT + " WHERE id = #{id}");
  private static final Statement AS_PAYER = sql(SELECT + " WHERE payer_id = #{user}" + NEWEST_FIRST);
  private static final Statement AS_PAYER_IN_STATUS = sql(SELECT + " WHERE payer_id = #{user} AND status = #{status}"
      + NEWEST_FIRST);
  private static final Statement AS_PAYEE = sql(
      SELECT + " WHERE payee_kind = 'user' AND payee_id = #{user}" + NEWEST_FIRST);
  private static final Statement AS_PAYEE_IN_STATUS = sql(SELECT + " WHERE payee_kind = 'user' AND payee_id = #{user} "
      + "AND status = #{status}" + NEWEST_FIRST);
  private static final Statement DUE = sql(SELECT + " WHERE status = 'pending' AND expires_at <= #{now} "
      + "ORDER BY expires_at LIMIT 200");
  private static final Statement UNDELIVERED = sql(SELECT + " WHERE status IN ('completed', 'cancelled', 'expired') "
      + "AND notified_at IS NULL AND resolved_at < #{before} ORDER BY resolved_at LIMIT 50");
  private static final Statement COUNT_PENDING = sql("SELECT COUNT(*) AS n FROM payment_requests "
      + "WHERE payer_id = #{payer} AND app_id = #{app} AND status = 'pending'");
  private static final Statement INSERT = sql("INSERT INTO payment_requests (id, app_id, app_name, conversation_id, "
      + "payer_id, payee_kind, payee_id, payee_name, payee_username, currency, amount, note, reference, status, "
      + "created_at, expires_at, packet_shares, packet_mode) VALUES (#{id}, #{app}, #{appName}, #{conversation}, "
      + "#{payer}, #{payeeKind}, #{payee}, #{payeeName}, #{payeeUsername}, #{currency}, #{amount}, #{note}, #{reference}, "
      + "#{status}, #{createdAt}, #{expiresAt}, #{packetShares}, #{packetMode})");
  private static final Statement CLAIM = sql("UPDATE payment_requests SET status = 'confirming', claimed_at = #{now}, "
      + "confirm_key = #{key} WHERE id = #{id} AND status = 'pending' AND expires_at > #{now}");
  private static final Statement TAKE_OVER = sql(
      "UPDATE payment_requests SET claimed_at = #{now}, confirm_key = #{key} "
          + "WHERE id = #{id} AND status = 'confirming' AND claimed_at < #{staleBefore}");
  private static final Statement COMPLETE = sql("UPDATE payment_requests SET status = 'completed', "
      + "transfer_id = #{transfer}, packet_id = #{packet}, resolved_at = #{now} WHERE id = #{id} AND status = 'confirming'");
  private static final Statement HAND_BACK = sql("UPDATE payment_requests SET status = 'pending', claimed_at = NULL "
      + "WHERE id = #{id} AND status = 'confirming' AND claimed_at = #{claimedAt}");
  private static final Statement RESOLVE = sql("UPDATE payment_requests SET status = #{status}, resolved_at = #{now} "
      + "WHERE id = #{id} AND status = 'pending'");
  private static final Statement REFUNDED = sql("UPDATE payment_requests SET status = 'refunded', "
      + "refund_transfer_id = #{transfer}, refunded_at = #{now} WHERE id = #{id} AND status = 'completed'");
  private static final Statement NOTIFIED = sql("UPDATE payment_requests SET notified_at = #{now} WHERE id = #{id}");

  private static final RowMapper<PaymentRequest> REQUEST = row -> {
    Currency currency = Currency.getInstance(row.getString("currency").trim());
    Payee payee = new Payee(row.getString("payee_kind"), row.getString("payee_id"), row.getString("payee_name"),
        row.getString("payee_username"));
    return new PaymentRequest(row.getString("id"), row.getString("app_id"), row.getString("app_name"),
        row.getString("conversation_id"), row.getString("payer_id"), payee, currency, row.getLong("amount"),
        row.getString("note"), row.getString("reference"), Status.of(row.getString("status")),
        row.getLong("created_at"),
        row.getLong("expires_at"), Optional.ofNullable(row.getString("transfer_id")),
        Optional.ofNullable(row.getString("refund_transfer_id")), row.getInteger("packet_shares") == null
            ? Optional.empty()
            : Optional.of(new Packet(row.getInteger("packet_shares"), SplitMode.of(row.getString("packet_mode")),
                Optional.ofNullable(row.getString("packet_id")))));
  };

  // ---- reading ----

  Future<Optional<PaymentRequest>> find(SqlClient client, String id) {
    return BY_ID.first(client, params("id", id), REQUEST);
  }

  /** A user's requests, newest first: as payer, or as user payee; optionally of one status. */
  Future<List<PaymentRequest>> list(SqlClient client, String userId, boolean asPayee, Optional<Status> status,
      int limit) {
    Map<String, Object> args = params("user", userId, "limit", (long) limit);
    status.ifPresent(s -> args.put("status", s.key()));
    Statement statement = asPayee
        ? status.isPresent() ? AS_PAYEE_IN_STATUS : AS_PAYEE
        : status.isPresent() ? AS_PAYER_IN_STATUS : AS_PAYER;
    return statement.list(client, args, REQUEST);
  }

  /** Pending requests whose expiry has come, the longest due first (at most 200). */
  Future<List<PaymentRequest>> due(SqlClient client, long now) {
    return DUE.list(client, params("now", now), REQUEST);
  }

  /** Resolved requests whose outcome the app has not had, resolved before {@code before} (at most 50). */
  Future<List<PaymentRequest>> undelivered(SqlClient client, long before) {
    return UNDELIVERED.list(client, params("before", before), REQUEST);
  }

  /** How many pending requests {@code payerId} has from {@code appId}. */
  Future<Long> countPending(SqlClient client, String payerId, String appId) {
    return COUNT_PENDING.first(client, params("payer", payerId, "app", appId), row -> row.getLong("n"))
        .map(Optional::orElseThrow);
  }

  // ---- writing ----

  /** Stores a new request as it is (pending). */
  Future<Void> insert(SqlClient client, PaymentRequest r) {
    return INSERT.update(client, params("id", r.id(), "app", r.appId(), "appName", r.appName(),
        "conversation", r.conversationId(), "payer", r.payerId(), "payeeKind", r.payee().kind(), "payee",
        r.payee().id(),
        "payeeName", truncate(r.payee().name(), 80), "payeeUsername", r.payee().username(), "currency",
        r.currency().getCurrencyCode(),
        "amount", r.amount(), "note", r.note(), "reference", r.reference(), "status", r.status().key(),
        "createdAt", r.createdAt(), "expiresAt", r.expiresAt(), "packetShares",
        r.packet().map(Packet::shares).orElse(null),
        "packetMode", r.packet().map(p -> p.mode().key()).orElse(null))).mapEmpty();
  }

  /** pending → confirming, only before its expiry; true when this call claimed it. */
  Future<Boolean> claim(SqlClient client, String id, String clientKey, long now) {
    return changed(CLAIM.update(client, params("id", id, "key", clientKey, "now", now)));
  }

  /** Takes over a confirming request whose claim is older than {@code staleBefore}; true when this call took it. */
  Future<Boolean> takeOver(SqlClient client, String id, String clientKey, long now, long staleBefore) {
    return changed(
        TAKE_OVER.update(client, params("id", id, "key", clientKey, "now", now, "staleBefore", staleBefore)));
  }

  /** confirming → completed with what moved; true when this call completed it. */
  Future<Boolean> complete(SqlClient client, String id, Optional<String> transferId, Optional<String> packetId,
      long now) {
    return changed(COMPLETE.update(client, params("id", id, "transfer", transferId.orElse(null),
        "packet", packetId.orElse(null), "now", now)));
  }

  /** confirming → pending again, only while the claim made at {@code claimedAt} holds it. */
  Future<Boolean> handBack(SqlClient client, String id, long claimedAt) {
    return changed(HAND_BACK.update(client, params("id", id, "claimedAt", claimedAt)));
  }

  /** pending → {@code to} (cancelled or expired); true when this call resolved it. */
  Future<Boolean> resolve(SqlClient client, String id, Status to, long now) {
    return changed(RESOLVE.update(client, params("id", id, "status", to.key(), "now", now)));
  }

  /** completed → refunded by {@code transferId}; true when this call recorded it. */
  Future<Boolean> refunded(SqlClient client, String id, String transferId, long now) {
    return changed(REFUNDED.update(client, params("id", id, "transfer", transferId, "now", now)));
  }

  /** Records that the app has had the request's outcome. */
  Future<Void> notified(SqlClient client, String id, long now) {
    return NOTIFIED.update(client, params("id", id, "now", now)).mapEmpty();
  }

  /** The payee's name as its column holds it (80 characters). */
  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static Future<Boolean> changed(Future<Integer> updated) {
    return updated.map(n -> n == 1);
  }
}
