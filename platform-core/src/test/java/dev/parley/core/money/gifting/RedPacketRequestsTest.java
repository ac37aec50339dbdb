package dev.parley.core.money.gifting;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A red packet through the host, on both databases: the app asks ({@code parley.redpackets.create}),
 * the payer's sheet shows the packet, the payer's confirmation makes and funds it once (key
 * {@code payreq:<request id>}), the app hears {@code payment.completed} with the packet and posts
 * its card, members claim from the card ({@code parley.redpackets.claim}, no money permission),
 * the card is updated in place for everyone, and the balances add up with a clean reconciliation.
 */
class RedPacketRequestsTest extends PlatformTestBase {

  private static final Currency EUR = Currency.getInstance("EUR");

  static final String SERVER_JS = """
      function card(p) {
        const text = p.status === "expired" ? "Expired" : p.claimed.length + " of " + p.shares + " claimed";
        return { title: "Red packet " + p.total + " " + p.currency, text,
          fields: p.claimed.map((c) => ({ label: c.displayName, value: c.amount })),
          buttons: [{ id: "open", label: "Open", type: "callback", value: p.id }] };
      }
      export async function packet(event) {
        const [total, shares, mode, ...rest] = event.args;
        const r = await parley.redpackets.create({ total, currency: "EUR", shares: Number(shares), mode,
          message: rest.join(" ") });
        return { text: "asked " + r.requestId + " " + r.status };
      }
      export async function raw(event) {
        const r = await parley.redpackets.create(JSON.parse(event.text));
        return { text: "asked " + r.requestId };
      }
      export async function onPayment(event) {
        if (event.type !== "payment.completed" || event.payee !== "red_packet") return {};
        const p = await parley.redpackets.get({ packetId: event.packetId });
        await parley.cards.post({ card: card(p) });
        return {};
      }
      export async function open(event) {
        const r = await parley.redpackets.claim({ packetId: event.value });
        await parley.cards.update({ messageId: event.messageId, card: card(r.packet) });
        return { text: r.claimed ? "got " + r.claim.amount + (r.claim.repeated ? " again" : "") : "none: " + r.reason };
      }
      """;

  private TestUser admin;
  private String appId;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setBroker(new BrokerOptions().setUserRate(200)));
  }

  @Override
  protected void setUp() {
    admin = p.admin();
    TestUser dev = TestApps.developer(api, admin, "dev");
    appId = TestApps.appId(api, "gift");
    TestApps.createApp(api, dev, appId);
    JsonArray commands = new JsonArray();
    for (String c : new String[] {"packet", "raw"}) {
      commands.add(new JsonObject().put("name", c).put("description", c).put("handler", c));
    }
    JsonObject manifest = TestApps.manifest(appId, "1.0.0", "cards.post", "payments.request")
        .put("commands", commands)
        .put("card_actions", new JsonArray().add(new JsonObject().put("id", "open").put("handler", "open")))
        .put("events", new JsonObject().put("payment", "onPayment"));
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", SERVER_JS.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, dev, admin, appId, "1.0.0", TestApps.zip(files));
  }

  @AfterEach
  void reconciliationIsClean() {
    if (p != null) {
      Reconciliation r = await(p.platform().ledger().reconcile());
      assertThat(r.differences()).as("reconciliation after the test").isEmpty();
    }
  }

  private record Group(String id, TestUser ann, TestUser bob, TestUser cid) {
  }

  private Group group() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    TestUser cid = api.signUp("cid");
    String group = api.group(ann, "new year", bob, cid).getString("id");
    assertThat(api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", appId)).status())
        .isEqualTo(201);
    for (TestUser u : List.of(ann, bob, cid)) {
      Reply consent = api.post("/api/apps/" + appId + "/consent", u, new JsonObject().put("permissions",
          new JsonArray().add("cards.post").add("payments.request")));
      assertThat(consent.status()).as("%s", consent).isEqualTo(200);
    }
    return new Group(group, ann, bob, cid);
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

  private String ask(TestUser user, String conversationId, String text) {
    Reply r = command(user, conversationId, text);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    String said = r.json().getJsonArray("messages").getJsonObject(0).getJsonObject("card").getString("text");
    assertThat(said).startsWith("asked ").endsWith(" pending");
    return said.split(" ")[1];
  }

  private Reply confirm(TestUser user, String requestId) {
    return api.post("/api/payment-requests/" + requestId + "/confirm", user,
        new JsonObject().put("idempotencyKey", "k-" + UUID.randomUUID()));
  }

  private Reply open(TestUser user, String conversationId, String messageId) {
    return api.post("/api/conversations/" + conversationId + "/messages/" + messageId + "/actions", user,
        new JsonObject().put("actionId", "open"));
  }

  private static String said(Reply r) {
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json().getJsonArray("messages").getJsonObject(0).getJsonObject("card").getString("text");
  }

  /** The next app card message whose title starts with {@code prefix}, new or updated. */
  private static JsonObject nextCard(LiveClient live, String prefix) {
    while (true) {
      JsonObject frame = live.next();
      String type = frame.getString("type", "");
      if (!type.equals("message") && !type.equals("message_updated")) {
        continue;
      }
      JsonObject m = frame.getJsonObject("message");
      JsonObject card = m == null ? null : m.getJsonObject("card");
      if (card != null && card.getString("title", "").startsWith(prefix)) {
        return m;
      }
    }
  }

  @Test
  void requestConfirmEscrowCard_twoClaims_balancesAndAFinishedPacket() {
    Group g = group();
    topUp(g.ann(), "20.00");
    try (LiveClient annLive = api.live(g.ann()); LiveClient cidLive = api.live(g.cid())) {
      String id = ask(g.ann(), g.id(), "/packet 10.00 2 equal Happy new year");

      // The sheet shows the packet; nothing has moved.
      JsonObject shown = annLive.next("payment_request").getJsonObject("request");
      assertThat(shown.getString("id")).isEqualTo(id);
      assertThat(shown.getString("amount")).isEqualTo("10.00");
      assertThat(shown.getString("note")).isEqualTo("Happy new year");
      assertThat(shown.getJsonObject("payee").getString("kind")).isEqualTo("red_packet");
      assertThat(shown.getJsonObject("packet").getInteger("shares")).isEqualTo(2);
      assertThat(shown.getJsonObject("packet").getString("mode")).isEqualTo("equal");
      assertThat(balance(g.ann().id())).isEqualTo(2000);

      // Confirm: the packet is made and funded, once, with the request's key.
      Reply done = confirm(g.ann(), id);
      assertThat(done.status()).as("%s", done).isEqualTo(200);
      assertThat(done.json().getString("status")).isEqualTo("completed");
      String packetId = done.json().getJsonObject("packet").getString("packetId");
      assertThat(packetId).isNotNull();
      assertThat(balance(g.ann().id())).isEqualTo(1000);
      assertThat(await(p.platform().ledger().balance(AccountRef.escrow(packetId, EUR)))).isEqualTo(1000);
      Reply again = confirm(g.ann(), id);
      assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(again.json().getJsonObject("packet").getString("packetId")).isEqualTo(packetId);
      assertThat(p.sql("SELECT COUNT(*) AS n FROM red_packets WHERE sender_id = ?", g.ann().id()).get(0).getLong("n"))
          .isEqualTo(1);
      assertThat(balance(g.ann().id())).as("a retried confirmation moves nothing").isEqualTo(1000);

      // The app heard payment.completed with the packet and posted its card, which everyone sees.
      JsonObject card = nextCard(cidLive, "Red packet");
      assertThat(card.getJsonObject("card").getString("text")).isEqualTo("0 of 2 claimed");
      String messageId = card.getString("id");

      // Two members open it from the card; the card follows, live for the others.
      assertThat(said(open(g.bob(), g.id(), messageId))).isEqualTo("got 5.00");
      assertThat(nextCard(cidLive, "Red packet").getJsonObject("card").getString("text")).isEqualTo("1 of 2 claimed");
      assertThat(said(open(g.cid(), g.id(), messageId))).isEqualTo("got 5.00");
      JsonObject updated = nextCard(annLive, "Red packet");
      while (!updated.getJsonObject("card").getString("text").equals("2 of 2 claimed")) {
        updated = nextCard(annLive, "Red packet");
      }
      assertThat(updated.getString("id")).as("updated in place").isEqualTo(messageId);
      assertThat(updated.getJsonObject("card").getJsonArray("fields")).hasSize(2);

      // At most one share each; a packet with nothing left says so.
      assertThat(said(open(g.bob(), g.id(), messageId))).isEqualTo("got 5.00 again");
      assertThat(said(open(g.ann(), g.id(), messageId))).isEqualTo("none: finished");
      assertThat(balance(g.bob().id())).isEqualTo(500);
      assertThat(balance(g.cid().id())).isEqualTo(500);
      assertThat(balance(g.ann().id())).isEqualTo(1000);
      assertThat(await(p.platform().ledger().balance(AccountRef.escrow(packetId, EUR)))).isZero();
    }
  }

  @Test
  void anExpiredPacket_returnsTheRest_andItsCardSaysSo() {
    Group g = group();
    topUp(g.ann(), "3.00");
    String id = ask(g.ann(), g.id(), "/packet 3.00 3 equal");
    String packetId;
    String messageId;
    try (LiveClient bobLive = api.live(g.bob())) {
      Reply done = confirm(g.ann(), id);
      assertThat(done.status()).as("%s", done).isEqualTo(200);
      packetId = done.json().getJsonObject("packet").getString("packetId");
      messageId = nextCard(bobLive, "Red packet").getString("id");
    }
    assertThat(said(open(g.bob(), g.id(), messageId))).isEqualTo("got 1.00");

    // Its time is up (moved back rather than waited for), and a sweep expires it and returns the rest once.
    p.sql("UPDATE red_packets SET expires_at = 0 WHERE id = ?", packetId);
    RedPackets.Sweep sweep = await(p.platform().redPackets().sweep());
    assertThat(sweep.expired()).isEqualTo(1);
    assertThat(said(open(g.cid(), g.id(), messageId))).isEqualTo("none: expired");
    assertThat(balance(g.ann().id())).isEqualTo(200);
    assertThat(balance(g.bob().id())).isEqualTo(100);
    assertThat(balance(g.cid().id())).isZero();
  }

  @Test
  void badPackets_areTheAppsClearError_andNeverReachTheSheet() {
    Group g = group();
    for (String bad : List.of(
        "{\"total\": 10, \"currency\": \"EUR\", \"shares\": 2}",
        "{\"total\": \"0.01\", \"currency\": \"EUR\", \"shares\": 2}",
        "{\"total\": \"1.00\", \"currency\": \"EUR\", \"shares\": 2.5}",
        "{\"total\": \"1.00\", \"currency\": \"EUR\", \"shares\": 2, \"mode\": \"random\"}",
        "{\"total\": \"1.005\", \"currency\": \"EUR\", \"shares\": 2}")) {
      Reply r = command(g.ann(), g.id(), "/raw " + bad);
      assertThat(r.status()).as(bad + ": %s", r).isEqualTo(502);
    }
    assertThat(p.sql("SELECT COUNT(*) AS n FROM payment_requests WHERE payer_id = ?", g.ann().id()).get(0).getLong("n"))
        .isZero();
    // A packet is not refunded by anyone: the rest returns at its expiry.
    topUp(g.ann(), "1.00");
    Reply made = confirm(g.ann(), ask(g.ann(), g.id(), "/packet 1.00 1 equal"));
    String requestId = made.json().getString("id");
    assertThat(api.post("/api/payment-requests/" + requestId + "/refund", g.bob(),
        new JsonObject().put("idempotencyKey", "r1")).status()).isEqualTo(404);
    assertThat(api.post("/api/payment-requests/" + requestId + "/refund", g.ann(),
        new JsonObject().put("idempotencyKey", "r1")).status()).isEqualTo(403);
  }
}
