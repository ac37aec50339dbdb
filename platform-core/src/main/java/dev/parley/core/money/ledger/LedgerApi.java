package dev.parley.core.money.ledger;

import dev.parley.core.accounts.AccountService;
import dev.parley.core.accounts.Authn;
import dev.parley.core.accounts.Role;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import dev.parley.core.money.ledger.spi.PaymentProvider;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Currency;
import java.util.Objects;

/**
 * The money API, mounted under {@code /api} behind authentication: the caller's wallets and
 * history, top-ups through the payment provider, direct payments between users, and the admins'
 * reconciliation. Clients' idempotency keys are namespaced by the caller, so users never collide.
 */
public final class LedgerApi implements RouteSet {

  /** The response header set on an answer that replays the first result of an idempotency key. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";

  private final LedgerService ledger;
  private final AccountService accounts;

  public LedgerApi(LedgerService ledger, AccountService accounts) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
  }

  @Override
  public void mount(Router api) {
    api.get("/wallet").handler(Respond.json(this::wallets));
    api.get("/wallet/history").handler(Respond.json(this::history));
    api.post("/wallet/topups").handler(Respond.json(this::topUp));
    api.post("/payments").handler(Respond.json(this::pay));
    api.get("/admin/ledger/reconcile").handler(Authn.role(Role.ADMIN)).handler(Respond.json(this::reconcile));
  }

  private static String me(RoutingContext ctx) {
    return Authn.principal(ctx).accountId();
  }

  private JsonObject providerJson() {
    PaymentProvider p = ledger.provider();
    return new JsonObject().put("name", p.name()).put("test", p.test());
  }

  private Future<JsonObject> wallets(RoutingContext ctx) {
    return ledger.wallets(me(ctx)).map(list -> {
      JsonArray wallets = new JsonArray();
      list.forEach(w -> wallets.add(w.toJson()));
      return new JsonObject().put("wallets", wallets).put("provider", providerJson());
    });
  }

  private Future<JsonObject> history(RoutingContext ctx) {
    String currency = param(ctx, "currency");
    if (!currency.isEmpty()) {
      Money.currency(currency, "currency");
    }
    String limitText = param(ctx, "limit");
    int limit = 50;
    if (!limitText.isEmpty()) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 100) {
        throw PlatformException.invalid("limit", "limit must be a whole number from 1 to 100");
      }
    }
    return ledger.history(me(ctx), currency, param(ctx, "before"), limit).map(page -> {
      JsonArray entries = new JsonArray();
      page.entries().forEach(e -> entries.add(e.toJson()));
      return new JsonObject().put("entries", entries).put("nextBefore", page.nextBefore().orElse(null));
    });
  }

  private Future<Answer> topUp(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Currency currency = Money.currency(JsonBody.optionalString(body, "currency").orElse(null), "/currency");
    long amount = Money.parse(currency, amountText(body), "/amount");
    String card = JsonBody.string(body, "card");
    String key = key(ctx, body);
    return ledger.topUp(me(ctx), currency, amount, card, key).map(t -> replayed(t, Answer.created(new JsonObject()
        .put("transfer", t.toJson()).put("provider", providerJson())
        .put("notice", ledger.provider().test() ? "TEST provider: no real money was charged" : null))));
  }

  private Future<Answer> pay(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    String payee = JsonBody.string(body, "toAccountId");
    Currency currency = Money.currency(JsonBody.optionalString(body, "currency").orElse(null), "/currency");
    long amount = Money.parse(currency, amountText(body), "/amount");
    String note = JsonBody.optionalString(body, "note").orElse("");
    if (note.length() > TransferRequest.MAX_TEXT || note.codePoints().anyMatch(Character::isISOControl)) {
      throw PlatformException.invalid("/note", "note must be at most " + TransferRequest.MAX_TEXT
          + " characters, without control characters");
    }
    String key = key(ctx, body);
    String payer = me(ctx);
    if (payee.equals(payer)) {
      throw PlatformException.invalid("/toAccountId", "you cannot pay yourself");
    }
    // A payee whose wallet the ledger knows exists (accounts are never deleted): no lookup.
    Future<?> exists = ledger.knowsWallet(payee, currency)
        ? Future.succeededFuture()
        : accounts.find(payee)
            .recover(f -> Future
                .failedFuture(f instanceof PlatformException pe && pe.reason() == PlatformException.Reason.NOT_FOUND
                    ? PlatformException.invalid("/toAccountId", "there is no user with this id")
                    : f));
    return exists.compose(found -> ledger.pay(payer, payee, currency, amount, note, key))
        .map(t -> replayed(t, Answer.created(t.toJson())));
  }

  private Future<JsonObject> reconcile(RoutingContext ctx) {
    return ledger.reconcile().map(r -> r.toJson());
  }

  /** The answer, marked as the replay of an earlier request with the same idempotency key when it is one. */
  private static Answer replayed(Transfer t, Answer answer) {
    return t.replayed() ? answer.header(REPLAYED_HEADER, "true") : answer;
  }

  /** The amount as sent: it must be a JSON string, never a number (no floating point on the way in). */
  private static String amountText(JsonObject body) {
    Object v = body.getValue("amount");
    if (v != null && !(v instanceof String)) {
      throw PlatformException.invalid("/amount", "amount must be a string such as \"12.50\", not a JSON number");
    }
    return (String) v;
  }

  /** The client's idempotency key, namespaced by the caller. */
  private static String key(RoutingContext ctx, JsonObject body) {
    String key = JsonBody.string(body, "idempotencyKey");
    if (!key.matches("[A-Za-z0-9._:-]{1,100}")) {
      throw PlatformException.invalid("/idempotencyKey",
          "idempotencyKey must be 1 to 100 letters, digits or . _ : - (a new random one for each new payment)");
    }
    return "u:" + me(ctx) + ":" + key;
  }

  private static String param(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    return v == null ? "" : v;
  }
}
