package dev.parley.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.sdk.simulator.MemoryHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The payments sample against an in-memory host: it asks the host for payments (never moves
 * money itself), with the stored amount and payee of a card, parses amounts strictly into minor
 * units, splits bills exactly, and posts a receipt only when the host says the payment completed.
 */
class PaymentsSampleTest {

  private static final Set<String> GRANTED = Set.of("cards.post", "storage.conversation", "members.read",
      "payments.request");

  private static Vertx vertx;
  private static MemoryHost host;
  private static MiniAppRuntime runtime;
  private static AppVersion app;
  private static final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    host = new MemoryHost(Set.of("cards.post", "cards.update", "storage.get", "storage.set", "members.read",
        "payments.request"));
    runtime = MiniAppRuntime.create(vertx, host);
    Bundle bundle = BundleReader.create().read(SampleBundles.zip("payments"));
    app = await(runtime.load(bundle));
  }

  @AfterAll
  static void stop() throws Exception {
    runtime.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void reset() {
    host.reset();
    host.members = new JsonArray()
        .add(member("ann", "Ann")).add(member("bob", "Bob")).add(member("cid", "Cid")).add(member("dee", "Dee"));
  }

  private static JsonObject member(String id, String name) {
    return new JsonObject().put("id", id).put("username", id + "_u").put("displayName", name);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static JsonObject run(String user, String handler, JsonObject event) throws Exception {
    return await(runtime.invoke(app, handler, event, CallContext.of(app, user, "c1", "r" + requests.incrementAndGet(),
        GRANTED)));
  }

  private static JsonObject command(String user, String name, String text) throws Exception {
    JsonArray args = new JsonArray(text.isEmpty() ? List.of() : List.of((Object[]) text.split("\\s+")));
    return run(user, name,
        new JsonObject().put("type", "command").put("command", name).put("text", text).put("args", args));
  }

  private static JsonObject completed(JsonObject asked, String transferId) throws Exception {
    JsonObject event = new JsonObject().put("type", "payment.completed").put("requestId", asked.getString("requestId"))
        .put("reference", asked.getString("reference")).put("amount", asked.getString("amount"))
        .put("currency", asked.getString("currency")).put("payee", asked.getString("payee"))
        .put("payerId", asked.getString("payer")).put("note", asked.getString("note", ""))
        .put("transferId", transferId);
    return run(asked.getString("payer"), "onPayment", event);
  }

  @Test
  void pay_asksTheHost_andTheReceiptFollowsOnlyTheCompletedEvent() throws Exception {
    assertThat(command("ann", "pay", "@bob_u 12.50 lunch at Luigi's")).isEmpty();
    assertThat(host.requested).hasSize(1);
    JsonObject asked = host.requested.get(0);
    assertThat(asked.getString("payee")).isEqualTo("bob");
    assertThat(asked.getValue("amount")).as("a string, never a float").isEqualTo("12.50");
    assertThat(asked.getString("currency")).isEqualTo("EUR");
    assertThat(asked.getString("note")).isEqualTo("lunch at Luigi's");
    assertThat(asked.getString("reference")).startsWith("pay:");
    assertThat(host.posted).as("no receipt before the host says it is paid").isEmpty();

    completed(asked, "t1");
    assertThat(host.posted).hasSize(1);
    JsonObject receipt = host.lastCard();
    assertThat(receipt.getString("title")).isEqualTo("Receipt");
    assertThat(receipt.getString("text")).isEqualTo("Ann paid Bob 12.50 EUR");
    completed(asked, "t1");
    assertThat(host.posted).as("told twice, one receipt").hasSize(1);

    run("ann", "onPayment", new JsonObject().put("type", "payment.cancelled").put("requestId", "pr-x")
        .put("reference", "pay:x").put("reason", "cancelled"));
    assertThat(host.posted).as("no receipt for a cancelled payment").hasSize(1);
  }

  @Test
  void amounts_areParsedStrictly_withHelpfulReplies() throws Exception {
    for (String bad : List.of("12.345", "-5", "1e3", "12,50", "0.00", "012", "12.5.0", "abc", "1000000.01")) {
      JsonObject reply = command("ann", "pay", "@bob_u " + bad);
      assertThat(reply.getString("text")).as(bad).contains("Usage: /pay");
    }
    assertThat(command("ann", "pay", "@bob_u 12.345").getString("text")).contains("2 decimal places");
    assertThat(command("ann", "pay", "@nobody 1.00").getString("text")).contains("not in this conversation");
    assertThat(command("ann", "pay", "@ann_u 1.00").getString("text")).contains("yourself");
    assertThat(command("ann", "pay", "").getString("text")).contains("@username");
    assertThat(command("ann", "pay", "@bob_u 12.5 JPY").getString("text")).contains("no cents");
    assertThat(host.requested).isEmpty();

    command("ann", "pay", "@bob_u 12.5");
    command("ann", "pay", "@bob_u 1200 JPY");
    command("ann", "pay", "@bob_u 0.07");
    assertThat(host.requested.stream().map(r -> r.getString("amount") + " " + r.getString("currency")))
        .containsExactly("12.50 EUR", "1200 JPY", "0.07 EUR");
  }

  @Test
  void request_isACardOnlyTheAskedPersonPays_withTheStoredAmount() throws Exception {
    command("ann", "request", "@bob_u 12.50 tickets");
    String messageId = host.posted.get(0);
    JsonObject card = host.lastCard();
    assertThat(card.getString("title")).isEqualTo("Ann asks Bob for 12.50 EUR");
    assertThat(card.getJsonArray("buttons").stream().map(b -> ((JsonObject) b).getString("id"))).containsExactly("pay",
        "decline");

    JsonObject tap = new JsonObject().put("type", "card_action").put("actionId", "pay").put("messageId", messageId)
        .put("value", "0.01");
    assertThat(run("cid", "payCard", tap).getString("text")).contains("Only the person asked");
    assertThat(host.requested).isEmpty();
    run("bob", "payCard", tap);
    assertThat(host.requested).hasSize(1);
    JsonObject asked = host.requested.get(0);
    assertThat(asked.getString("payer")).as("the payment request goes to Bob").isEqualTo("bob");
    assertThat(asked.getString("payee")).isEqualTo("ann");
    assertThat(asked.getString("amount")).as("the stored amount, not the button's value").isEqualTo("12.50");
    assertThat(run("bob", "payCard", tap).getString("text")).as("one open request per card").contains("already asking");

    completed(asked, "t9");
    assertThat(host.cards.get(messageId).getString("text")).isEqualTo("Paid ✓");
    assertThat(host.cards.get(messageId).getJsonArray("buttons")).isNull();
    assertThat(run("bob", "payCard", tap).getString("text")).contains("already paid");

    command("ann", "request", "@cid_u 3.00");
    String second = host.posted.get(host.posted.size() - 1);
    run("cid", "declineCard",
        new JsonObject().put("type", "card_action").put("actionId", "decline").put("messageId", second));
    assertThat(host.cards.get(second).getString("text")).isEqualTo("Declined");
  }

  @Test
  void split_sharesTheBillAmongEveryone_thePayersShareIsTheirOwn() throws Exception {
    host.members = new JsonArray().add(member("ann", "Ann")).add(member("bob", "Bob")).add(member("cid", "Cid"));
    command("ann", "split", "30.00 dinner");
    assertThat(host.posted).as("a summary and one request per other member").hasSize(3);
    JsonObject summary = host.cards.get(host.posted.get(0));
    assertThat(summary.getString("title")).isEqualTo("Ann split 30.00 EUR 3 ways");
    assertThat(summary.getString("text")).contains("Everyone pays the same");
    List<String> requests = host.posted.subList(1, 3);
    assertThat(requests.stream().map(id -> ((JsonObject) host.stored("c1", "req:" + id)).getString("amount")))
        .containsExactly("10.00", "10.00");
    assertThat(requests.stream().map(id -> ((JsonObject) host.stored("c1", "req:" + id)).getString("to")))
        .containsExactly("bob", "cid");
  }

  @Test
  void split_roundsExactly_andSaysWhoPaysTheExtraCent() throws Exception {
    host.members = new JsonArray().add(member("ann", "Ann")).add(member("bob", "Bob")).add(member("cid", "Cid"));
    command("ann", "split", "10.00 pizza");
    JsonObject summary = host.cards.get(host.posted.get(0));
    assertThat(summary.getString("text"))
        .startsWith("3.34 EUR for Ann, 3.33 EUR for Bob, 3.33 EUR for Cid.")
        .contains("Ann covers the extra cent");
    assertThat(summary.getJsonArray("fields").getJsonObject(0).getString("value")).isEqualTo("3.34 EUR (+1 cent)");
    long total = 334;
    for (String id : host.posted.subList(1, 3)) {
      JsonObject state = (JsonObject) host.stored("c1", "req:" + id);
      assertThat(state.getString("from")).isEqualTo("ann");
      assertThat(state.getString("amount")).isEqualTo("3.33");
      total += state.getLong("minor");
    }
    assertThat(total).as("the shares add up to the bill, in minor units").isEqualTo(1000);

    host.reset();
    host.members = new JsonArray().add(member("ann", "Ann")).add(member("bob", "Bob")).add(member("cid", "Cid"));
    command("ann", "split", "10.01");
    assertThat(host.cards.get(host.posted.get(0)).getString("text")).contains("Ann and Bob cover an extra cent each");
    assertThat(host.posted.subList(1, 3).stream()
        .map(id -> ((JsonObject) host.stored("c1", "req:" + id)).getString("amount"))).containsExactly("3.34", "3.33");

    assertThat(command("ann", "split", "0.02").getString("text")).contains("less than 0.01 EUR each");

    host.reset();
    host.members = new JsonArray().add(member("ann", "Ann")).add(member("bob", "Bob")).add(member("cid", "Cid"));
    command("ann", "split", "1000 JPY");
    assertThat(host.cards.get(host.posted.get(0)).getString("text"))
        .startsWith("334 JPY for Ann, 333 JPY for Bob, 333 JPY for Cid.").contains("Ann covers the extra 1 JPY");
    host.members = new JsonArray().add(member("ann", "Ann")).add(member("bob", "Bob")).add(member("cid", "Cid"));
    host.members = new JsonArray().add(member("ann", "Ann"));
    assertThat(command("ann", "split", "5.00").getString("text")).contains("Nobody else");
  }
}
