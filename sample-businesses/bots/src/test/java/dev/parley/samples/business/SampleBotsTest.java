package dev.parley.samples.business;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bots against a stand-in of the Business API (a loopback server that records what they send):
 * a signed webhook is answered 204 and acted on once (a repeated id is ignored), a bad signature is
 * 401 and does nothing, a webhook saying a person holds the conversation keeps the bot quiet.
 */
class SampleBotsTest {

  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
  private Vertx vertx;
  private HttpServer api;
  private SampleBots bots;
  private WebClient client;
  private final List<JsonObject> sent = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    api = vertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b -> {
      if (r.path().endsWith("/messages") || r.path().endsWith("/handover")) {
        sent.add(new JsonObject().put("path", r.path()).put("auth", r.getHeader("Authorization"))
            .put("body", b.toJsonObject()));
      }
      String answer = r.path().endsWith("/media") ? new JsonObject().put("id", "att" + sent.size()).encode() : "{}";
      r.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(answer);
    }));
    await(api.listen(0, "127.0.0.1"));
    bots = await(SampleBots.listen(vertx, "http://127.0.0.1:" + api.actualPort()));
    await(bots.attach("volta_energy", "pbk_test", SECRET));
    await(bots.attach("north_bank", "pbk_bank", SECRET));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    await(bots.close());
    await(vertx.close());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private int deliver(String id, JsonObject event, String secret) throws Exception {
    return deliver("volta_energy", id, event, secret);
  }

  private int deliver(String handle, String id, JsonObject event, String secret) throws Exception {
    String body = event.encode();
    String ts = Long.toString(Instant.now().getEpochSecond());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
    String sig = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + ts + "." + body)
        .getBytes(StandardCharsets.UTF_8)));
    HttpResponse<Buffer> r = await(client.requestAbs(HttpMethod.POST, bots.webhookUrl(handle))
        .putHeader("webhook-id", id).putHeader("webhook-timestamp", ts).putHeader("webhook-signature", sig)
        .sendBuffer(Buffer.buffer(body)));
    return r.statusCode();
  }

  private static JsonObject event(String type, JsonObject data) {
    return new JsonObject().put("type", type).put("timestamp", Instant.now().toString()).put("data", data);
  }

  private void awaitSent(int n) throws InterruptedException {
    for (int i = 0; i < 200 && sent.size() < n; i++) {
      Thread.sleep(25);
    }
  }

  @Test
  void aSignedStartIsGreetedOnce_withTheStorysQuickReply() throws Exception {
    JsonObject started = event("conversation.started", new JsonObject().put("conversationId", "c1")
        .put("first", true));
    assertThat(deliver("msg_1", started, SECRET)).isEqualTo(204);
    assertThat(deliver("msg_1", started, SECRET)).as("a retry").isEqualTo(204);
    awaitSent(1);
    Thread.sleep(200);
    assertThat(sent).hasSize(1);
    JsonObject greeting = sent.get(0);
    assertThat(greeting.getString("path")).isEqualTo("/api/business/v1/conversations/c1/messages");
    assertThat(greeting.getString("auth")).isEqualTo("Bearer pbk_test");
    assertThat(greeting.getJsonObject("body").getJsonObject("interactive").getString("type"))
        .isEqualTo("quick_replies");
    assertThat(greeting.getJsonObject("body").encode()).contains(EnergyBot.SUBMIT);
  }

  @Test
  void aTextTheBotDoesNotKnow_getsTheChoicesAgain_notTheGreetingsWords() throws Exception {
    JsonObject text = new JsonObject().put("conversationId", "c5").put("message", new JsonObject()
        .put("createdAt", "2026-12-06T21:43:00Z").put("text", "my bill looks wrong"));
    assertThat(deliver("msg_5", event("message.received", text), SECRET)).isEqualTo(204);
    awaitSent(1);
    JsonObject interactive = sent.get(0).getJsonObject("body").getJsonObject("interactive");
    assertThat(interactive.getString("text")).isEqualTo("Sorry, I did not get that. Choose one of these:");
    assertThat(interactive.encode()).contains(EnergyBot.SUBMIT).doesNotContain("assistant");
  }

  @Test
  void aBadSignatureIsRefused_andDoesNothing() throws Exception {
    String other = "whsec_" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24});
    assertThat(deliver("msg_2", event("conversation.started", new JsonObject().put("conversationId", "c2")), other))
        .isEqualTo(401);
    Thread.sleep(200);
    assertThat(sent).isEmpty();
  }

  @Test
  void theReadingAfterAPhotoIsNoted_andOfferedToTheTeam_thenTheBotIsQuietWhileAPersonHasIt() throws Exception {
    JsonObject photo = new JsonObject().put("conversationId", "c3").put("message", new JsonObject()
        .put("createdAt", "2026-12-06T21:43:00Z").put("text", "")
        .put("attachments", new io.vertx.core.json.JsonArray().add(new JsonObject().put("id", "a1")
            .put("contentType", "image/png").put("name", "meter.png"))));
    assertThat(deliver("msg_3", event("message.received", photo), SECRET)).isEqualTo(204);
    awaitSent(1);
    assertThat(sent.get(0).getJsonObject("body").getString("text")).contains("21:43 UTC");
    JsonObject reading = new JsonObject().put("conversationId", "c3").put("message", new JsonObject()
        .put("text", "04711"));
    assertThat(deliver("msg_4", event("message.received", reading), SECRET)).isEqualTo(204);
    awaitSent(3);
    assertThat(sent.get(1).getJsonObject("body").getString("text")).contains("04711");
    assertThat(sent.get(2).getString("path")).endsWith("/conversations/c3/handover");
    assertThat(sent.get(2).getJsonObject("body").getString("action")).isEqualTo("offer");

    JsonObject held = reading.copy().put("handover", new JsonObject().put("state", "agent"));
    held.put("message", new JsonObject().put("text", "hello?"));
    assertThat(deliver("msg_5", event("message.received", held), SECRET)).isEqualTo(204);
    Thread.sleep(300);
    assertThat(sent).hasSize(3);
  }

  @Test
  void theBanksFraudAlert_isItsTemplate_thenTheChargesAsPicturesWithItWasMeAndNotMe() throws Exception {
    JsonObject asked = new JsonObject().put("conversationId", "c9").put("message", new JsonObject()
        .put("text", BankBot.FRAUD));
    assertThat(deliver("north_bank", "msg_9", event("message.received", asked), SECRET)).isEqualTo(204);
    awaitSent(2);
    assertThat(sent.get(0).getJsonObject("body").getJsonObject("template").getString("name"))
        .isEqualTo("fraud_alert");
    JsonObject carousel = sent.get(1).getJsonObject("body");
    assertThat(carousel.getJsonArray("attachmentIds")).hasSize(2);
    JsonObject first = carousel.getJsonObject("interactive").getJsonArray("cards").getJsonObject(0);
    assertThat(first.getJsonObject("media").getString("attachmentId"))
        .isEqualTo(carousel.getJsonArray("attachmentIds").getString(0)).isNotNull();
    assertThat(first.encode()).contains("It was me", "Not me");
  }
}
