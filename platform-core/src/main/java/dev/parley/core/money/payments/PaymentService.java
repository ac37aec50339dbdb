package dev.parley.core.money.payments;

import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Conversation;
import dev.parley.core.common.Addresses;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.PlatformException.Reason;
import dev.parley.core.common.storage.Database;
import dev.parley.core.money.gifting.RedPackets;
import dev.parley.core.money.gifting.SplitMode;
import dev.parley.core.money.ledger.AccountRef;
import dev.parley.core.money.ledger.LedgerService;
import dev.parley.core.money.ledger.Money;
import dev.parley.core.money.ledger.TransferKind;
import dev.parley.core.money.ledger.TransferRequest;
import dev.parley.core.money.payments.PaymentRequest.Packet;
import dev.parley.core.money.payments.PaymentRequest.Payee;
import dev.parley.core.money.payments.PaymentRequest.Status;
import dev.parley.runtime.CallContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Payment requests: created by apps, shown to the paying user, confirmed (or cancelled) only by
 * that user, and carried out through the ledger.
 *
 * <p>Moving the money is guarded twice. The request row is claimed first with a conditional
 * update ({@code pending → confirming}, only before its expiry), so one confirmation at a time
 * moves money and a cancellation or expiry can no longer win; and the ledger transfer's
 * idempotency key is {@code payreq:<request id>}, so even a confirmation that re-runs after a
 * crash moves the money at most once. The amount and payee are always the stored ones: nothing
 * of a confirmation but the user's idempotency key is read.
 *
 * <p>A request may pay into a red packet ({@code parley.redpackets.create}): the same claim, and in
 * place of the transfer {@link RedPackets#create} with the same key {@code payreq:<request id>}, so
 * the packet too is made and funded once.
 */
public final class PaymentService implements AppPayments {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PaymentService.class);

  /** How long a request waits for the payer. */
  public static final Duration EXPIRY = Duration.ofMinutes(15);
  /** A claim older than this is taken as abandoned (its node died) and may be claimed again. */
  static final long CLAIM_STALE_MILLIS = 30_000;
  /** How often the sweep expires due requests and re-sends undelivered outcomes. */
  static final long SWEEP_MILLIS = 10_000;
  /** The longest app reference. */
  public static final int MAX_REFERENCE = 100;
  /** The most pending requests one user may have from one app. */
  public static final int MAX_PENDING_PER_APP = 20;

  /** Delivers an outcome to the app's {@code events.payment} handler through the broker. */
  @FunctionalInterface
  public interface AppEvents {
    /** Runs the app's handler of manifest event {@code name} for {@code userId} in {@code conversationId}. */
    Future<?> deliver(String appId, String userId, String conversationId, String name, JsonObject event);
  }

  private final Vertx vertx;
  private final Database db;
  private final PaymentRequestRepository store = new PaymentRequestRepository();
  private final Clock clock;
  private final IdGenerator ids;
  private final LedgerService ledger;
  private final ChatService chat;
  private final AppEvents events;
  private final RedPackets packets; // null: requests for red packets are refused
  private long sweepTimer = -1;

  /** Payments without red packets: {@code parley.redpackets.create} is refused. */
  public PaymentService(Vertx vertx, Database db, Clock clock, IdGenerator ids, LedgerService ledger, ChatService chat,
      AppEvents events) {
    this(vertx, db, clock, ids, ledger, chat, events, null);
  }

  /** Payments whose red-packet requests are made by {@code packets} when confirmed. */
  public PaymentService(Vertx vertx, Database db, Clock clock, IdGenerator ids, LedgerService ledger, ChatService chat,
      AppEvents events, RedPackets packets) {
    this(vertx, db, clock, ids, ledger, chat, events, Objects.requireNonNull(packets, "packets"), true);
  }

  private PaymentService(Vertx vertx, Database db, Clock clock, IdGenerator ids, LedgerService ledger, ChatService chat,
      AppEvents events, RedPackets packets, boolean withPackets) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.chat = Objects.requireNonNull(chat, "chat");
    this.events = Objects.requireNonNull(events, "events");
    this.packets = packets;
  }

  /** Starts the periodic sweep (expiry of due requests, outcomes the apps have not had yet). */
  public void start() {
    if (sweepTimer < 0) {
      sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, t -> {
        if (dev.parley.core.cluster.Leadership.leads(vertx)) { // one node of a cluster sweeps (issue 23)
          sweep();
        }
      });
    }
  }

  /** Stops the sweep. */
  public void close() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
      sweepTimer = -1;
    }
  }

  // ---- the app's calls ----

  @Override
  public Future<JsonObject> request(CallContext context, String appName, JsonObject args) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(appName, "appName");
    Objects.requireNonNull(args, "args");
    Optional<String> where = context.conversationId();
    if (where.isEmpty()) {
      return Future.failedFuture(PlatformException.invalid("/conversationId",
          "payments.request needs a conversation: the payee is one of its members"));
    }
    String conversationId = where.get();
    String payerId = context.userId();
    Currency currency;
    long amount;
    String note;
    String reference;
    String payee;
    try {
      currency = Money.currency(stringArg(args, "currency"), "/currency");
      Object amountValue = args.getValue("amount");
      if (amountValue != null && !(amountValue instanceof String)) {
        throw PlatformException.invalid("/amount", "amount must be a string such as \"12.50\", not a number");
      }
      amount = Money.parse(currency, (String) amountValue, "/amount");
      note = text(args, "note", TransferRequest.MAX_TEXT);
      reference = text(args, "reference", MAX_REFERENCE);
      payee = stringArg(args, "payee");
      if (payee == null || payee.isBlank()) {
        throw PlatformException.invalid("/payee", "payee is required: a member's user id, \"@username\", or \"app\"");
      }
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    Future<Payee> resolved = "app".equals(payee)
        ? Future.succeededFuture(new Payee(Payee.MERCHANT, context.appId(), appName, ""))
        : member(payerId, conversationId, payee);
    return resolved.compose(to -> {
      if (!to.merchant() && to.id().equals(payerId)) {
        throw PlatformException.invalid("/payee", "the payee is the paying user: nobody pays themselves");
      }
      return insert(context, appName, conversationId, to, currency, amount, note, reference, Optional.empty());
    });
  }

  @Override
  public Future<JsonObject> packet(CallContext context, String appName, JsonObject args) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(appName, "appName");
    Objects.requireNonNull(args, "args");
    if (packets == null) {
      return Future.failedFuture(PlatformException.invalid("/payee", "red packets are not available on this platform"));
    }
    Optional<String> where = context.conversationId();
    if (where.isEmpty()) {
      return Future.failedFuture(PlatformException.invalid("/conversationId",
          "redpackets.create needs a conversation: its members claim the packet"));
    }
    String conversationId = where.get();
    Currency currency;
    long total;
    int shares;
    SplitMode mode;
    String message;
    String reference;
    try {
      currency = Money.currency(stringArg(args, "currency"), "/currency");
      Object totalValue = args.getValue("total");
      if (totalValue != null && !(totalValue instanceof String)) {
        throw PlatformException.invalid("/total", "total must be a string such as \"10.00\", not a number");
      }
      total = Money.parse(currency, (String) totalValue, "/total");
      Object sharesValue = args.getValue("shares");
      if (!(sharesValue instanceof Integer || sharesValue instanceof Long)) {
        throw PlatformException.invalid("/shares", "shares must be a whole number of shares, such as 5");
      }
      long n = ((Number) sharesValue).longValue();
      shares = (int) Math.max(0, Math.min(Integer.MAX_VALUE, n));
      String modeValue = stringArg(args, "mode");
      if (modeValue != null && !modeValue.equals("equal") && !modeValue.equals("lucky")) {
        throw PlatformException.invalid("/mode", "mode must be \"equal\" or \"lucky\"");
      }
      mode = modeValue == null ? SplitMode.EQUAL : SplitMode.of(modeValue);
      message = text(args, "message", RedPackets.MAX_MESSAGE);
      reference = text(args, "reference", MAX_REFERENCE);
      Optional<PlatformException> bad = packets.refusal(currency, total, shares, message);
      if (bad.isPresent()) {
        throw bad.get();
      }
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    return chat.get(context.userId(), conversationId).compose(conversation -> {
      if (conversation.kind() == Conversation.Kind.DIRECT && shares > 1) {
        throw PlatformException.invalid("/shares", "a red packet in a direct conversation has one share");
      }
      Payee to = new Payee(Payee.RED_PACKET, conversationId, "Red packet", "");
      return insert(context, appName, conversationId, to, currency, total, message, reference,
          Optional.of(new Packet(shares, mode, Optional.empty())));
    });
  }

  /** Stores a pending request (at most {@link #MAX_PENDING_PER_APP} per payer and app) and shows it to the payer. */
  private Future<JsonObject> insert(CallContext context, String appName, String conversationId, Payee to,
      Currency currency, long amount, String note, String reference, Optional<Packet> packet) {
    String payerId = context.userId();
    return store.countPending(db.pool(), payerId, context.appId()).compose(pending -> {
      if (pending >= MAX_PENDING_PER_APP) {
        throw PlatformException.of(Reason.CONFLICT, "this user already has " + MAX_PENDING_PER_APP
            + " pending payment requests from this app; wait for them to be confirmed, cancelled or expired");
      }
      String id = ids.newId();
      long now = clock.millis();
      PaymentRequest request = new PaymentRequest(id, context.appId(), truncate(appName, 80), conversationId, payerId,
          to, currency, amount, note, reference, Status.PENDING, now, now + EXPIRY.toMillis(), Optional.empty(),
          Optional.empty(), packet);
      return store.insert(db.pool(), request)
          .map(r -> {
            announce(request);
            LOG.debug("payment request id={} app={} amount={} {}", id, request.appId(), amount, currency);
            return new JsonObject().put("requestId", id).put("status", Status.PENDING.key())
                .put("expiresAt", request.toJson().getString("expiresAt"));
          });
    });
  }

  @Override
  public Future<JsonObject> refund(CallContext context, JsonObject args) {
    Object requestId = args.getValue("requestId");
    if (!(requestId instanceof String id) || !IdGenerator.isId(id)) {
      return Future
          .failedFuture(PlatformException.invalid("/requestId", "requestId must be the id payments.request answered"));
    }
    return find(id).compose(found -> {
      PaymentRequest r = found.filter(x -> x.appId().equals(context.appId()) && x.payee().merchant())
          .orElseThrow(() -> PlatformException.notFound("a payment to this app's merchant account with id " + id));
      return refundOnce(r, "app:" + context.appId());
    }).map(r -> new JsonObject().put("requestId", r.id()).put("status", r.status().key())
        .put("refundTransferId", r.refundTransferId().orElse(null)));
  }

  // ---- the user's side ----

  /**
   * A confirmation's answer.
   *
   * @param request the request after it
   * @param replayed true when an earlier confirmation completed it and nothing moved now
   */
  public record Confirmed(PaymentRequest request, boolean replayed) {
  }

  /** The request, as its payer or its user payee sees it; 404 for anyone else. */
  public Future<PaymentRequest> get(String userId, String requestId) {
    return visible(userId, requestId);
  }

  /**
   * The payer confirms: the stored amount moves from their wallet to the stored payee, once. A
   * completed request answers its first result again; a cancelled, expired or refunded one is a
   * conflict; insufficient funds leave it pending (the user may top up and confirm again).
   */
  public Future<Confirmed> confirm(String userId, String requestId, String clientKey) {
    Objects.requireNonNull(clientKey, "clientKey");
    return asPayer(userId, requestId).compose(r -> confirm(r, clientKey, 0));
  }

  private Future<Confirmed> confirm(PaymentRequest r, String clientKey, int round) {
    long now = clock.millis();
    switch (r.status()) {
      case COMPLETED :
        return Future.succeededFuture(new Confirmed(r, true));
      case CANCELLED, EXPIRED, REFUNDED :
        return Future.failedFuture(closed(r));
      default :
        break;
    }
    if (r.status() == Status.PENDING && now >= r.expiresAt()) {
      return expire(r).compose(x -> find(r.id())).compose(again -> confirm(again.orElseThrow(), clientKey, round + 1));
    }
    if (round > 400) {
      return Future.failedFuture(PlatformException.unavailable("the payment request " + r.id()
          + " is still being confirmed; try again in a moment", null));
    }
    // pending: claim it; confirming: claim it only when its claimer has gone quiet for long.
    Future<Boolean> claimed = won(r.status() == Status.PENDING
        ? store.claim(db.pool(), r.id(), clientKey, now)
        : store.takeOver(db.pool(), r.id(), clientKey, now, now - CLAIM_STALE_MILLIS));
    return claimed.compose(won -> {
      if (won) {
        return move(r, now);
      }
      // Another confirmation holds it: wait for its outcome, then answer that (or try again).
      return delay(round < 10 ? 5 : 25).compose(v -> find(r.id()))
          .compose(again -> confirm(again.orElseThrow(), clientKey, round + 1));
    });
  }

  /** The claimer moves the money; the claim decides the outcome for everyone. */
  private Future<Confirmed> move(PaymentRequest r, long claimedAt) {
    Future<Moved> moved;
    if (r.packet().isPresent()) {
      Packet packet = r.packet().get();
      // The packet is made and funded once per request, whoever confirms and however often.
      moved = packets.create(r.payerId(), r.conversationId(), r.currency(), r.amount(), packet.shares(), packet.mode(),
          r.note(), "payreq:" + r.id()).map(p -> new Moved(Optional.empty(), Optional.of(p.id())));
    } else {
      TransferRequest transfer = new TransferRequest("payreq:" + r.id(), TransferKind.PAYMENT,
          AccountRef.wallet(r.payerId(), r.currency()), r.payee().account(r.currency()), r.amount(),
          "payment-request:" + r.id(), r.note(), r.payerId());
      moved = ledger.transfer(transfer).map(t -> new Moved(Optional.of(t.id()), Optional.empty()));
    }
    return moved.compose(m -> won(store.complete(db.pool(), r.id(), m.transferId(), m.packetId(), clock.millis()))
        .compose(changed -> find(r.id()).map(after -> {
          PaymentRequest done = after.orElseThrow();
          if (changed) {
            LOG.info("payment request {} completed: transfer {} packet {}", r.id(), m.transferId().orElse("-"),
                m.packetId().orElse("-"));
            announce(done);
            notifyApp(done);
          }
          return new Confirmed(done, !changed);
        })), failure -> {
          if (failure instanceof PlatformException pe && (pe.reason() == Reason.CONFLICT
              || pe.reason() == Reason.INSUFFICIENT_FUNDS || (r.packet().isPresent()
                  && (pe.reason() == Reason.INVALID || pe.reason() == Reason.NOT_FOUND)))) {
            // Nothing was moved (insufficient funds; for a packet also a payer no longer in the
            // conversation): hand the request back to the payer.
            return won(store.handBack(db.pool(), r.id(), claimedAt))
                .transform(x -> Future.failedFuture(failure));
          }
          // Unknown outcome: the claim stays; a confirmation after CLAIM_STALE_MILLIS re-runs the same key.
          return Future.failedFuture(failure);
        });
  }

  /** What a confirmation made: the transfer of a payment, or the red packet. */
  private record Moved(Optional<String> transferId, Optional<String> packetId) {
  }

  /** The payer declines a pending request; the app hears {@code payment.cancelled}. */
  public Future<PaymentRequest> cancel(String userId, String requestId) {
    return asPayer(userId, requestId).compose(r -> {
      if (r.status() == Status.CANCELLED || r.status() == Status.EXPIRED) {
        return Future.succeededFuture(r);
      }
      if (r.status() != Status.PENDING) {
        return Future.failedFuture(PlatformException.of(Reason.CONFLICT, r.status() == Status.CONFIRMING
            ? "this payment is being confirmed and can no longer be cancelled"
            : "this payment was already made; the payee can refund it"));
      }
      if (clock.millis() >= r.expiresAt()) {
        return expire(r).compose(x -> find(r.id())).map(Optional::orElseThrow);
      }
      return resolve(r, Status.CANCELLED).compose(changed -> find(r.id()).compose(after -> changed
          ? Future.succeededFuture(after.orElseThrow())
          : cancel(userId, requestId)));
    });
  }

  /**
   * A user payee hands a completed payment back to the payer, once: a retry answers the refund
   * already made. Merchant payments are refunded by their app ({@code parley.payments.refund}).
   */
  public Future<PaymentRequest> refundByUser(String userId, String requestId) {
    return visible(userId, requestId).compose(r -> {
      if (!r.payee().user() || !r.payee().id().equals(userId)) {
        return Future.failedFuture(PlatformException.forbidden("only the payee can refund a payment"
            + (r.payee().merchant() ? "; a payment to an app is refunded by the app" : "")
            + (r.packet().isPresent()
                ? "; a red packet is not refunded: what nobody claims returns at its expiry"
                : "")));
      }
      return refundOnce(r, userId);
    });
  }

  private Future<PaymentRequest> refundOnce(PaymentRequest r, String by) {
    if (r.status() == Status.REFUNDED) {
      return Future.succeededFuture(r);
    }
    if (r.status() != Status.COMPLETED) {
      return Future
          .failedFuture(PlatformException.of(Reason.CONFLICT, "only a completed payment can be refunded; this one is "
              + r.status().key()));
    }
    String note = truncate("refund" + (r.note().isEmpty() ? "" : ": " + r.note()), TransferRequest.MAX_TEXT);
    // The key and content are fixed per request: concurrent or repeated refunds move the money once.
    TransferRequest transfer = new TransferRequest("payreq-refund:" + r.id(), TransferKind.REFUND,
        r.payee().account(r.currency()), AccountRef.wallet(r.payerId(), r.currency()), r.amount(),
        "refund:payment-request:" + r.id(), note, "payment-request");
    return ledger.transfer(transfer).compose(t -> won(store.refunded(db.pool(), r.id(), t.id(), clock.millis()))
        .compose(changed -> find(r.id()).map(after -> {
          PaymentRequest done = after.orElseThrow();
          if (changed) {
            LOG.info("payment request {} refunded by {}: transfer {}", r.id(), by, t.id());
            announce(done);
            events.deliver(done.appId(), done.payerId(), done.conversationId(), "payment", done.appEvent())
                .onFailure(e -> LOG.debug("refund event of {} not delivered: {}", done.id(), e.toString()));
          }
          return done;
        })));
  }

  /**
   * The caller's requests, newest first: as payer (default) or as payee, optionally of one status.
   * Pending ones past their expiry are expired first.
   */
  public Future<List<PaymentRequest>> list(String userId, boolean asPayee, Optional<Status> status, int limit) {
    return expireDue().compose(x -> store.list(db.pool(), userId, asPayee, status, limit));
  }

  // ---- expiry and outcomes ----

  /** Expires every pending request past its time; each is expired once, on one node. */
  public Future<Void> expireDue() {
    return store.due(db.pool(), clock.millis()).compose(due -> {
      Future<Void> all = Future.succeededFuture();
      for (PaymentRequest r : due) {
        all = all.compose(v -> expire(r));
      }
      return all;
    });
  }

  private Future<Void> expire(PaymentRequest r) {
    return resolve(r, Status.EXPIRED).mapEmpty();
  }

  /** pending → cancelled | expired, once; the winner tells the payer's sessions and the app. */
  private Future<Boolean> resolve(PaymentRequest r, Status to) {
    return won(store.resolve(db.pool(), r.id(), to, clock.millis())).compose(changed -> {
      if (!changed) {
        return Future.succeededFuture(false);
      }
      return find(r.id()).map(after -> {
        after.ifPresent(done -> {
          announce(done);
          notifyApp(done);
        });
        return true;
      });
    });
  }

  /** Runs the app's payment handler with the outcome; marks it delivered so the sweep does not send it again. */
  private void notifyApp(PaymentRequest r) {
    events.deliver(r.appId(), r.payerId(), r.conversationId(), "payment", r.appEvent())
        .compose(x -> store.notified(db.pool(), r.id(), clock.millis()))
        .onFailure(
            e -> LOG.debug("payment outcome of {} not delivered to {} yet: {}", r.id(), r.appId(), e.toString()));
  }

  private void sweep() {
    long now = clock.millis();
    expireDue().compose(v -> store.undelivered(db.pool(), now - 60_000))
        .onSuccess(undelivered -> undelivered.forEach(this::notifyApp))
        .onFailure(e -> LOG.debug("payment sweep failed: {}", e.toString()));
  }

  // ---- reading ----

  private Future<PaymentRequest> asPayer(String userId, String requestId) {
    return visible(userId, requestId).map(r -> {
      if (!r.payerId().equals(userId)) {
        throw PlatformException.forbidden("only the paying user can confirm or cancel this payment");
      }
      return r;
    });
  }

  /** The request when {@code userId} is its payer or user payee; 404 for everyone else. */
  private Future<PaymentRequest> visible(String userId, String requestId) {
    if (!IdGenerator.isId(requestId)) {
      return Future.failedFuture(PlatformException.notFound("payment request"));
    }
    return find(requestId).map(found -> found
        .filter(r -> r.payerId().equals(userId) || (r.payee().user() && r.payee().id().equals(userId)))
        .orElseThrow(() -> PlatformException.notFound("payment request")));
  }

  private Future<Optional<PaymentRequest>> find(String id) {
    return store.find(db.pool(), id);
  }

  /** A conversation member named by id or {@code @username}. */
  private Future<Payee> member(String payerId, String conversationId, String payee) {
    return chat.get(payerId, conversationId).map(conversation -> {
      String wanted = payee.startsWith("@") ? payee.substring(1).toLowerCase(Locale.ROOT) : null;
      for (Conversation.Member m : conversation.members()) {
        if (wanted != null ? m.username().toLowerCase(Locale.ROOT).equals(wanted) : m.id().equals(payee)) {
          return new Payee(Payee.USER, m.id(), m.displayName(), m.username());
        }
      }
      throw PlatformException.invalid("/payee", "the payee '" + truncate(payee, 40)
          + "' is not a member of this conversation; name a member by id or \"@username\", or use \"app\"");
    });
  }

  // ---- helpers ----

  /** Tells the payer's sessions (every node) how the request stands: the sheet opens or closes. */
  private void announce(PaymentRequest r) {
    vertx.eventBus().publish(Addresses.account(r.payerId()),
        new JsonObject().put("type", "payment_request").put("request", r.toJson()).encode());
  }

  private static PlatformException closed(PaymentRequest r) {
    return PlatformException.of(Reason.CONFLICT, switch (r.status()) {
      case CANCELLED -> "this payment request was cancelled; nothing was paid";
      case EXPIRED -> "this payment request expired after " + EXPIRY.toMinutes() + " minutes; nothing was paid";
      default -> "this payment was refunded";
    });
  }

  /** A conditional update's answer, whether it changed the row; a lost lock race on H2 counts as "no". */
  private static Future<Boolean> won(Future<Boolean> update) {
    return update.recover(f -> transientConflict(f) ? Future.succeededFuture(false) : Future.failedFuture(f));
  }

  /** Serialization failure, deadlock, lock time-out, or H2's concurrent update of one row. */
  private static boolean transientConflict(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String state = t instanceof SQLException sql
          ? sql.getSQLState()
          : t instanceof PgException pg ? pg.getSqlState() : null;
      if (state != null && (state.equals("40001") || state.equals("40P01") || state.equals("HYT00")
          || (t instanceof SQLException sql && sql.getErrorCode() == 90131))) {
        return true;
      }
    }
    return false;
  }

  private Future<Void> delay(long millis) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, t -> promise.complete());
    return promise.future();
  }

  private static String stringArg(JsonObject args, String name) {
    Object v = args.getValue(name);
    if (v != null && !(v instanceof String)) {
      throw PlatformException.invalid("/" + name, name + " must be a string");
    }
    return (String) v;
  }

  private static String text(JsonObject args, String name, int max) {
    String v = stringArg(args, name);
    if (v == null) {
      return "";
    }
    if (v.length() > max || v.codePoints().anyMatch(Character::isISOControl)) {
      throw PlatformException.invalid("/" + name,
          name + " must be at most " + max + " characters, without control characters");
    }
    return v;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
