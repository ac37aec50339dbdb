package dev.parley.core.interactive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Interactive messages through the send route on both databases: only allowed senders, the text
 * is the fallback, and answers are checked against the server's copy (payload, bounds, own
 * message, the file or place a request needs); a place may be shared by anyone.
 */
class InteractiveApiTest extends PlatformTestBase {

  private final Set<String> bots = ConcurrentHashMap.newKeySet();

  @Override
  protected void setUp() {
    p.platform().interactiveSenders(a -> bots.contains(a.id()));
  }

  private Reply send(TestUser sender, String conversationId, JsonObject body) {
    return api.post("/api/conversations/" + conversationId + "/messages", sender,
        body.put("clientId", api.uniqueName("c")));
  }

  private static JsonObject quickReplies() {
    return new JsonObject().put("type", "quick_replies").put("text", "Was it you?").put("replies", new JsonArray()
        .add(new JsonObject().put("id", "me").put("label", "It was me").put("payload", "fraud:me"))
        .add(new JsonObject().put("id", "notme").put("label", "Not me").put("payload", "fraud:notme")));
  }

  @Test
  void aBotsQuickReplies_areAnsweredWithTheServersPayload() {
    TestUser bank = api.signUp("bank");
    TestUser ann = api.signUp("ann");
    bots.add(bank.id());
    String id = api.direct(bank, ann).getString("id");

    Reply sent = send(bank, id, new JsonObject().put("interactive", quickReplies()));
    assertThat(sent.status()).as("%s", sent).isEqualTo(201);
    JsonObject message = sent.json();
    assertThat(message.getString("text")).isEqualTo("Was it you?\n[It was me] [Not me]");
    assertThat(message.getJsonObject("interactive").getString("type"))
        .isEqualTo("quick_replies");

    Reply answer = send(ann, id, new JsonObject().put("text", "Not me").put("interactiveReply",
        new JsonObject().put("messageId", message.getString("id")).put("actionId", "notme").put("payload", "forged")));
    assertThat(answer.status()).as("%s", answer).isEqualTo(201);
    JsonObject reply = answer.json().getJsonObject("interactiveReply");
    assertThat(reply.getString("payload")).isEqualTo("fraud:notme");
    assertThat(reply.getLong("seq")).isEqualTo(message.getLong("seq"));
    assertThat(reply.getString("kind")).isEqualTo("reply");

    Reply unknown = send(ann, id, new JsonObject().put("text", "x").put("interactiveReply",
        new JsonObject().put("messageId", message.getString("id")).put("actionId", "maybe")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getString("field")).isEqualTo("/interactiveReply/actionId");
    Reply own = send(bank, id, new JsonObject().put("text", "x").put("interactiveReply",
        new JsonObject().put("messageId", message.getString("id")).put("actionId", "me")));
    assertThat(own.status()).isEqualTo(400);
  }

  @Test
  void aPerson_cannotSendInteractiveContent_andNothingIsWritten() {
    TestUser eve = api.signUp("eve");
    TestUser fay = api.signUp("fay");
    String id = api.direct(eve, fay).getString("id");
    Reply refused = send(eve, id, new JsonObject().put("interactive", quickReplies()));
    assertThat(refused.status()).as("%s", refused).isEqualTo(403);
    assertThat(api.conversation(fay, id).getLong("lastSeq", 0L)).isZero();
  }

  @Test
  void badContent_isRefusedWithItsPointer() {
    TestUser shop = api.signUp("shop");
    TestUser gus = api.signUp("gus");
    bots.add(shop.id());
    String id = api.direct(shop, gus).getString("id");
    JsonObject oneCard = new JsonObject().put("type", "carousel").put("cards",
        new JsonArray().add(new JsonObject().put("title", "Only")));
    Reply refused = send(shop, id, new JsonObject().put("interactive", oneCard));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getString("field")).isEqualTo("/interactive/cards");
    Reply withText = send(shop, id, new JsonObject().put("text", "hi").put("interactive", quickReplies()));
    assertThat(withText.json().getString("field")).isEqualTo("/text");
  }

  @Test
  void aDatePicker_takesOnlyADayInItsBounds_andAPlaceIsShared() {
    TestUser air = api.signUp("air");
    TestUser hal = api.signUp("hal");
    bots.add(air.id());
    String id = api.direct(air, hal).getString("id");
    JsonObject picker = new JsonObject().put("type", "datetime").put("id", "day").put("text", "Which day?")
        .put("mode", "date").put("min", "2026-12-20").put("max", "2026-12-27");
    String messageId = send(air, id, new JsonObject().put("interactive", picker)).json().getString("id");

    JsonObject late = new JsonObject().put("messageId", messageId).put("actionId", "day").put("value", "2027-01-02");
    Reply refused = send(hal, id, new JsonObject().put("text", "2 Jan").put("interactiveReply", late));
    assertThat(refused.json().getString("field")).isEqualTo("/interactiveReply/value");
    JsonObject fine = late.copy().put("value", "2026-12-24");
    Reply picked = send(hal, id, new JsonObject().put("text", "24 Dec").put("interactiveReply", fine));
    assertThat(picked.json().getJsonObject("interactiveReply").getString("value"))
        .isEqualTo("2026-12-24");

    Reply place = send(hal, id, new JsonObject().put("location", new JsonObject().put("latitude", 52.520008)
        .put("longitude", 13.404954).put("label", "Alexanderplatz")));
    assertThat(place.status()).as("%s", place).isEqualTo(201);
    assertThat(place.json().getJsonObject("location").getDouble("latitude"))
        .isEqualTo(52.52001);
    Reply nowhere = send(hal, id, new JsonObject().put("location", new JsonObject().put("latitude", 91)
        .put("longitude", 0)));
    assertThat(nowhere.json().getString("field")).isEqualTo("/location");
  }
}
