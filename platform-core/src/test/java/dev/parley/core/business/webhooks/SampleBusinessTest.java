package dev.parley.core.business.webhooks;

import static dev.parley.core.ApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.PlatformTestBase;
import dev.parley.core.StrictClock;
import dev.parley.core.TestPlatform;
import dev.parley.core.common.IdGenerator;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The sample business backend (sample-businesses/echo-bot, plain Node.js) against real deliveries
 * on both databases: it verifies a delivery and answers the customer through the Business API's
 * send route (served here by a stand-in that records the call, until the business feature's send
 * route is merged), refuses a forged request, and ignores a replay of an event id it handled.
 */
class SampleBusinessTest extends PlatformTestBase {

  private final TestBusinesses businesses = new TestBusinesses();

  /** A recorded call of the send route: the conversation, the Authorization header, the body. */
  private record Sent(String path, String authorization, JsonObject body) {
  }

  static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException | InterruptedException e) {
      return false;
    }
  }

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setWebhooks(new WebhookOptions().setAllowInsecure(true)
        .setPollMillis(3_600_000)));
  }

  @Test
  void theSampleBotVerifiesAndAnswersThroughTheBusinessApi() throws Exception {
    Assumptions.assumeTrue(nodeAvailable(), "node is not on the PATH");
    List<Sent> sent = new CopyOnWriteArrayList<>();
    HttpServer businessApi = await(p.vertx().createHttpServer().requestHandler(request -> request.body()
        .onSuccess(body -> {
          sent.add(new Sent(request.path(), request.getHeader("Authorization"), new JsonObject(body)));
          request.response().setStatusCode(201).putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("id", "m1").encode());
        })).listen(0, "127.0.0.1"));
    String business = businesses.create(p, p.admin().id());
    Webhooks node = new Webhooks(p.vertx(), p.platform().database(), new StrictClock(), IdGenerator.secure(),
        new WebhookOptions().setAllowInsecure(true));
    JsonObject endpoint = await(node.create(business, new JsonObject().put("url", "http://127.0.0.1:9/webhooks")
        .put("events", new io.vertx.core.json.JsonArray().add("message.received"))));
    String secret = endpoint.getString("secret");

    ProcessBuilder builder = new ProcessBuilder("node", "bot.mjs").directory(Path.of("..", "sample-businesses",
        "echo-bot").toFile()).redirectErrorStream(true);
    builder.environment().put("PARLEY_URL", "http://127.0.0.1:" + businessApi.actualPort());
    builder.environment().put("PARLEY_API_KEY", TestBusinesses.key(business));
    builder.environment().put("WEBHOOK_SECRET", secret);
    builder.environment().put("PORT", "0");
    Process bot = builder.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(bot.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first).as("the bot's first line").startsWith("listening ");
      String botUrl = "http://127.0.0.1:" + first.substring("listening ".length()).strip() + "/webhooks";
      Thread.ofVirtual().start(() -> out.lines().forEach(line -> {})); // keep its pipe drained
      await(node.update(business, endpoint.getString("id"), new JsonObject().put("url", botUrl)));

      String eventId = await(p.platform().database().pool().withTransaction(tx -> node.publish(tx, business,
          "message.received", new JsonObject().put("conversationId", "conv-42").put("text", "My meter reads 4711"))));
      assertThat(await(node.dispatcher().runDue())).isEqualTo(1);
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sent.size() == 1);
      assertThat(sent.get(0).path()).isEqualTo("/api/business/v1/conversations/conv-42/messages");
      assertThat(sent.get(0).authorization()).isEqualTo("Bearer " + TestBusinesses.key(business));
      assertThat(sent.get(0).body().getString("text")).isEqualTo("Thanks! You wrote: My meter reads 4711");
      assertThat(await(node.deliveries(business, java.util.Optional.of("delivered"), java.util.Optional.empty(), 10)))
          .hasSize(1);

      String body = storedBody(eventId);
      HttpClient http = HttpClient.newHttpClient();
      long now = System.currentTimeMillis() / 1000;
      // A forged request: signed with another secret.
      assertThat(post(http, botUrl, eventId + "x", now, WebhookSigner.sign(WebhookSigner.newSecret(), eventId + "x",
          now, body), body).statusCode()).isEqualTo(401);
      // An old request replayed: refused by its timestamp.
      assertThat(post(http, botUrl, eventId, now - 600, WebhookSigner.sign(secret, eventId, now - 600, body), body)
          .statusCode()).isEqualTo(401);
      // The same event again (a retry or replay): accepted but not handled twice.
      HttpResponse<String> again = post(http, botUrl, eventId, now, WebhookSigner.sign(secret, eventId, now, body),
          body);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.body()).isEqualTo("duplicate");
      Thread.sleep(300); // the bot would have answered at once; nothing more was sent
      assertThat(sent).hasSize(1);
    } finally {
      bot.destroy();
      bot.waitFor(10, TimeUnit.SECONDS);
      await(businessApi.close());
    }
  }

  private String storedBody(String eventId) throws java.sql.SQLException {
    try (Connection c = p.database().jdbc();
        PreparedStatement s = c.prepareStatement("SELECT body FROM webhook_events WHERE id = ?")) {
      s.setString(1, eventId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static HttpResponse<String> post(HttpClient http, String url, String id, long timestamp, String signature,
      String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
        .header("webhook-signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
