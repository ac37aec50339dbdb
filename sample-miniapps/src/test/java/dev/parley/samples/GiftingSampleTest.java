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
 * The gifting sample against an in-memory host: {@code /packet} only asks the host for a red packet
 * (amounts as strings from integer minor units), the card follows the completed payment once, each
 * member's "Open" claims for that member and updates the card in place, and a finished or expired
 * packet says so on its card.
 */
class GiftingSampleTest {

  private static final Set<String> GRANTED = Set.of("cards.post", "storage.conversation", "payments.request",
      "members.read");

  private static Vertx vertx;
  private static MemoryHost host;
  private static MiniAppRuntime runtime;
  private static AppVersion app;
  private static final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    host = new MemoryHost(Set.of("cards.post", "cards.update", "storage.get", "storage.set", "redpackets.create",
        "redpackets.get", "redpackets.claim", "members.read"));
    runtime = MiniAppRuntime.create(vertx, host);
    Bundle bundle = BundleReader.create().read(SampleBundles.zip("gifting"));
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
    host.members = new JsonArray().add(new JsonObject().put("id", "ann").put("username", "ann")
        .put("displayName", "Ann")).add(new JsonObject().put("id", "bob").put("username", "bob")
            .put("displayName", "Bob"));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static JsonObject run(String user, String handler, JsonObject event) throws Exception {
    return await(runtime.invoke(app, handler, event, CallContext.of(app, user, "c1", "r" + requests.incrementAndGet(),
        GRANTED)));
  }

  private static JsonObject command(String user, String text) throws Exception {
    JsonArray args = new JsonArray(text.isEmpty() ? List.of() : List.of((Object[]) text.split("\\s+")));
    return run(user, "packet", new JsonObject().put("type", "command").put("command", "packet").put("text", text)
        .put("args", args));
  }

  private static JsonObject completed(JsonObject asked, String packetId) throws Exception {
    return run(asked.getString("payer"), "onPayment", new JsonObject().put("type", "payment.completed")
        .put("requestId", asked.getString("requestId")).put("amount", asked.getString("total"))
        .put("currency", asked.getString("currency")).put("payee", "red_packet")
        .put("payerId", asked.getString("payer"))
        .put("packetId", packetId));
  }

  private static JsonObject open(String user, String messageId, String value) throws Exception {
    return run(user, "open",
        new JsonObject().put("type", "card_action").put("actionId", "open").put("messageId", messageId)
            .put("value", value));
  }

  @Test
  void packet_asksTheHost_andTheCardFollowsTheCompletedPaymentOnce() throws Exception {
    assertThat(command("ann", "10.00 5 lucky Happy new year")).isEmpty();
    assertThat(host.requested).hasSize(1);
    JsonObject asked = host.requested.get(0);
    assertThat(asked.getValue("total")).as("a string, never a float").isEqualTo("10.00");
    assertThat(asked.getString("currency")).isEqualTo("EUR");
    assertThat(asked.getValue("shares")).isEqualTo(5);
    assertThat(asked.getString("mode")).isEqualTo("lucky");
    assertThat(asked.getString("message")).isEqualTo("Happy new year");
    assertThat(host.posted).as("no card before the sender confirmed").isEmpty();

    run("ann", "onPayment",
        new JsonObject().put("type", "payment.cancelled").put("requestId", asked.getString("requestId"))
            .put("payee", "red_packet").put("reason", "cancelled"));
    assertThat(host.posted).as("no card for a cancelled packet").isEmpty();

    host.make(asked, "p1");
    completed(asked, "p1");
    completed(asked, "p1");
    assertThat(host.posted).as("told twice, one card").hasSize(1);
    JsonObject card = host.cards.get(host.posted.get(0));
    assertThat(card.getString("title")).as("a gift: who sent it").isEqualTo("🧧 Red packet from Ann: Happy new year");
    assertThat(card.getString("text")).isEqualTo("“Happy new year”\n0 of 5 claimed");
    assertThat(card.getJsonArray("fields").getJsonObject(0).getString("value"))
        .isEqualTo("10.00 EUR in 5 shares (lucky)");
    assertThat(card.getJsonArray("buttons").getJsonObject(0).getString("label")).isEqualTo("🧧 Open");

    command("ann", "10 3");
    assertThat(host.requested.get(1).getString("mode")).isEqualTo("equal");
    assertThat(host.requested.get(1).getString("total")).isEqualTo("10.00");
    assertThat(host.requested.get(1).getString("message")).isEmpty();
  }

  @Test
  void open_claimsForThePressingMember_andUpdatesTheCardInPlace() throws Exception {
    command("ann", "10.00 2 Gong xi");
    JsonObject asked = host.requested.get(0);
    host.make(asked, "p1");
    completed(asked, "p1");
    String messageId = host.posted.get(0);

    open("bob", messageId, "some-other-packet");
    assertThat(host.posted).as("updated in place, nothing new posted").hasSize(1);
    JsonObject card = host.cards.get(messageId);
    assertThat(card.getString("text")).isEqualTo("“Gong xi”\n1 of 2 claimed");
    assertThat(card.getJsonArray("fields").getJsonObject(1).getString("label")).isEqualTo("BOB");
    assertThat(card.getJsonArray("fields").getJsonObject(1).getString("value")).isEqualTo("5.00 EUR");

    assertThat(open("bob", messageId, null).getString("text")).as("a second open says what the first gave")
        .isEqualTo("You already opened this red packet: you got 5.00 EUR.");
    assertThat(host.packets.get("p1").getJsonArray("claimed")).as("one share each").hasSize(1);
    open("cid", messageId, null);
    card = host.cards.get(messageId);
    assertThat(card.getString("text")).isEqualTo("“Gong xi”\nAll 2 claimed");
    assertThat(card.getJsonArray("buttons")).as("nothing left to open").isNull();
    assertThat(card.getJsonArray("fields")).hasSize(3);

    assertThat(open("dee", messageId, null).getString("text")).contains("claimed before you opened it");
    assertThat(host.cards.get(messageId).getString("text")).endsWith("All 2 claimed");
    assertThat(open("dee", "m-unknown", null).getString("text")).contains("no longer here");
  }

  @Test
  void aFinishedLuckyPacket_marksTheBestLuck() throws Exception {
    command("ann", "10.00 2 lucky");
    JsonObject asked = host.requested.get(0);
    host.make(asked, "p1");
    completed(asked, "p1");
    String messageId = host.posted.get(0);
    open("bob", messageId, null);
    assertThat(host.cards.get(messageId).getJsonArray("fields").encode()).doesNotContain("Best luck");
    open("cid", messageId, null);
    JsonArray fields = host.cards.get(messageId).getJsonArray("fields");
    assertThat(fields.getJsonObject(1).getString("label")).isEqualTo("🏆 BOB");
    assertThat(fields.getJsonObject(1).getString("value")).isEqualTo("5.00 EUR · Best luck");
    assertThat(fields.getJsonObject(2).getString("value")).isEqualTo("5.00 EUR");
    assertThat(host.cards.get(messageId).getString("title")).isEqualTo("🧧 Red packet from Ann");
  }

  @Test
  void anExpiredPacket_saysSoOnItsCard() throws Exception {
    command("ann", "3.00 3");
    JsonObject asked = host.requested.get(0);
    host.make(asked, "p1");
    completed(asked, "p1");
    String messageId = host.posted.get(0);
    open("bob", messageId, null);
    host.packets.get("p1").put("status", "expired");
    open("cid", messageId, null);
    JsonObject card = host.cards.get(messageId);
    assertThat(card.getString("text"))
        .isEqualTo("“Best wishes!”\nExpired: 1 of 3 claimed; the rest went back to the sender");
    assertThat(card.getJsonArray("buttons")).isNull();
  }

  @Test
  void amountsAndShares_areParsedStrictly_withHelpfulReplies() throws Exception {
    for (String bad : List.of("10.005 5", "-5 2", "1e3 2", "10,00 2", "0.00 2", "012 2", "abc 2", "10000.01 2",
        "10.00", "10.00 0", "10.00 2.5", "10.00 501", "10.00 x", "0.04 5", "10.5 JPY 2")) {
      JsonObject reply = command("ann", bad);
      assertThat(reply.getString("text")).as(bad).contains("Usage: /packet");
    }
    assertThat(command("ann", "0.04 5").getString("text")).contains("5 shares need at least 0.05 EUR");
    assertThat(command("ann", "10.00 2.5").getString("text")).contains("whole number");
    assertThat(host.requested).isEmpty();

    command("ann", "1200 JPY 3 lucky");
    command("ann", "0.05 5");
    assertThat(host.requested.stream().map(r -> r.getString("total") + " " + r.getString("currency") + " "
        + r.getInteger("shares"))).containsExactly("1200 JPY 3", "0.05 EUR 5");
  }
}
