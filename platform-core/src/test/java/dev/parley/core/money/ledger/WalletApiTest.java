package dev.parley.core.money.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The money API on both databases: wallets, top-ups through the TEST provider, payments between
 * users, history, live wallet events and the admins' reconciliation. Every test ends with the
 * reconciliation API answering clean.
 */
class WalletApiTest extends PlatformTestBase {

  private TestUser admin;

  @Override
  protected void setUp() {
    admin = p.admin();
  }

  @AfterEach
  void reconciliationIsClean() {
    if (p != null) {
      Reply reply = api.get("/api/admin/ledger/reconcile", admin);
      assertThat(reply.status()).as("%s", reply).isEqualTo(200);
      assertThat(reply.json().getJsonArray("differences")).as("%s", reply).isEmpty();
      assertThat(reply.json().getBoolean("ok")).isTrue();
    }
  }

  private static JsonObject topUp(String amount, String card, String key) {
    return new JsonObject().put("currency", "EUR").put("amount", amount).put("card", card).put("idempotencyKey", key);
  }

  private Reply topUp(TestUser user, String amount) {
    Reply reply = api.post("/api/wallet/topups", user,
        topUp(amount, TestCardProvider.APPROVED, UUID.randomUUID().toString()));
    assertThat(reply.status()).as("%s", reply).isEqualTo(201);
    return reply;
  }

  private JsonObject payment(TestUser to, String amount, String note, String key) {
    JsonObject body = new JsonObject().put("toAccountId", to.id()).put("currency", "EUR").put("amount", amount)
        .put("idempotencyKey", key);
    return note == null ? body : body.put("note", note);
  }

  /** The user's balance in EUR as the API shows it; "0" without a wallet. */
  private String balance(TestUser user) {
    Reply reply = api.get("/api/wallet", user);
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    for (Object w : reply.json().getJsonArray("wallets")) {
      if ("EUR".equals(((JsonObject) w).getString("currency"))) {
        return ((JsonObject) w).getString("balance");
      }
    }
    return "0";
  }

  private static void assertProblem(Reply reply, int status, String field, String detail) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(status);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    if (field != null) {
      assertThat(reply.json().getString("field")).as("%s", reply).isEqualTo(field);
    }
    assertThat(reply.json().getString("detail")).as("%s", reply).contains(detail);
  }

  @Test
  void topUp_withTheApprovedTestCard_fundsTheWalletSaysItIsATestAndUpdatesLive() {
    TestUser dana = api.signUp("Dana");
    try (LiveClient live = api.live(dana)) {
      Reply reply = topUp(dana, "25.00");

      JsonObject body = reply.json();
      assertThat(body.getJsonObject("provider").getString("name")).isEqualTo("test");
      assertThat(body.getJsonObject("provider").getBoolean("test")).isTrue();
      assertThat(body.getString("notice")).contains("TEST provider");
      JsonObject transfer = body.getJsonObject("transfer");
      assertThat(transfer.getString("kind")).isEqualTo("topup");
      assertThat(transfer.getString("amount")).isEqualTo("25.00");
      assertThat(transfer.getLong("amountMinor")).isEqualTo(2500);
      assertThat(transfer.getString("note")).isEqualTo("TEST card •••• 4242");
      assertThat(transfer.getString("reference")).startsWith("test:test_");
      assertThat(transfer.getJsonObject("to").getString("ownerId")).isEqualTo(dana.id());
      assertThat(reply.body()).doesNotContain("4242424242424242", "4242 4242 4242 4242");

      JsonObject event = live.next("wallet");
      assertThat(event.getString("currency")).isEqualTo("EUR");
      assertThat(event.getString("balance")).isEqualTo("25.00");
      assertThat(event.getLong("balanceMinor")).isEqualTo(2500);
    }
    Reply wallets = api.get("/api/wallet", dana);
    assertThat(wallets.json().getJsonArray("wallets")).hasSize(1);
    assertThat(wallets.json().getJsonObject("provider").getBoolean("test")).isTrue();
    assertThat(balance(dana)).isEqualTo("25.00");
  }

  @Test
  void topUp_retried_answersTheFirstResultAndChargesOnce_otherContentIsRefused() {
    TestUser eve = api.signUp("Eve");
    String key = UUID.randomUUID().toString();
    Reply first = api.post("/api/wallet/topups", eve, topUp("10.00", TestCardProvider.APPROVED, key));
    Reply again = api.post("/api/wallet/topups", eve, topUp("10.00", TestCardProvider.APPROVED, key));

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.header(LedgerApi.REPLAYED_HEADER)).isNull();
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header(LedgerApi.REPLAYED_HEADER)).isEqualTo("true");
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(balance(eve)).isEqualTo("10.00");

    Reply other = api.post("/api/wallet/topups", eve, topUp("11.00", TestCardProvider.APPROVED, key));
    assertProblem(other, 409, null, "idempotency key was already used for a different request");
    assertThat(balance(eve)).isEqualTo("10.00");

    // keys are the caller's own: another user's same key is another top-up
    TestUser frank = api.signUp("Frank");
    assertThat(api.post("/api/wallet/topups", frank, topUp("10.00", TestCardProvider.APPROVED, key)).status())
        .isEqualTo(201);
    assertThat(balance(frank)).isEqualTo("10.00");
  }

  @Test
  void topUp_withADeclinedUnknownOrMistypedCard_isRefusedAndMovesNothing() {
    TestUser gil = api.signUp("Gil");
    assertProblem(api.post("/api/wallet/topups", gil, topUp("5.00", TestCardProvider.DECLINED, "k1")), 400, "/card",
        "declined");
    assertProblem(api.post("/api/wallet/topups", gil, topUp("5.00", "4111 1111 1111 1111", "k2")), 400, "/card",
        "only its test cards");
    assertProblem(api.post("/api/wallet/topups", gil, topUp("5.00", "4242 4242 4242 4241", "k3")), 400, "/card",
        "check digit");
    assertProblem(api.post("/api/wallet/topups", gil, topUp("5.00", "hello", "k4")), 400, "/card", "card number");
    assertThat(balance(gil)).isEqualTo("0");
    assertThat(api.get("/api/wallet", gil).json().getJsonArray("wallets")).isEmpty();
  }

  @Test
  void amountsAndCurrencies_areParsedStrictly_withErrorsNamingTheField() {
    TestUser hal = api.signUp("Hal");
    for (String bad : List.of("12.5.0", "1e3", "-1", "12.505", "0", "1000000000.01", "")) {
      assertProblem(
          api.post("/api/wallet/topups", hal, topUp(bad, TestCardProvider.APPROVED, UUID.randomUUID().toString())),
          400, "/amount", "amount");
    }
    Reply number = api.post("/api/wallet/topups", hal, new JsonObject().put("currency", "EUR").put("amount", 12.5)
        .put("card", TestCardProvider.APPROVED).put("idempotencyKey", "n1"));
    assertProblem(number, 400, "/amount", "not a JSON number");
    assertProblem(
        api.post("/api/wallet/topups", hal, topUp("5.00", TestCardProvider.APPROVED, "n2").put("currency", "eur")),
        400, "/currency", "ISO 4217");
    assertProblem(
        api.post("/api/wallet/topups", hal, topUp("5.00", TestCardProvider.APPROVED, "n3").put("currency", "XAU")),
        400, "/currency", "not a currency");
    assertProblem(api.post("/api/wallet/topups", hal, topUp("5.00", TestCardProvider.APPROVED, "bad key!")),
        400, "/idempotencyKey", "idempotencyKey");
    assertThat(balance(hal)).isEqualTo("0");
  }

  @Test
  void payment_movesMoneyToAnotherUser_showsInBothHistoriesAndUpdatesThePayeeLive() {
    TestUser ida = api.signUp("Ida");
    TestUser jon = api.signUp("Jon");
    topUp(ida, "20.00");
    try (LiveClient live = api.live(jon)) {
      Reply paid = api.post("/api/payments", ida, payment(jon, "12.50", "lunch", "pay-1"));

      assertThat(paid.status()).as("%s", paid).isEqualTo(201);
      assertThat(paid.json().getString("kind")).isEqualTo("payment");
      assertThat(paid.json().getString("amount")).isEqualTo("12.50");
      assertThat(paid.json().getString("note")).isEqualTo("lunch");
      JsonObject event = live.next("wallet");
      assertThat(event.getString("balance")).isEqualTo("12.50");
    }
    assertThat(balance(ida)).isEqualTo("7.50");
    assertThat(balance(jon)).isEqualTo("12.50");

    JsonArray idas = api.get("/api/wallet/history?currency=EUR", ida).json().getJsonArray("entries");
    assertThat(idas).hasSize(2);
    JsonObject out = idas.getJsonObject(0);
    assertThat(out.getString("kind")).isEqualTo("payment");
    assertThat(out.getString("amount")).isEqualTo("-12.50");
    assertThat(out.getString("note")).isEqualTo("lunch");
    assertThat(out.getJsonObject("counterparty").getString("ownerId")).isEqualTo(jon.id());
    assertThat(out.getJsonObject("counterparty").getString("username")).isEqualTo(jon.username());
    assertThat(out.getJsonObject("counterparty").getString("displayName")).isEqualTo("Jon");
    assertThat(idas.getJsonObject(1).getString("kind")).isEqualTo("topup");
    assertThat(idas.getJsonObject(1).getJsonObject("counterparty").getString("kind")).isEqualTo("issuing");

    JsonObject in = api.get("/api/wallet/history", jon).json().getJsonArray("entries").getJsonObject(0);
    assertThat(in.getString("amount")).isEqualTo("12.50");
    assertThat(in.getJsonObject("counterparty").getString("username")).isEqualTo(ida.username());

    // the same payment again: the first answer, nothing moves
    Reply again = api.post("/api/payments", ida, payment(jon, "12.50", "lunch", "pay-1"));
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header(LedgerApi.REPLAYED_HEADER)).isEqualTo("true");
    assertThat(again.json().getString("id")).isEqualTo(paid(ida, "pay-1"));
    assertThat(balance(ida)).isEqualTo("7.50");
  }

  private String paid(TestUser payer, String key) {
    return p.sql("SELECT id FROM transfers WHERE idempotency_key = ?", "u:" + payer.id() + ":" + key).get(0)
        .getString("id");
  }

  @Test
  void payment_refusals_insufficientSelfUnknownPayeeBadNote() {
    TestUser kim = api.signUp("Kim");
    TestUser lea = api.signUp("Lea");
    topUp(kim, "5.00");

    assertProblem(api.post("/api/payments", kim, payment(lea, "5.01", null, "r1")), 409, null, "insufficient funds");
    assertProblem(api.post("/api/payments", kim, payment(kim, "1.00", null, "r2")), 400, "/toAccountId", "yourself");
    assertProblem(
        api.post("/api/payments", kim, payment(lea, "1.00", null, "r3").put("toAccountId", "abcdefghijklmnopqrst")),
        400, "/toAccountId", "no user");
    assertProblem(api.post("/api/payments", kim, payment(lea, "1.00", "x".repeat(201), "r4")), 400, "/note", "note");
    assertProblem(api.post("/api/payments", kim, payment(lea, "1.00", "a\u0000b", "r5")), 400, "/note", "control");
    assertProblem(api.post("/api/payments", lea, payment(kim, "1.00", null, "r6")), 409, null, "insufficient funds");
    assertThat(balance(kim)).isEqualTo("5.00");
    assertThat(balance(lea)).isEqualTo("0");
  }

  @Test
  void history_pagesNewestFirstWithACursor() {
    TestUser max = api.signUp("Max");
    for (int i = 1; i <= 5; i++) {
      topUp(max, i + ".00");
    }
    List<String> amounts = new ArrayList<>();
    String before = "";
    int pages = 0;
    do {
      Reply page = api.get("/api/wallet/history?limit=2" + (before.isEmpty() ? "" : "&before=" + before), max);
      assertThat(page.status()).as("%s", page).isEqualTo(200);
      page.json().getJsonArray("entries").forEach(e -> amounts.add(((JsonObject) e).getString("amount")));
      before = java.util.Objects.requireNonNullElse(page.json().getString("nextBefore"), "");
      pages++;
    } while (!before.isEmpty() && pages < 10);

    assertThat(amounts).containsExactly("5.00", "4.00", "3.00", "2.00", "1.00");
    assertThat(pages).isEqualTo(3);
    assertProblem(api.get("/api/wallet/history?before=nonsense", max), 400, "before", "nextBefore");
    assertProblem(api.get("/api/wallet/history?limit=0", max), 400, "limit", "limit");
    assertProblem(api.get("/api/wallet/history?currency=euro", max), 400, "currency", "ISO 4217");
    assertThat(api.get("/api/wallet/history?currency=USD", max).json().getJsonArray("entries")).isEmpty();
  }

  @Test
  void reconcile_isForAdmins_andReportsACorruptedBalance() {
    TestUser ned = api.signUp("Ned");
    topUp(ned, "3.00");
    assertThat(api.get("/api/admin/ledger/reconcile", ned).status()).isEqualTo(403);

    Reply clean = api.get("/api/admin/ledger/reconcile", admin);
    assertThat(clean.json().getBoolean("ok")).isTrue();
    assertThat(clean.json().getLong("accounts")).isGreaterThanOrEqualTo(2);
    assertThat(clean.json().getLong("transfers")).isGreaterThanOrEqualTo(1);

    p.sql("UPDATE ledger_accounts SET balance = balance + 100 WHERE kind = 'wallet' AND owner_id = ?", ned.id());
    try {
      Reply dirty = api.get("/api/admin/ledger/reconcile", admin);
      assertThat(dirty.status()).isEqualTo(200);
      assertThat(dirty.json().getBoolean("ok")).isFalse();
      assertThat(dirty.json().getJsonArray("differences").stream().map(d -> ((JsonObject) d).getString("message")))
          .anySatisfy(m -> assertThat(m).contains("stored balance 4.00 but its entries sum to 3.00"));
    } finally {
      p.sql("UPDATE ledger_accounts SET balance = balance - 100 WHERE kind = 'wallet' AND owner_id = ?", ned.id());
    }
  }
}
