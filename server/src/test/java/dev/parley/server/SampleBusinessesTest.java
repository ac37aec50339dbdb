package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The sample businesses as {@code ./parley start} runs them: seeded after ready, verified, their
 * bots answering a customer over the Business API and signed webhooks; a restart seeds nothing
 * again (the same businesses, one endpoint each) and the bots answer on.
 */
class SampleBusinessesTest {

  private static List<JsonObject> messages(ApiClient api, TestUser user, String conversationId) {
    return api.get("/api/conversations/" + conversationId + "/messages?limit=50", user).json()
        .getJsonArray("messages").stream().map(JsonObject.class::cast).toList();
  }

  private static void await(ApiClient api, TestUser user, String conversationId, Predicate<JsonObject> message) {
    Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> messages(api, user, conversationId).stream().anyMatch(message));
  }

  private static boolean says(JsonObject m, String part) {
    return m.getString("text", "").contains(part);
  }

  @Test
  void seededOnce_verified_andTheBankBotAnswersAcrossARestart() {
    // a busy machine can take minutes to start a server
    try (
        TestServer server = TestServer.create(Kind.H2, o -> o.setSampleBusinesses(true)).start(Duration.ofMinutes(4))) {
      ApiClient.await(server.server().sampleBots());
      ApiClient api = server.api();
      TestUser carla = api.signUp("carla");
      JsonObject opened = api.post("/api/directory/businesses/north_bank/conversations", carla, new JsonObject())
          .json();
      assertThat(opened.getJsonObject("business").getBoolean("verified")).isTrue();
      String conversation = opened.getJsonObject("conversation").getString("id");
      // The greeting offers the story's quick reply.
      await(api, carla, conversation, m -> m.getJsonObject("interactive") != null
          && m.getJsonObject("interactive").encode().contains("Show me the fraud alert"));
      api.send(carla, conversation, "Show me the fraud alert");
      await(api, carla, conversation, m -> m.getJsonObject("interactive") != null
          && "carousel".equals(m.getJsonObject("interactive").getString("type"))
          && m.getJsonArray("attachments", new io.vertx.core.json.JsonArray()).size() == 2);
      String businessId = ApiClient.await(server.server().platform().businesses().verified("north_bank")).id();

      server.stop().start(Duration.ofMinutes(4));
      ApiClient.await(server.server().sampleBots());
      assertThat(ApiClient.await(server.server().platform().businesses().verified("north_bank")).id())
          .isEqualTo(businessId);
      assertThat(ApiClient.await(server.server().platform().webhooks().endpoints(businessId))).hasSize(1);
      ApiClient api2 = server.api();
      TestUser again = api2.signIn(carla.username(), ApiClient.PASSWORD);
      api2.send(again, conversation, "It was me");
      await(api2, again, conversation, m -> says(m, "stays active"));
    }
  }
}
