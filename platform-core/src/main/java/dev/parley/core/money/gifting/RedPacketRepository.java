package dev.parley.core.money.gifting;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.storage.Statement;
import dev.parley.core.money.gifting.RedPacket.Claim;
import dev.parley.core.money.gifting.RedPacket.Status;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.RowMapper;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of red packets and their shares, in one place: the packet's row (made with its shares,
 * opened once funded, locked for claims and expiry, settled once returned), the shares (claimed
 * under the packet's lock, marked paid by their transfer) and what the sweep looks for. Each method
 * runs on the client it is given (the pool, or a transaction's connection), so that
 * {@link RedPackets} composes its transactions and keeps its rules; failures are left as the driver
 * raised them.
 */
final class RedPacketRepository {

  private static final String PACKET_SELECT = "SELECT id, sender_id, conversation_id, request_hash, currency, total, "
      + "shares, mode, message, sender_may_claim, fund_transfer, status, expires_at, returned_transfer, returned_amount, "
      + "returned_at, created_at FROM red_packets";
  private static final String CLAIM_SELECT = "SELECT s.packet_id, s.share_index, s.amount, s.claimed_by, s.claimed_at, "
      + "s.transfer_id, a.display_name FROM red_packet_shares s LEFT JOIN accounts a ON a.id = s.claimed_by";

  private static final Statement BY_ID = sql(PACKET_SELECT + " WHERE id = #{id}");
  private static final Statement BY_KEY = sql(PACKET_SELECT + " WHERE sender_id = #{sender} AND create_key = #{key}");
  private static final Statement INSERT = sql("INSERT INTO red_packets (id, sender_id, conversation_id, create_key, "
      + "request_hash, currency, total, shares, mode, message, sender_may_claim, status, expires_at, created_at) "
      + "VALUES (#{id}, #{sender}, #{conversation}, #{key}, #{hash}, #{currency}, #{total}, #{shares}, #{mode}, "
      + "#{message}, #{senderMayClaim}, 'funding', #{expiresAt}, #{createdAt})");
  private static final Statement INSERT_SHARE = sql("INSERT INTO red_packet_shares (packet_id, share_index, amount) "
      + "VALUES (#{packet}, #{index}, #{amount})");
  private static final Statement OPEN = sql("UPDATE red_packets SET status = 'active', fund_transfer = #{transfer}, "
      + "escrow_account = (SELECT id FROM ledger_accounts WHERE kind = 'escrow' AND owner_id = #{id} "
      + "AND currency = #{currency}) WHERE id = #{id} AND status = 'funding'");
  private static final Statement LOCK = sql("SELECT status, expires_at, created_at FROM red_packets WHERE id = #{id} "
      + "FOR UPDATE");
  private static final Statement CLAIMS = sql(
      CLAIM_SELECT + " WHERE s.packet_id = #{packet} AND s.claimed_by IS NOT NULL "
          + "ORDER BY s.claimed_at, s.share_index");
  private static final Statement CLAIM_BY_USER = sql(
      CLAIM_SELECT + " WHERE s.packet_id = #{packet} AND s.claimed_by = #{user}");
  private static final Statement SHARE = sql(
      CLAIM_SELECT + " WHERE s.packet_id = #{packet} AND s.share_index = #{index}");
  private static final Statement FREE_SHARES = sql("SELECT share_index, amount FROM red_packet_shares "
      + "WHERE packet_id = #{packet} AND claimed_by IS NULL ORDER BY share_index LIMIT 2");
  private static final Statement TAKE_SHARE = sql(
      "UPDATE red_packet_shares SET claimed_by = #{user}, claimed_at = #{now} "
          + "WHERE packet_id = #{packet} AND share_index = #{index} AND claimed_by IS NULL");
  private static final Statement FINISH = sql("UPDATE red_packets SET status = 'finished' WHERE id = #{id}");
  private static final Statement DISPLAY_NAME = sql("SELECT display_name FROM accounts WHERE id = #{id}");
  private static final Statement SHARE_PAID = sql("UPDATE red_packet_shares SET transfer_id = #{transfer} "
      + "WHERE packet_id = #{packet} AND share_index = #{index} AND transfer_id IS NULL");
  private static final Statement EXPIRE = sql(
      "UPDATE red_packets SET status = 'expired' WHERE id = #{id} AND status = #{status}");
  private static final Statement UNCLAIMED = sql("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS rest "
      + "FROM red_packet_shares WHERE packet_id = #{packet} AND claimed_by IS NULL");
  private static final Statement RETURNED_NOTHING = sql(
      "UPDATE red_packets SET returned_amount = 0, returned_at = #{now} "
          + "WHERE id = #{id} AND returned_at IS NULL");
  private static final Statement RETURNED = sql("UPDATE red_packets SET returned_transfer = #{transfer}, "
      + "returned_amount = #{amount}, returned_at = COALESCE(returned_at, #{now}) WHERE id = #{id} AND returned_transfer IS NULL");
  private static final Statement DUE = sql(
      "SELECT id FROM red_packets WHERE (status = 'active' AND expires_at <= #{now}) "
          + "OR (status = 'funding' AND created_at <= #{fundedBefore}) ORDER BY expires_at LIMIT "
          + RedPackets.SWEEP_BATCH);
  private static final Statement UNSETTLED = sql("SELECT id FROM red_packets WHERE status = 'expired' "
      + "AND returned_at IS NULL ORDER BY expires_at LIMIT " + RedPackets.SWEEP_BATCH);
  private static final Statement UNPAID = sql("SELECT packet_id, share_index FROM red_packet_shares "
      + "WHERE transfer_id IS NULL AND claimed_at <= #{claimedBefore} ORDER BY claimed_at LIMIT "
      + RedPackets.SWEEP_BATCH);

  /** A packet's row as stored. */
  record PacketRow(String id, String senderId, String conversationId, String requestHash, Currency currency,
      long total, int shares, SplitMode mode, String message, boolean senderMayClaim,
      Optional<String> fundTransfer, Status status, long expiresAt,
      Optional<String> returnedTransfer, Optional<Long> returnedAmount, long createdAt) {
  }

  /** What a packet's row lock reads. */
  record Locked(Status status, long expiresAt, long createdAt) {
  }

  /** A share nobody has claimed yet. */
  record FreeShare(int index, long amount) {
  }

  /** A share, by packet and index. */
  record ShareRef(String packetId, int index) {
  }

  private static final RowMapper<PacketRow> PACKET = r -> new PacketRow(r.getString("id"), r.getString("sender_id"),
      r.getString("conversation_id"), r.getString("request_hash").trim(),
      Currency.getInstance(r.getString("currency").trim()),
      r.getLong("total"), r.getInteger("shares"), SplitMode.of(r.getString("mode")), r.getString("message"),
      r.getBoolean("sender_may_claim"), Optional.ofNullable(r.getString("fund_transfer")),
      Status.of(r.getString("status")), r.getLong("expires_at"), Optional.ofNullable(r.getString("returned_transfer")),
      Optional.ofNullable(r.getLong("returned_amount")), r.getLong("created_at"));

  /** A claimed share (not {@link Claim#repeated()}). */
  private static final RowMapper<Claim> CLAIM = r -> {
    String name = r.getString("display_name");
    return new Claim(r.getString("packet_id"), r.getInteger("share_index"), r.getString("claimed_by"),
        name == null ? "" : name, r.getLong("amount"), r.getLong("claimed_at"),
        Optional.ofNullable(r.getString("transfer_id")),
        false);
  };

  // ---- packets ----

  Future<Optional<PacketRow>> packet(SqlClient client, String id) {
    return BY_ID.first(client, params("id", id), PACKET);
  }

  /** The packet {@code senderId} created with {@code key}, if any. */
  Future<Optional<PacketRow>> byKey(SqlClient client, String senderId, String key) {
    return BY_KEY.first(client, params("sender", senderId, "key", key), PACKET);
  }

  /** Inserts a packet as {@code funding} (unique per sender and key), created with {@code key}. */
  Future<Void> insert(SqlClient tx, PacketRow packet, String key) {
    return INSERT.update(tx,
        params("id", packet.id(), "sender", packet.senderId(), "conversation", packet.conversationId(),
            "key", key, "hash", packet.requestHash(), "currency", packet.currency().getCurrencyCode(), "total",
            packet.total(),
            "shares", packet.shares(), "mode", packet.mode().key(), "message", packet.message(),
            "senderMayClaim", packet.senderMayClaim(), "expiresAt", packet.expiresAt(), "createdAt",
            packet.createdAt()))
        .mapEmpty();
  }

  /** Inserts a packet's shares, share {@code i} holding {@code amounts[i]}, as one batch. */
  Future<Void> insertShares(SqlClient tx, String packetId, long[] amounts) {
    List<Map<String, Object>> batch = new ArrayList<>(amounts.length);
    for (int i = 0; i < amounts.length; i++) {
      batch.add(params("packet", packetId, "index", i, "amount", amounts[i]));
    }
    return INSERT_SHARE.batch(tx, batch);
  }

  /** funding → active with the fund transfer and the packet's escrow account; true when this call opened it. */
  Future<Boolean> open(SqlClient client, PacketRow packet, String fundTransferId) {
    return OPEN.update(client, params("id", packet.id(), "transfer", fundTransferId,
        "currency", packet.currency().getCurrencyCode())).map(n -> n == 1);
  }

  /** Locks the packet's row ({@code SELECT … FOR UPDATE}) and reads its state. */
  Future<Locked> lock(SqlClient tx, String id) {
    return LOCK.first(tx, params("id", id), r -> new Locked(Status.of(r.getString("status")), r.getLong("expires_at"),
        r.getLong("created_at"))).map(found -> found.orElseThrow(
            () -> new IllegalStateException("red packet " + id
                + " vanished")));
  }

  /** Sets {@code from} → expired; true when this call changed it. */
  Future<Boolean> expire(SqlClient tx, String id, Status from) {
    return EXPIRE.update(tx, params("id", id, "status", from.key())).map(n -> n == 1);
  }

  /** Marks the packet finished (its last share was claimed). */
  Future<Void> finish(SqlClient tx, String id) {
    return FINISH.update(tx, params("id", id)).mapEmpty();
  }

  /** The sum of the unclaimed shares, minor units. */
  Future<Long> unclaimed(SqlClient client, String id) {
    return UNCLAIMED.first(client, params("packet", id), r -> r.getLong("rest")).map(Optional::orElseThrow);
  }

  /** Records that nothing was to return, unless a return is recorded already. */
  Future<Void> returnedNothing(SqlClient client, String id, long now) {
    return RETURNED_NOTHING.update(client, params("id", id, "now", now)).mapEmpty();
  }

  /** Records the return transfer and amount, unless a return transfer is recorded already. */
  Future<Void> returned(SqlClient client, String id, String transferId, long amount, long now) {
    return RETURNED.update(client, params("id", id, "transfer", transferId, "amount", amount, "now", now)).mapEmpty();
  }

  // ---- shares ----

  /** The packet's claimed shares, in claim order. */
  Future<List<Claim>> claims(SqlClient client, String packetId) {
    return CLAIMS.list(client, params("packet", packetId), CLAIM);
  }

  /** The share {@code userId} claimed of the packet, if any. */
  Future<Optional<Claim>> claimBy(SqlClient client, String packetId, String userId) {
    return CLAIM_BY_USER.first(client, params("packet", packetId, "user", userId), CLAIM);
  }

  /** Share {@code index} of the packet, claimed or not. */
  Future<Claim> share(SqlClient client, String packetId, int index) {
    return SHARE.first(client, params("packet", packetId, "index", index), CLAIM).map(Optional::orElseThrow);
  }

  /** The two lowest free shares (fewer when fewer are free). */
  Future<List<FreeShare>> freeShares(SqlClient tx, String packetId) {
    return FREE_SHARES.list(tx, params("packet", packetId),
        r -> new FreeShare(r.getInteger("share_index"), r.getLong("amount")));
  }

  /** Writes {@code userId} on a free share; true when the share was free. */
  Future<Boolean> take(SqlClient tx, String packetId, int index, String userId, long now) {
    return TAKE_SHARE.update(tx, params("packet", packetId, "index", index, "user", userId, "now", now))
        .map(n -> n == 1);
  }

  /** Records the transfer that paid a share, unless one is recorded already. */
  Future<Void> paid(SqlClient client, String packetId, int index, String transferId) {
    return SHARE_PAID.update(client, params("packet", packetId, "index", index, "transfer", transferId)).mapEmpty();
  }

  /** A user's display name, empty when unknown. */
  Future<String> displayName(SqlClient client, String userId) {
    return DISPLAY_NAME.first(client, params("id", userId), r -> r.getString("display_name"))
        .map(found -> found.orElse(""));
  }

  // ---- the sweep ----

  /** Packets due to expire: active past their expiry, or still funding since before {@code fundedBefore}. */
  Future<List<String>> due(SqlClient client, long now, long fundedBefore) {
    return DUE.list(client, params("now", now, "fundedBefore", fundedBefore), r -> r.getString("id"));
  }

  /** Expired packets whose rest is not settled yet. */
  Future<List<String>> unsettled(SqlClient client) {
    return UNSETTLED.list(client, params(), r -> r.getString("id"));
  }

  /** Claimed shares without a transfer, claimed at or before {@code claimedBefore}. */
  Future<List<ShareRef>> unpaid(SqlClient client, long claimedBefore) {
    return UNPAID.list(client, params("claimedBefore", claimedBefore),
        r -> new ShareRef(r.getString("packet_id"), r.getInteger("share_index")));
  }
}
