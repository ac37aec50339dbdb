package dev.parley.core.gifting;

import dev.parley.core.IdGenerator;
import dev.parley.core.PlatformException;
import dev.parley.core.PlatformException.Reason;
import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Conversation;
import dev.parley.core.gifting.RedPacket.Claim;
import dev.parley.core.gifting.RedPacket.Status;
import dev.parley.core.ledger.AccountRef;
import dev.parley.core.ledger.LedgerService;
import dev.parley.core.ledger.Money;
import dev.parley.core.ledger.Transfer;
import dev.parley.core.ledger.TransferKind;
import dev.parley.core.ledger.TransferRequest;
import dev.parley.core.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Red packets: a sender puts a total into escrow, split into shares fixed at creation; members of
 * the conversation claim one share each; after the expiry the unclaimed rest returns to the sender.
 *
 * <p>No money moves here except through {@link LedgerService#transfer}, each move with a key that
 * names it ({@code packet:<id>:fund}, {@code packet:<id>:share:<n>}, {@code packet:<id>:return}),
 * so that any step can be repeated (by a retry, by the sweep of another node, after a crash)
 * and moves money once. The tables say what must move: a claim is one transaction that locks the
 * packet's row ({@code SELECT … FOR UPDATE}, on H2 and PostgreSQL alike) and records the claimer
 * on a free share; the share's transfer follows it, and the sweep pays any recorded claim whose
 * transfer is missing. Expiry is a conditional change of status under the same lock, so no claim
 * slips in after it, and the rest to return is read from the unclaimed shares afterwards.
 */
public final class RedPackets {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedPackets.class);

  /**
   * Broadcast on every change of a packet that a card shows: {@code {type: "red_packet", event:
   * "claimed" | "expired", packet: <the packet's JSON>}}, with {@code claim: {user, displayName,
   * amount, amountMinor, at}} for claims. Published once, by the node where it happened.
   */
  public static final String EVENTS = "parley.redpackets";
  /** The longest message, in characters. */
  public static final int MAX_MESSAGE = 100;
  /** The {@code createdBy} of the transfers the platform makes for packets (returns). */
  static final String SYSTEM = "red-packets";
  static final int MAX_ATTEMPTS = 20;
  private static final int SWEEP_BATCH = 100;

  private static final String PACKET_SELECT = "SELECT id, sender_id, conversation_id, request_hash, currency, total, "
      + "shares, mode, message, sender_may_claim, fund_transfer, status, expires_at, returned_transfer, returned_amount, "
      + "returned_at, created_at FROM red_packets";

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final ChatService chat;
  private final LedgerService ledger;
  private final RedPacketOptions options;
  private final SecureRandom random;
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private long timer = -1;

  /**
   * @param random the source of lucky splits; tests pass a seeded one
   */
  public RedPackets(Vertx vertx, Database db, Clock clock, IdGenerator ids, ChatService chat, LedgerService ledger,
      RedPacketOptions options, SecureRandom random) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.chat = Objects.requireNonNull(chat, "chat");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.options = new RedPacketOptions(Objects.requireNonNull(options, "options"));
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Starts this node's periodic sweep (expiries, returns, unpaid claims). */
  public void start() {
    if (timer >= 0) {
      return;
    }
    timer = vertx.setPeriodic(options.getSweepIntervalMillis(), t -> {
      if (!sweeping.compareAndSet(false, true)) {
        return; // the previous sweep is still running
      }
      sweep().onComplete(r -> {
        sweeping.set(false);
        if (r.failed()) {
          LOG.warn("red packet sweep failed: {}", r.cause().toString());
        }
      });
    });
  }

  /** Stops the periodic sweep. */
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Listens to {@link #EVENTS} (on this node; a clustered event bus brings every node's). */
  public MessageConsumer<String> onEvent(Handler<JsonObject> handler) {
    Objects.requireNonNull(handler, "handler");
    return vertx.eventBus().<String>consumer(EVENTS, m -> handler.handle(new JsonObject(m.body())));
  }

  // ---- creating ----

  /**
   * Creates a packet and moves its total from the sender's wallet into the packet's escrow account,
   * once per {@code idempotencyKey} of the sender: a retry with the same key and the same request
   * answers the first packet ({@link RedPacket#replayed()}), with the same key and another request
   * it is refused (CONFLICT). Fails NOT_FOUND when the sender is not a member of the conversation,
   * INVALID for a bad total, share count or message, CONFLICT when the wallet holds too little
   * (then no money moved; a retry with the same key after a top-up completes the same packet).
   *
   * @param total minor units, at least {@code shares}
   * @param message the sender's words, at most {@link #MAX_MESSAGE} characters, empty for none
   * @param idempotencyKey the sender's key for this packet, 1 to 200 characters
   */
  public Future<RedPacket> create(String senderId, String conversationId, Currency currency, long total, int shares,
      SplitMode mode, String message, String idempotencyKey) {
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (idempotencyKey.isEmpty() || idempotencyKey.length() > 200) {
      return Future.failedFuture(PlatformException.invalid("/idempotencyKey", "idempotencyKey must have 1 to 200 characters"));
    }
    Optional<PlatformException> bad = refusal(currency, total, shares, message);
    if (bad.isPresent()) {
      return Future.failedFuture(bad.get());
    }
    String hash = IdGenerator.sha256(new JsonArray().add("v1").add(conversationId).add(currency.getCurrencyCode())
        .add(total).add(shares).add(mode.key()).add(message).encode());
    return chat.get(senderId, conversationId).compose(conversation -> {
      boolean direct = conversation.kind() == Conversation.Kind.DIRECT;
      if (direct && shares > 1) {
        return Future.failedFuture(PlatformException.invalid("/shares", "a red packet in a direct conversation has one share"));
      }
      return byKey(senderId, idempotencyKey).compose(found -> found.isPresent()
          ? Future.succeededFuture(new Created(found.get(), true))
          : insert(senderId, conversationId, currency, total, shares, mode, message, idempotencyKey, hash, !direct)
              .map(row -> new Created(row, false))
              .recover(f -> Database.isUniqueViolation(f) // a concurrent retry inserted it first
                  ? byKey(senderId, idempotencyKey).map(again -> new Created(again.orElseThrow(), true))
                  : Future.failedFuture(f)));
    }).compose(created -> {
      if (!created.row().requestHash().equals(hash)) {
        return Future.failedFuture(PlatformException.of(Reason.CONFLICT, "this idempotency key was already used for a "
            + "different red packet; use a new key for a new packet"));
      }
      return fund(created.row()).compose(v -> view(created.row().id(), created.replayed()));
    }).recover(f -> Future.failedFuture(Database.classify(f)));
  }

  /**
   * What {@link #create} would refuse in these values alone (currency, total, share count, message),
   * so that a payment request for a packet is refused before its payer is asked; empty when they are
   * fine. A direct conversation's one-share rule needs the conversation and is checked by create.
   */
  public Optional<PlatformException> refusal(Currency currency, long total, int shares, String message) {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(message, "message");
    if (currency.getDefaultFractionDigits() < 0) {
      return Optional.of(PlatformException.invalid("/currency", currency.getCurrencyCode()
          + " is not a currency money can be held in"));
    }
    if (total < 1 || total > Money.MAX_AMOUNT) {
      return Optional.of(PlatformException.invalid("/total", "total must be more than zero and at most "
          + Money.format(currency, Money.MAX_AMOUNT) + " " + currency.getCurrencyCode()));
    }
    if (shares < 1 || shares > options.getMaxShares()) {
      return Optional.of(PlatformException.invalid("/shares", "shares must be from 1 to " + options.getMaxShares()));
    }
    if (shares > total) {
      return Optional.of(PlatformException.invalid("/shares", "every share needs at least "
          + Money.format(currency, 1) + " " + currency.getCurrencyCode() + ": " + shares + " shares need a total of at least "
          + Money.format(currency, shares)));
    }
    if (message.length() > MAX_MESSAGE || message.codePoints().anyMatch(Character::isISOControl)) {
      return Optional.of(PlatformException.invalid("/message", "message must be at most " + MAX_MESSAGE
          + " characters, without control characters"));
    }
    return Optional.empty();
  }

  private record Created(PacketRow row, boolean replayed) {
  }

  private Future<PacketRow> insert(String senderId, String conversationId, Currency currency, long total, int shares,
      SplitMode mode, String message, String key, String hash, boolean senderMayClaim) {
    String id = ids.newId();
    long now = clock.millis();
    long[] amounts = Splits.split(mode, total, shares, random);
    return db.pool().withTransaction(tx -> db.query(tx, "INSERT INTO red_packets (id, sender_id, conversation_id, "
            + "create_key, request_hash, currency, total, shares, mode, message, sender_may_claim, status, expires_at, "
            + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'funding', ?, ?)",
            id, senderId, conversationId, key, hash, currency.getCurrencyCode(), total, shares, mode.key(), message,
            senderMayClaim, now + options.getExpiryMillis(), now)
        .compose(r -> insertShares(tx, id, amounts)))
        .map(v -> new PacketRow(id, senderId, conversationId, hash, currency, total, shares, mode, message,
            senderMayClaim, Optional.empty(), Status.FUNDING, now + options.getExpiryMillis(), Optional.empty(),
            Optional.empty(), now));
  }

  private Future<Void> insertShares(io.vertx.sqlclient.SqlConnection tx, String id, long[] amounts) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < amounts.length; from += 200) {
      int start = from;
      int end = Math.min(amounts.length, from + 200);
      StringBuilder sql = new StringBuilder("INSERT INTO red_packet_shares (packet_id, share_index, amount) VALUES ");
      List<Object> args = new ArrayList<>();
      for (int i = start; i < end; i++) {
        sql.append(i == start ? "" : ", ").append("(?, ?, ?)");
        args.add(id);
        args.add(i);
        args.add(amounts[i]);
      }
      chain = chain.compose(v -> db.query(tx, sql.toString(), args.toArray()).mapEmpty());
    }
    return chain;
  }

  /** Moves the total into escrow (once, by its key) and opens the packet; nothing to do unless it is funding. */
  private Future<Void> fund(PacketRow row) {
    if (row.status() != Status.FUNDING) {
      return Future.succeededFuture();
    }
    TransferRequest request = new TransferRequest("packet:" + row.id() + ":fund", TransferKind.ESCROW,
        AccountRef.wallet(row.senderId(), row.currency()), escrow(row), row.total(), row.id(), row.message(),
        row.senderId());
    return transfer(request)
        .compose(t -> db.query("UPDATE red_packets SET status = 'active', fund_transfer = ?, escrow_account = "
                + "(SELECT id FROM ledger_accounts WHERE kind = 'escrow' AND owner_id = ? AND currency = ?) "
                + "WHERE id = ? AND status = 'funding'", t.id(), row.id(), row.currency().getCurrencyCode(), row.id())
            .compose(updated -> {
              if (updated.rowCount() == 1) {
                return Future.<Void>succeededFuture();
              }
              // Opened by a concurrent retry, or expired by the sweep before the money came: then
              // the money goes straight back (the sweep may have found the escrow empty).
              return packet(row.id()).compose(now -> now.orElseThrow().status() == Status.EXPIRED
                  ? returnRest(row.id()).mapEmpty() : Future.<Void>succeededFuture());
            }));
  }

  // ---- reading ----

  /** The packet as {@code viewerId} sees it; NOT_FOUND unless they are a member of its conversation. */
  public Future<RedPacket> get(String viewerId, String packetId) {
    Objects.requireNonNull(viewerId, "viewerId");
    Objects.requireNonNull(packetId, "packetId");
    return visible(viewerId, packetId).compose(row -> view(row.id(), false))
        .recover(f -> Future.failedFuture(Database.classify(f)));
  }

  /** The packet, for the host (cards); NOT_FOUND when there is none. */
  public Future<RedPacket> view(String packetId) {
    Objects.requireNonNull(packetId, "packetId");
    return view(packetId, false).recover(f -> Future.failedFuture(Database.classify(f)));
  }

  private Future<PacketRow> visible(String viewerId, String packetId) {
    return packet(packetId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(PlatformException.notFound("the red packet"));
      }
      return chat.requireMember(viewerId, found.get().conversationId())
          .recover(f -> Future.failedFuture(f instanceof PlatformException pe && pe.reason() == Reason.NOT_FOUND
              ? PlatformException.notFound("the red packet") : f))
          .map(v -> found.get());
    });
  }

  private Future<RedPacket> view(String packetId, boolean replayed) {
    return packet(packetId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(PlatformException.notFound("the red packet"));
      }
      PacketRow row = found.get();
      return db.query("SELECT s.share_index, s.amount, s.claimed_by, s.claimed_at, s.transfer_id, a.display_name "
          + "FROM red_packet_shares s LEFT JOIN accounts a ON a.id = s.claimed_by "
          + "WHERE s.packet_id = ? AND s.claimed_by IS NOT NULL ORDER BY s.claimed_at, s.share_index", packetId)
          .map(rows -> {
            List<Claim> claims = new ArrayList<>();
            rows.forEach(r -> claims.add(claim(packetId, r, false)));
            return new RedPacket(row.id(), row.conversationId(), row.senderId(), row.currency(), row.total(), row.shares(),
                row.mode(), row.message(), row.status(), row.createdAt(), row.expiresAt(), claims,
                row.returnedAmount().orElse(0L), replayed);
          });
    });
  }

  private static Claim claim(String packetId, Row r, boolean repeated) {
    String name = r.getString("display_name");
    return new Claim(packetId, r.getInteger("share_index"), r.getString("claimed_by"), name == null ? "" : name,
        r.getLong("amount"), r.getLong("claimed_at"), Optional.ofNullable(r.getString("transfer_id")), repeated);
  }

  // ---- claiming ----

  /**
   * Claims one share for {@code userId} and pays it from the escrow into their wallet. A member
   * claims at most one share: claiming again answers the same claim ({@link Claim#repeated()}),
   * also once the packet is finished or expired. The sender may claim in a group (as in WeChat),
   * not in a direct conversation. Fails NOT_FOUND for a packet that does not exist or whose
   * conversation the user is not in, FORBIDDEN for the sender of a direct packet, CONFLICT when
   * every share is taken, the packet has expired or it is not paid for yet.
   */
  public Future<Claim> claim(String packetId, String userId) {
    Objects.requireNonNull(packetId, "packetId");
    Objects.requireNonNull(userId, "userId");
    return visible(userId, packetId).compose(row -> {
      if (!row.senderMayClaim() && row.senderId().equals(userId)) {
        return Future.failedFuture(PlatformException.forbidden("you sent this red packet: in a direct conversation only "
            + "the other person can open it"));
      }
      return retrying(() -> record(row, userId), 1).compose(c -> {
        Future<Claim> paid = c.transferId().isPresent() ? Future.succeededFuture(c) : payout(row, c);
        return c.repeated() ? paid : paid.compose(done -> announce(row.id(), "claimed", done).map(done));
      });
    }).recover(f -> Future.failedFuture(Database.classify(f)));
  }

  /** The claim transaction: under the packet's row lock, the caller's share or the lowest free one. */
  private Future<Claim> record(PacketRow row, String userId) {
    return db.pool().withTransaction(tx -> db.query(tx, "SELECT status, expires_at FROM red_packets WHERE id = ? FOR UPDATE",
            row.id())
        .compose(locked -> {
          Row packet = locked.iterator().next();
          Status status = Status.of(packet.getString("status"));
          long expiresAt = packet.getLong("expires_at");
          return db.query(tx, "SELECT s.share_index, s.amount, s.claimed_by, s.claimed_at, s.transfer_id, a.display_name "
                  + "FROM red_packet_shares s LEFT JOIN accounts a ON a.id = s.claimed_by "
                  + "WHERE s.packet_id = ? AND s.claimed_by = ?", row.id(), userId)
              .compose(mine -> {
                if (mine.size() > 0) {
                  return Future.succeededFuture(claim(row.id(), mine.iterator().next(), true));
                }
                long now = clock.millis();
                if (status == Status.FUNDING) {
                  throw PlatformException.of(Reason.CONFLICT, "this red packet is not paid for yet");
                }
                if (status == Status.FINISHED) {
                  throw PlatformException.of(Reason.CONFLICT, "too late: all " + row.shares()
                      + (row.shares() == 1 ? " share of this red packet has" : " shares of this red packet have")
                      + " been claimed");
                }
                if (status == Status.EXPIRED || now >= expiresAt) {
                  throw PlatformException.of(Reason.CONFLICT, "this red packet has expired; what was not claimed "
                      + "goes back to its sender");
                }
                return db.query(tx, "SELECT share_index, amount FROM red_packet_shares WHERE packet_id = ? "
                        + "AND claimed_by IS NULL ORDER BY share_index LIMIT 2", row.id())
                    .compose(free -> {
                      if (free.size() == 0) {
                        throw new IllegalStateException("active red packet " + row.id() + " has no free share");
                      }
                      Row share = free.iterator().next();
                      int index = share.getInteger("share_index");
                      long amount = share.getLong("amount");
                      boolean last = free.size() == 1;
                      return db.query(tx, "UPDATE red_packet_shares SET claimed_by = ?, claimed_at = ? "
                              + "WHERE packet_id = ? AND share_index = ? AND claimed_by IS NULL", userId, now, row.id(), index)
                          .compose(updated -> {
                            if (updated.rowCount() != 1) {
                              throw new IllegalStateException("share " + index + " of " + row.id() + " was taken under the lock");
                            }
                            return last
                                ? db.query(tx, "UPDATE red_packets SET status = 'finished' WHERE id = ?", row.id())
                                : Future.succeededFuture(updated);
                          })
                          .compose(v -> db.query(tx, "SELECT display_name FROM accounts WHERE id = ?", userId))
                          .map(names -> new Claim(row.id(), index, userId,
                              names.size() == 0 ? "" : names.iterator().next().getString("display_name"), amount, now,
                              Optional.empty(), false));
                    });
              });
        }));
  }

  /** Moves a claimed share's money (once, by its key) and records its transfer. */
  private Future<Claim> payout(PacketRow row, Claim claim) {
    TransferRequest request = new TransferRequest("packet:" + row.id() + ":share:" + claim.index(), TransferKind.RELEASE,
        escrow(row), AccountRef.wallet(claim.userId(), row.currency()), claim.amount(), row.id(), row.message(),
        claim.userId());
    return transfer(request).compose(t -> db.query("UPDATE red_packet_shares SET transfer_id = ? "
            + "WHERE packet_id = ? AND share_index = ? AND transfer_id IS NULL", t.id(), row.id(), claim.index())
        .map(u -> new Claim(claim.packetId(), claim.index(), claim.userId(), claim.displayName(), claim.amount(),
            claim.claimedAt(), Optional.of(t.id()), claim.repeated())));
  }

  // ---- expiry, returns, unpaid claims ----

  /**
   * What one sweep did.
   *
   * @param expired packets this sweep moved to expired
   * @param returned packets whose unclaimed rest this sweep settled
   * @param paid claims whose missing transfer this sweep made
   */
  public record Sweep(int expired, int returned, int paid) {
  }

  /**
   * One pass of the periodic job, safe on any number of nodes at once: expires the due packets (a
   * conditional change under the packet's lock, so each happens once), returns the unclaimed rest
   * of expired packets (transfer key {@code packet:<id>:return}) and pays claims whose transfer is
   * missing. Time is the injected clock's.
   */
  public Future<Sweep> sweep() {
    long now = clock.millis();
    Future<Integer> expired = db.query("SELECT id FROM red_packets WHERE (status = 'active' AND expires_at <= ?) "
            + "OR (status = 'funding' AND created_at <= ?) ORDER BY expires_at LIMIT " + SWEEP_BATCH,
            now, now - options.getFundingTimeoutMillis())
        .compose(rows -> each(strings(rows, "id"), id -> expire(id, now)));
    Future<Integer> returned = expired.compose(n -> db.query("SELECT id FROM red_packets WHERE status = 'expired' "
            + "AND returned_at IS NULL ORDER BY expires_at LIMIT " + SWEEP_BATCH))
        .compose(rows -> each(strings(rows, "id"), id -> returnRest(id).map(true)));
    Future<Integer> paid = returned.compose(n -> db.query("SELECT packet_id, share_index FROM red_packet_shares "
            + "WHERE transfer_id IS NULL AND claimed_at <= ? ORDER BY claimed_at LIMIT " + SWEEP_BATCH,
            now - options.getPayoutRetryMillis()))
        .compose(rows -> {
          List<String[]> shares = new ArrayList<>();
          rows.forEach(r -> shares.add(new String[] {r.getString("packet_id"), String.valueOf(r.getInteger("share_index"))}));
          return each(shares, s -> payUnpaid(s[0], Integer.parseInt(s[1])));
        });
    return Future.all(expired, returned, paid).map(v -> new Sweep(expired.result(), returned.result(), paid.result()));
  }

  /** Expires one packet if it is still due; true when this call did it. */
  private Future<Boolean> expire(String id, long now) {
    return retrying(() -> db.pool().withTransaction(tx -> db.query(tx, "SELECT status, expires_at, created_at "
            + "FROM red_packets WHERE id = ? FOR UPDATE", id)
        .compose(rows -> {
          Row r = rows.iterator().next();
          String status = r.getString("status");
          boolean due = ("active".equals(status) && r.getLong("expires_at") <= now)
              || ("funding".equals(status) && r.getLong("created_at") <= now - options.getFundingTimeoutMillis());
          if (!due) {
            return Future.succeededFuture(false);
          }
          return db.query(tx, "UPDATE red_packets SET status = 'expired' WHERE id = ? AND status = ?", id, status)
              .map(u -> u.rowCount() == 1);
        })), 1)
        .compose(done -> done ? announce(id, "expired", null).map(true) : Future.succeededFuture(false));
  }

  /**
   * Returns the unclaimed rest of an expired packet to its sender, once (key {@code packet:<id>:return});
   * records what was returned. A packet whose money never reached escrow has nothing to return.
   */
  private Future<Long> returnRest(String id) {
    return packet(id).compose(found -> {
      PacketRow row = found.orElseThrow(() -> new IllegalStateException("red packet " + id + " vanished"));
      if (row.status() != Status.EXPIRED) {
        throw new IllegalStateException("red packet " + id + " is " + row.status().key() + ", not expired");
      }
      if (row.returnedTransfer().isPresent()) {
        return Future.succeededFuture(row.returnedAmount().orElse(0L));
      }
      return db.query("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS rest FROM red_packet_shares "
              + "WHERE packet_id = ? AND claimed_by IS NULL", id)
          .compose(rows -> {
            long rest = rows.iterator().next().getLong("rest");
            // Opened packets hold their total in escrow; one never opened holds all or nothing.
            Future<Long> toReturn = row.fundTransfer().isPresent() ? Future.succeededFuture(rest)
                : ledger.balance(escrow(row)).map(balance -> balance >= rest ? rest : 0L);
            return toReturn;
          })
          .compose(amount -> {
            long now = clock.millis();
            if (amount == 0) {
              return db.query("UPDATE red_packets SET returned_amount = 0, returned_at = ? WHERE id = ? "
                  + "AND returned_at IS NULL", now, id).map(0L);
            }
            TransferRequest request = new TransferRequest("packet:" + id + ":return", TransferKind.RELEASE, escrow(row),
                AccountRef.wallet(row.senderId(), row.currency()), amount, id, "unclaimed red packet money", SYSTEM);
            return transfer(request).compose(t -> db.query("UPDATE red_packets SET returned_transfer = ?, "
                    + "returned_amount = ?, returned_at = COALESCE(returned_at, ?) WHERE id = ? AND returned_transfer IS NULL",
                    t.id(), amount, now, id))
                .map(amount);
          });
    });
  }

  private Future<Boolean> payUnpaid(String packetId, int index) {
    return packet(packetId).compose(found -> db.query("SELECT s.share_index, s.amount, s.claimed_by, s.claimed_at, "
            + "s.transfer_id, a.display_name FROM red_packet_shares s LEFT JOIN accounts a ON a.id = s.claimed_by "
            + "WHERE s.packet_id = ? AND s.share_index = ?", packetId, index)
        .compose(rows -> {
          Claim c = claim(packetId, rows.iterator().next(), false);
          if (c.transferId().isPresent()) {
            return Future.succeededFuture(false);
          }
          LOG.info("paying claim {} of red packet {} whose transfer was missing", index, packetId);
          return payout(found.orElseThrow(), c).map(true);
        }));
  }

  // ---- helpers ----

  /**
   * {@link LedgerService#transfer}, asked once more after a CONFLICT. The same step may run twice
   * at once (a retried creation, a claim and the sweep, two sweeping nodes): the ledger checks the
   * debited balance before the key, so the second can find the escrow or wallet already emptied by
   * the first and be told "insufficient funds" although its transfer was made. It waited for the
   * first one's lock, so asking again finds the key and answers that transfer; a true shortage is
   * refused again.
   */
  private Future<Transfer> transfer(TransferRequest request) {
    return ledger.transfer(request).recover(f -> f instanceof PlatformException pe
        && (pe.reason() == Reason.CONFLICT || pe.reason() == Reason.INSUFFICIENT_FUNDS)
        ? ledger.transfer(request) : Future.failedFuture(f));
  }

  private Future<Void> announce(String packetId, String event, Claim claim) {
    return view(packetId, false).map(p -> {
      JsonObject body = new JsonObject().put("type", "red_packet").put("event", event).put("packet", p.toJson());
      if (claim != null) {
        body.put("claim", claim.toJson(p.currency()));
      }
      vertx.eventBus().publish(EVENTS, body.encode());
      return (Void) null;
    }).recover(f -> {
      LOG.warn("red packet {} event {} not published: {}", packetId, event, f.toString());
      return Future.succeededFuture();
    });
  }

  private static AccountRef escrow(PacketRow row) {
    return AccountRef.escrow(row.id(), row.currency());
  }

  /** A packet's row as stored. */
  private record PacketRow(String id, String senderId, String conversationId, String requestHash, Currency currency,
                           long total, int shares, SplitMode mode, String message, boolean senderMayClaim,
                           Optional<String> fundTransfer, Status status, long expiresAt,
                           Optional<String> returnedTransfer, Optional<Long> returnedAmount, long createdAt) {

    static PacketRow of(Row r) {
      return new PacketRow(r.getString("id"), r.getString("sender_id"), r.getString("conversation_id"),
          r.getString("request_hash").trim(), Currency.getInstance(r.getString("currency").trim()), r.getLong("total"),
          r.getInteger("shares"), SplitMode.of(r.getString("mode")), r.getString("message"),
          r.getBoolean("sender_may_claim"), Optional.ofNullable(r.getString("fund_transfer")),
          Status.of(r.getString("status")), r.getLong("expires_at"), Optional.ofNullable(r.getString("returned_transfer")),
          Optional.ofNullable(r.getLong("returned_amount")), r.getLong("created_at"));
    }
  }

  private Future<Optional<PacketRow>> packet(String id) {
    if (!IdGenerator.isId(id)) {
      return Future.succeededFuture(Optional.empty());
    }
    return db.query(PACKET_SELECT + " WHERE id = ?", id)
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(PacketRow.of(rows.iterator().next())));
  }

  private Future<Optional<PacketRow>> byKey(String senderId, String key) {
    return db.query(PACKET_SELECT + " WHERE sender_id = ? AND create_key = ?", senderId, key)
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(PacketRow.of(rows.iterator().next())));
  }

  private static List<String> strings(RowSet<Row> rows, String column) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.getString(column)));
    return out;
  }

  /** Runs {@code step} on each item in turn; a failing item is logged and skipped. Counts the true answers. */
  private static <T> Future<Integer> each(List<T> items, Function<T, Future<Boolean>> step) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (T item : items) {
      chain = chain.compose(n -> step.apply(item).map(done -> done ? n + 1 : n).recover(f -> {
        LOG.warn("red packet sweep: {} failed: {}", item, f.toString());
        return Future.succeededFuture(n);
      }));
    }
    return chain;
  }

  /** Runs a transaction again while the database reports a transient conflict (lock time-out, deadlock). */
  private <T> Future<T> retrying(java.util.function.Supplier<Future<T>> attempt, int n) {
    return attempt.get().recover(f -> {
      if (!retryable(f)) {
        return Future.failedFuture(f);
      }
      if (n >= MAX_ATTEMPTS) {
        return Future.failedFuture(PlatformException.unavailable("red packet transaction kept conflicting after " + n
            + " attempts", f));
      }
      Promise<Void> later = Promise.promise();
      vertx.setTimer(Math.min(50, n * 2L), t -> later.complete());
      return later.future().compose(v -> retrying(attempt, n + 1));
    });
  }

  static boolean retryable(Throwable failure) {
    if (Database.isUniqueViolation(failure)) {
      return true;
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
}
