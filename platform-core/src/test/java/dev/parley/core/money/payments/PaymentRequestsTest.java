package dev.parley.core.money.payments;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.apps.broker.BrokerOptions;
import dev.parley.core.money.ledger.AccountRef;
import dev.parley.core.money.ledger.Reconciliation;
import dev.parley.core.money.ledger.TestCardProvider;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Payment requests end to end on both databases: an app asks (server code or its page), the
 * payer's sessions are shown the request, only the payer's confirmation moves the stored amount
 * to the stored payee once, and the app's {@code payment} handler hears the outcome. Every way
 * an app or another user could fake, repeat or alter a confirmation is tried, and every test ends
 * with a clean ledger reconciliation.
 */
class PaymentRequestsTest extends PlatformTestBase {

  private static final Currency EUR = Currency.getInstance("EUR");

  static final String SERVER_JS = """
      export async function pay(event) {
        const [payee, amount, ...rest] = event.args;
        const r = await parley.payments.request({ payee, amount, currency: "EUR", note: rest.join(" "), reference: "order-7" });
        return { text: "asked " + r.requestId + " " + r.status };
      }
      export async function buy(event) {
        const r = await parley.payments.request({ payee: "app", amount: event.args[0], currency: "EUR", reference: "sku-1" });
        return { text: "asked " + r.requestId + " " + r.status };
      }
      export async function refund(event) {
        const r = await parley.payments.refund({ requestId: event.text });
        return { text: "refund " + r.status };
      }
      export async function fake(event) {
        await parley.payments.confirm({ requestId: event.text });
        return { text: "faked" };
      }
      export async function number(event) {
        await parley.payments.request({ payee: "app", amount: 12.5, currency: "EUR" });
        return { text: "asked" };
      }
      export async function onPayment(event) {
        return { text: [event.type, event.requestId, event.amount, event.currency, event.reference, event.payee,
          event.transferId, event.reason || ""].join(" ") };
      }
      """;

  private TestUser admin;
  private TestUser dev;
  private String appId;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setBroker(new BrokerOptions().setUserRate(200)));
  }

  @Override
  protected void setUp() {
    admin = p.admin();
    dev = TestApps.developer(api, admin, "dev");
    appId = publishPayApp();
  }

  @AfterEach
  void reconciliationIsClean() {
    if (p != null) {
      Reconciliation r = await(p.platform().ledger().reconcile());
      assertThat(r.differences()).as("reconciliation after the test").isEmpty();
    }
  }

  // ---- fixtures ----

  private String publishPayApp() {
    String id = TestApps.appId(api, "pay");
    TestApps.createApp(api, dev, id);
    JsonArray commands = new JsonArray();
    for (String c : new String[] {"pay", "buy", "refund", "fake", "number"}) {
      commands.add(new JsonObject().put("name", c).put("description", c).put("handler", c));
    }
    JsonObject manifest = TestApps.manifest(id, "1.0.0", "cards.post", "payments.request")
        .put("commands", commands)
        .put("events", new JsonObject().put("payment", "onPayment"));
    Map<String, byte[]> files = TestApps.files(id, "1.0.0");
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", SERVER_JS.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, dev, admin, id, "1.0.0", TestApps.zip(files));
    return id;
  }

  /** A group of {@code ann} and {@code bob} with the app installed and both consenting. */
  private record Group(String id, TestUser ann, TestUser bob) {
  }

  private Group group() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = api.group(ann, "lunch", bob).getString("id");
    assertThat(api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId)).status())
        .isEqualTo(201);
    for (TestUser u : List.of(ann, bob)) {
      Reply consent = api.post("/api/apps/" + appId + "/consent", u, new JsonObject().put("permissions",
          new JsonArray().add("cards.post").add("payments.request")));
      assertThat(consent.status()).as("%s", consent).isEqualTo(200);
    }
    return new Group(group, ann, bob);
  }

  private void topUp(TestUser user, String amount) {
    Reply r = api.post("/api/wallet/topups", user, new JsonObject().put("currency", "EUR").put("amount", amount)
        .put("card", TestCardProvider.APPROVED).put("idempotencyKey", UUID.randomUUID().toString()));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
  }

  private long balance(String userId) {
    return await(p.platform().ledger().balance(AccountRef.wallet(userId, EUR)));
  }

  private Reply command(TestUser user, String conversationId, String text) {
    return api.post("/api/conversations/" + conversationId + "/commands", user, new JsonObject().put("text", text));
  }

  /** Runs a command that asks for a payment and answers the request id. */
  private String ask(TestUser user, String conversationId, String text) {
    Reply r = command(user, conversationId, text);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    String said = r.json().getJsonArray("messages").getJsonObject(0).getJsonObject("card").getString("text");
    assertThat(said).startsWith("asked ").endsWith(" pending");
    return said.split(" ")[1];
  }

  private Reply confirm(TestUser user, String requestId, String key) {
    return api.post("/api/payment-requests/" + requestId + "/confirm", user,
        new JsonObject().put("idempotencyKey", key));
  }

  private Reply cancel(TestUser user, String requestId) {
    return api.post("/api/payment-requests/" + requestId + "/cancel", user, new JsonObject());
  }

  /** The next frame of {@code type} on a live session. */
  private static JsonObject next(LiveClient live, String type) {
    return live.next(type);
  }

  /** The text of the next app card whose text starts with {@code prefix}. */
  private static String nextAppText(LiveClient live, String prefix) {
    while (true) {
      JsonObject m = live.nextMessage();
      JsonObject card = m.getJsonObject("card");
      if (card != null && card.getString("text", "").startsWith(prefix)) {
        return card.getString("text");
      }
    }
  }

  // ---- the tests ----

  @Test
  void request_confirm_movesTheStoredAmountOnce_andTheAppHearsIt() {
    Group g = group();
    topUp(g.ann(), "100.00");
    try (LiveClient annLive = api.live(g.ann()); LiveClient bobLive = api.live(g.bob())) {
      String id = ask(g.ann(), g.id(), "/pay @" + g.bob().username() + " 12.50 lunch at Luigi's");

      JsonObject shown = next(annLive, "payment_request").getJsonObject("request");
      assertThat(shown.getString("id")).isEqualTo(id);
      assertThat(shown.getString("status")).isEqualTo("pending");
      assertThat(shown.getString("amount")).isEqualTo("12.50");
      assertThat(shown.getString("currency")).isEqualTo("EUR");
      assertThat(shown.getString("note")).isEqualTo("lunch at Luigi's");
      assertThat(shown.getJsonObject("payee").getString("id")).isEqualTo(g.bob().id());
      assertThat(shown.getJsonObject("app").getString("name")).isEqualTo("App " + appId);
      Reply pending = api.get("/api/payment-requests?status=pending", g.ann());
      assertThat(pending.json().getJsonArray("requests").getJsonObject(0).getString("id")).isEqualTo(id);
      assertThat(balance(g.bob().id())).as("nothing moves on the app's word").isZero();

      Reply done = confirm(g.ann(), id, "k-" + UUID.randomUUID());
      assertThat(done.status()).as("%s", done).isEqualTo(200);
      assertThat(done.json().getString("status")).isEqualTo("completed");
      String transferId = done.json().getString("transferId");
      assertThat(transferId).isNotNull();
      assertThat(balance(g.ann().id())).isEqualTo(8750);
      assertThat(balance(g.bob().id())).isEqualTo(1250);
      assertThat(next(bobLive, "wallet").getString("balance")).as("the payee's wallet, live").isEqualTo("12.50");

      assertThat(nextAppText(annLive, "payment.")).isEqualTo("payment.completed " + id + " 12.50 EUR order-7 "
          + g.bob().id() + " " + transferId + " ");

      // A retry (another key, as after a lost answer) answers the first result; nothing moves again.
      Reply again = confirm(g.ann(), id, "k-" + UUID.randomUUID());
      assertThat(again.status()).as("%s", again).isEqualTo(200);
      assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(again.json().getString("transferId")).isEqualTo(transferId);
      assertThat(cancel(g.ann(), id).status()).as("a completed payment is not cancelled").isEqualTo(409);
      assertThat(balance(g.ann().id())).isEqualTo(8750);
      assertThat(p.sql("SELECT COUNT(*) AS n FROM transfers WHERE reference = ?", "payment-request:" + id).get(0)
          .getLong("n")).isEqualTo(1);
    }
  }

  @Test
  void onlyThePayerConfirms_andNothingTheAppSendsCanConfirm() {
    Group g = group();
    TestUser carol = api.signUp("carol");
    topUp(g.ann(), "50.00");
    String id = ask(g.ann(), g.id(), "/pay @" + g.bob().username() + " 20.00");

    Reply byPayee = confirm(g.bob(), id, "k1");
    assertThat(byPayee.status()).as("%s", byPayee).isEqualTo(403);
    Reply byStranger = confirm(carol, id, "k1");
    assertThat(byStranger.status()).as("the stranger cannot tell it exists").isEqualTo(404);
    assertThat(api.get("/api/payment-requests/" + id, carol).status()).isEqualTo(404);
    assertThat(cancel(carol, id).status()).isEqualTo(404);

    // The app's server code has no confirm: calling it is the app's own error.
    Reply fake = command(g.ann(), g.id(), "/fake " + id);
    assertThat(fake.status()).as("%s", fake).isEqualTo(502);
    // The app's page cannot reach one through the broker either.
    Reply page = api.post("/api/conversations/" + g.id() + "/apps/" + appId + "/calls", g.ann(),
        new JsonObject().put("capability", "payments.confirm").put("args", new JsonObject().put("requestId", id)));
    assertThat(page.status()).as("%s", page).isEqualTo(400);
    assertThat(page.json().getString("detail")).contains("not a capability");
    // Nor can it alter the amount: the confirmation carries none, extra fields are ignored.
    Reply altered = api.post("/api/payment-requests/" + id + "/confirm", g.ann(), new JsonObject()
        .put("idempotencyKey", "k2").put("amount", "0.01").put("payee", carol.id()));
    assertThat(altered.status()).as("%s", altered).isEqualTo(200);
    assertThat(balance(g.bob().id())).as("the stored amount to the stored payee").isEqualTo(2000);
    assertThat(balance(carol.id())).isZero();
    assertThat(balance(g.ann().id())).isEqualTo(3000);
  }

  @Test
  void thePageAsksThroughTheSdk_andTheAppsBadInputIsItsClearError() {
    Group g = group();
    Reply page = api.post("/api/conversations/" + g.id() + "/apps/" + appId + "/calls", g.ann(),
        new JsonObject().put("capability", "payments.request").put("args", new JsonObject()
            .put("payee", g.bob().id()).put("amount", "3.00").put("currency", "EUR").put("note", "from the page")));
    assertThat(page.status()).as("%s", page).isEqualTo(200);
    JsonObject result = page.json().getJsonObject("result");
    assertThat(result.getString("status")).isEqualTo("pending");
    assertThat(api.get("/api/payment-requests/" + result.getString("requestId"), g.ann()).json().getString("note"))
        .isEqualTo("from the page");

    Reply badAmount = command(g.ann(), g.id(), "/pay @" + g.bob().username() + " 12.345");
    assertThat(badAmount.status()).isEqualTo(502);
    assertThat(badAmount.json().getString("detail")).contains("decimal places");
    Reply stranger = command(g.ann(), g.id(), "/pay @nobody_here 1.00");
    assertThat(stranger.json().getString("detail")).contains("not a member");
    Reply self = command(g.ann(), g.id(), "/pay @" + g.ann().username() + " 1.00");
    assertThat(self.json().getString("detail")).contains("pays themselves");
    Reply number = command(g.ann(), g.id(), "/number");
    assertThat(number.json().getString("detail")).contains("not a number");
    assertThat(api.get("/api/developer/apps/" + appId + "/logs", dev).array().encode())
        .contains("host call payments.request refused");
    Reply cancelled = cancel(g.ann(), result.getString("requestId"));
    assertThat(cancelled.json().getString("status")).isEqualTo("cancelled");
  }

  @Test
  void cancelledOrExpired_neverConfirm_andTheAppHearsCancelled() {
    Group g = group();
    topUp(g.ann(), "30.00");
    try (LiveClient annLive = api.live(g.ann())) {
      String cancelled = ask(g.ann(), g.id(), "/pay @" + g.bob().username() + " 5.00");
      Reply c = cancel(g.ann(), cancelled);
      assertThat(c.status()).as("%s", c).isEqualTo(200);
      assertThat(c.json().getString("status")).isEqualTo("cancelled");
      assertThat(nextAppText(annLive, "payment.")).startsWith("payment.cancelled " + cancelled + " 5.00 EUR")
          .endsWith(" cancelled");
      Reply late = confirm(g.ann(), cancelled, "k1");
      assertThat(late.status()).as("%s", late).isEqualTo(409);
      assertThat(late.json().getString("detail")).contains("cancelled");

      String expiring = ask(g.ann(), g.id(), "/pay @" + g.bob().username() + " 6.00");
      p.sql("UPDATE payment_requests SET expires_at = ? WHERE id = ?", System.currentTimeMillis() - 1, expiring);
      Reply expired = confirm(g.ann(), expiring, "k2");
      assertThat(expired.status()).as("%s", expired).isEqualTo(409);
      assertThat(expired.json().getString("detail")).contains("expired");
      assertThat(nextAppText(annLive, "payment.")).startsWith("payment.cancelled " + expiring).endsWith(" expired");
      assertThat(api.get("/api/payment-requests/" + expiring, g.ann()).json().getString("status")).isEqualTo("expired");
    }
    assertThat(balance(g.ann().id())).isEqualTo(3000);
    assertThat(balance(g.bob().id())).isZero();
  }

  @Test
  void insufficientFunds_leaveTheRequestPending_untilTheUserTopsUp() {
    Group g = group();
    String id = ask(g.ann(), g.id(), "/pay @" + g.bob().username() + " 40.00");
    Reply poor = confirm(g.ann(), id, "k1");
    assertThat(poor.status()).as("%s", poor).isEqualTo(409);
    assertThat(poor.json().getString("detail")).contains("insufficient funds");
    assertThat(api.get("/api/payment-requests/" + id, g.ann()).json().getString("status")).isEqualTo("pending");
    topUp(g.ann(), "40.00");
    assertThat(confirm(g.ann(), id, "k1").json().getString("status")).isEqualTo("completed");
    assertThat(balance(g.bob().id())).isEqualTo(4000);
  }

  @Test
  void refunds_moveTheSameAmountBackOnce_byThePayeeOnly() {
    Group g = group();
    topUp(g.ann(), "20.00");
    String id = ask(g.ann(), g.id(), "/pay @" + g.bob().username() + " 12.50");
    assertThat(confirm(g.ann(), id, "k1").status()).isEqualTo(200);

    Reply byPayer = api.post("/api/payment-requests/" + id + "/refund", g.ann(),
        new JsonObject().put("idempotencyKey", "r1"));
    assertThat(byPayer.status()).as("%s", byPayer).isEqualTo(403);
    Reply refunded = api.post("/api/payment-requests/" + id + "/refund", g.bob(),
        new JsonObject().put("idempotencyKey", "r1"));
    assertThat(refunded.status()).as("%s", refunded).isEqualTo(200);
    assertThat(refunded.json().getString("status")).isEqualTo("refunded");
    Reply twice = api.post("/api/payment-requests/" + id + "/refund", g.bob(),
        new JsonObject().put("idempotencyKey", "r2"));
    assertThat(twice.json().getString("refundTransferId")).isEqualTo(refunded.json().getString("refundTransferId"));
    assertThat(balance(g.ann().id())).isEqualTo(2000);
    assertThat(balance(g.bob().id())).isZero();
    assertThat(confirm(g.ann(), id, "k1").status()).as("a refunded payment is not confirmed again").isEqualTo(409);

    // A merchant payment: the app refunds it, once.
    String bought = ask(g.ann(), g.id(), "/buy 5.00");
    assertThat(confirm(g.ann(), bought, "k3").status()).isEqualTo(200);
    assertThat(await(p.platform().ledger().balance(AccountRef.merchant(appId, EUR)))).isEqualTo(500);
    assertThat(
        api.post("/api/payment-requests/" + bought + "/refund", g.ann(), new JsonObject().put("idempotencyKey", "r3"))
            .status())
        .as("a payment to an app is refunded by the app").isEqualTo(403);
    Reply appRefund = command(g.ann(), g.id(), "/refund " + bought);
    assertThat(appRefund.status()).as("%s", appRefund).isEqualTo(200);
    Reply appAgain = command(g.ann(), g.id(), "/refund " + bought);
    assertThat(appAgain.json().getJsonArray("messages").getJsonObject(0).getJsonObject("card").getString("text"))
        .isEqualTo("refund refunded");
    assertThat(await(p.platform().ledger().balance(AccountRef.merchant(appId, EUR)))).isZero();
    assertThat(balance(g.ann().id())).isEqualTo(2000);
    // Another user's payment is no business of the app's refund.
    String toBob = ask(g.ann(), g.id(), "/pay @" + g.bob().username() + " 1.00");
    assertThat(confirm(g.ann(), toBob, "k4").status()).isEqualTo(200);
    assertThat(command(g.ann(), g.id(), "/refund " + toBob).status()).isEqualTo(502);
    assertThat(balance(g.bob().id())).isEqualTo(100);
  }

  @Test
  void fiftyConcurrentConfirms_moveTheMoneyOnce() {
    Group g = group();
    topUp(g.ann(), "100.00");
    String id = ask(g.ann(), g.id(), "/pay @" + g.bob().username() + " 10.00");
    List<Future<Reply>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String key = i % 2 == 0 ? "same-key" : "key-" + i; // one key retried, and fresh keys from other sessions
      all.add(api.postAsync("/api/payment-requests/" + id + "/confirm", g.ann(),
          new JsonObject().put("idempotencyKey", key)));
    }
    List<Reply> replies = all.stream().map(ApiClient::await).toList();
    assertThat(replies).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(200));
    assertThat(replies.stream().map(r -> r.json().getString("transferId")).distinct()).hasSize(1);
    assertThat(replies.stream().filter(r -> r.header("Idempotent-Replayed") == null)).hasSize(1);
    assertThat(balance(g.ann().id())).isEqualTo(9000);
    assertThat(balance(g.bob().id())).isEqualTo(1000);
    assertThat(p.sql("SELECT COUNT(*) AS n FROM transfers WHERE reference = ?", "payment-request:" + id).get(0)
        .getLong("n")).isEqualTo(1);
  }
}
