package dev.parley.core.money.gifting;

import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Conversation;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.PlatformException.Reason;
import dev.parley.core.common.storage.Database;
import dev.parley.core.money.gifting.RedPacket.Claim;
import dev.parley.core.money.gifting.RedPacket.Status;
import dev.parley.core.money.gifting.RedPacketRepository.FreeShare;
import dev.parley.core.money.gifting.RedPacketRepository.PacketRow;
import dev.parley.core.money.ledger.AccountRef;
import dev.parley.core.money.ledger.LedgerService;
import dev.parley.core.money.ledger.Money;
import dev.parley.core.money.ledger.Transfer;
import dev.parley.core.money.ledger.TransferKind;
import dev.parley.core.money.ledger.TransferRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
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
  /** The most packets (or claims) each step of a sweep takes on. */
  static final int SWEEP_BATCH = 100;

  private final Vertx vertx;
  private final Database db;
  private final RedPacketRepository store = new RedPacketRepository();
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
      // One node of a cluster sweeps (issue 23); the others take over if it goes.
      if (!dev.parley.core.cluster.Leadership.leads(vertx) || !sweeping.compareAndSet(false, true)) {
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
      return Future
          .failedFuture(PlatformException.invalid("/idempotencyKey", "idempotencyKey must have 1 to 200 characters"));
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
        return Future
            .failedFuture(PlatformException.invalid("/shares", "a red packet in a direct conversation has one share"));
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
    });
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
          + Money.format(currency, 1) + " " + currency.getCurrencyCode() + ": " + shares
          + " shares need a total of at least "
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
    PacketRow row = new PacketRow(id, senderId, conversationId, hash, currency, total, shares, mode, message,
        senderMayClaim, Optional.empty(), Status.FUNDING, now + options.getExpiryMillis(), Optional.empty(),
        Optional.empty(), now);
    return db.pool().withTransaction(tx -> store.insert(tx, row, key).compose(v -> store.insertShares(tx, id, amounts)))
        .map(v -> row);
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
        .compose(t -> store.open(db.pool(), row, t.id())
            .compose(opened -> {
              if (opened) {
                return Future.<Void>succeededFuture();
              }
              // Opened by a concurrent retry, or expired by the sweep before the money came: then
              // the money goes straight back (the sweep may have found the escrow empty).
              return packet(row.id()).compose(now -> now.orElseThrow().status() == Status.EXPIRED
                  ? returnRest(row.id()).mapEmpty()
                  : Future.<Void>succeededFuture());
            }));
  }

  // ---- reading ----

  /** The packet as {@code viewerId} sees it; NOT_FOUND unless they are a member of its conversation. */
  public Future<RedPacket> get(String viewerId, String packetId) {
    Objects.requireNonNull(viewerId, "viewerId");
    Objects.requireNonNull(packetId, "packetId");
    return visible(viewerId, packetId).compose(row -> view(row.id(), false));
  }

  /** The packet, for the host (cards); NOT_FOUND when there is none. */
  public Future<RedPacket> view(String packetId) {
    Objects.requireNonNull(packetId, "packetId");
    return view(packetId, false);
  }

  private Future<PacketRow> visible(String viewerId, String packetId) {
    return packet(packetId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(PlatformException.notFound("the red packet"));
      }
      return chat.requireMember(viewerId, found.get().conversationId())
          .recover(f -> Future.failedFuture(f instanceof PlatformException pe && pe.reason() == Reason.NOT_FOUND
              ? PlatformException.notFound("the red packet")
              : f))
          .map(v -> found.get());
    });
  }

  private Future<RedPacket> view(String packetId, boolean replayed) {
    return packet(packetId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(PlatformException.notFound("the red packet"));
      }
      PacketRow row = found.get();
      return store.claims(db.pool(), packetId)
          .map(claims -> new RedPacket(row.id(), row.conversationId(), row.senderId(),
              row.currency(), row.total(), row.shares(), row.mode(), row.message(), row.status(), row.createdAt(),
              row.expiresAt(), claims, row.returnedAmount().orElse(0L), replayed));
    });
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
        return Future
            .failedFuture(PlatformException.forbidden("you sent this red packet: in a direct conversation only "
                + "the other person can open it"));
      }
      return retrying(() -> record(row, userId), 1).compose(c -> {
        Future<Claim> paid = c.transferId().isPresent() ? Future.succeededFuture(c) : payout(row, c);
        return c.repeated() ? paid : paid.compose(done -> announce(row.id(), "claimed", done).map(done));
      });
    });
  }

  /** The claim transaction: under the packet's row lock, the caller's share or the lowest free one. */
  private Future<Claim> record(PacketRow row, String userId) {
    return db.pool().withTransaction(tx -> store.lock(tx, row.id())
        .compose(locked -> store.claimBy(tx, row.id(), userId).compose(mine -> {
          if (mine.isPresent()) {
            Claim c = mine.get();
            return Future.succeededFuture(new Claim(c.packetId(), c.index(), c.userId(), c.displayName(), c.amount(),
                c.claimedAt(), c.transferId(), true));
          }
          long now = clock.millis();
          Status status = locked.status();
          if (status == Status.FUNDING) {
            throw PlatformException.of(Reason.CONFLICT, "this red packet is not paid for yet");
          }
          if (status == Status.FINISHED) {
            throw PlatformException.of(Reason.CONFLICT, "too late: all " + row.shares()
                + (row.shares() == 1 ? " share of this red packet has" : " shares of this red packet have")
                + " been claimed");
          }
          if (status == Status.EXPIRED || now >= locked.expiresAt()) {
            throw PlatformException.of(Reason.CONFLICT, "this red packet has expired; what was not claimed "
                + "goes back to its sender");
          }
          return store.freeShares(tx, row.id()).compose(free -> {
            if (free.isEmpty()) {
              throw new IllegalStateException("active red packet " + row.id() + " has no free share");
            }
            FreeShare share = free.get(0);
            boolean last = free.size() == 1;
            return store.take(tx, row.id(), share.index(), userId, now)
                .compose(taken -> {
                  if (!taken) {
                    throw new IllegalStateException(
                        "share " + share.index() + " of " + row.id() + " was taken under the lock");
                  }
                  return last ? store.finish(tx, row.id()) : Future.<Void>succeededFuture();
                })
                .compose(v -> store.displayName(tx, userId))
                .map(name -> new Claim(row.id(), share.index(), userId, name, share.amount(), now, Optional.empty(),
                    false));
          });
        })));
  }

  /** Moves a claimed share's money (once, by its key) and records its transfer. */
  private Future<Claim> payout(PacketRow row, Claim claim) {
    TransferRequest request = new TransferRequest("packet:" + row.id() + ":share:" + claim.index(),
        TransferKind.RELEASE,
        escrow(row), AccountRef.wallet(claim.userId(), row.currency()), claim.amount(), row.id(), row.message(),
        claim.userId());
    return transfer(request).compose(t -> store.paid(db.pool(), row.id(), claim.index(), t.id())
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
    Future<Integer> expired = store.due(db.pool(), now, now - options.getFundingTimeoutMillis())
        .compose(ids -> each(ids, id -> expire(id, now)));
    Future<Integer> returned = expired.compose(n -> store.unsettled(db.pool()))
        .compose(ids -> each(ids, id -> returnRest(id).map(true)));
    Future<Integer> paid = returned.compose(n -> store.unpaid(db.pool(), now - options.getPayoutRetryMillis()))
        .compose(shares -> each(shares, s -> payUnpaid(s.packetId(), s.index())));
    return Future.all(expired, returned, paid).map(v -> new Sweep(expired.result(), returned.result(), paid.result()));
  }

  /** Expires one packet if it is still due; true when this call did it. */
  private Future<Boolean> expire(String id, long now) {
    return retrying(() -> db.pool().withTransaction(tx -> store.lock(tx, id)
        .compose(locked -> {
          Status status = locked.status();
          boolean due = (status == Status.ACTIVE && locked.expiresAt() <= now)
              || (status == Status.FUNDING && locked.createdAt() <= now - options.getFundingTimeoutMillis());
          if (!due) {
            return Future.succeededFuture(false);
          }
          return store.expire(tx, id, status);
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
      return store.unclaimed(db.pool(), id)
          .compose(rest -> {
            // Opened packets hold their total in escrow; one never opened holds all or nothing.
            Future<Long> toReturn = row.fundTransfer().isPresent()
                ? Future.succeededFuture(rest)
                : ledger.balance(escrow(row)).map(balance -> balance >= rest ? rest : 0L);
            return toReturn;
          })
          .compose(amount -> {
            long now = clock.millis();
            if (amount == 0) {
              return store.returnedNothing(db.pool(), id, now).map(0L);
            }
            TransferRequest request = new TransferRequest("packet:" + id + ":return", TransferKind.RELEASE, escrow(row),
                AccountRef.wallet(row.senderId(), row.currency()), amount, id, "unclaimed red packet money", SYSTEM);
            return transfer(request).compose(t -> store.returned(db.pool(), id, t.id(), amount, now))
                .map(amount);
          });
    });
  }

  private Future<Boolean> payUnpaid(String packetId, int index) {
    return packet(packetId).compose(found -> store.share(db.pool(), packetId, index)
        .compose(c -> {
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
            ? ledger.transfer(request)
            : Future.failedFuture(f));
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

  private Future<Optional<PacketRow>> packet(String id) {
    if (!IdGenerator.isId(id)) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.packet(db.pool(), id);
  }

  private Future<Optional<PacketRow>> byKey(String senderId, String key) {
    return store.byKey(db.pool(), senderId, key);
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
}
