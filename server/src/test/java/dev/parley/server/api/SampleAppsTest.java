package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import dev.parley.server.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fresh server has the sample mini-apps ready: published by the platform's own account (which
 * nobody can sign in as), live, and usable in a conversation; a restart publishes nothing twice and
 * keeps an admin's suspension.
 */
class SampleAppsTest {

  private static final String ROOT_PASSWORD = "console-secret-1";

  @Test
  void freshServer_hasThePollSampleLive_andARestartChangesNothing() {
    TestServer t = TestServer.create(Kind.H2, o -> o.setBootstrapAdmin(new JsonObject().put("username", "root")
        .put("password", ROOT_PASSWORD))).start();
    try {
      ApiClient api = t.api();
      JsonArray directory = api.get("/api/apps", api.signUp("visitor")).array();
      assertThat(directory.stream().map(a -> ((JsonObject) a).getString("id")).toList()).contains("poll");

      TestUser ann = api.signUp("ann");
      TestUser bob = api.signUp("bob");
      String group = api.group(ann, "lunch", bob).getString("id");
      assertThat(api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", "poll")).status())
          .isEqualTo(201);
      for (TestUser u : List.of(ann, bob)) {
        api.post("/api/apps/poll/consent", u, new JsonObject()
            .put("permissions", new JsonArray().add("cards.post").add("storage.conversation").add("members.read")));
      }
      Reply posted = api.post("/api/conversations/" + group + "/commands", ann,
          new JsonObject().put("text", "/poll Lunch? | Luigi's | Sushi"));
      assertThat(posted.status()).as("%s", posted).isEqualTo(200);
      JsonObject card = posted.json().getJsonArray("messages").getJsonObject(0);
      assertThat(card.getJsonObject("app").getString("id")).isEqualTo("poll");
      Reply voted = api.post("/api/conversations/" + group + "/messages/" + card.getString("id") + "/actions", bob,
          new JsonObject().put("actionId", "vote-1"));
      assertThat(voted.status()).as("%s", voted).isEqualTo(200);
      JsonObject after = api.get("/api/conversations/" + group + "/messages", ann).json().getJsonArray("messages")
          .getJsonObject(0);
      assertThat(after.getJsonObject("card").getString("text")).isEqualTo("Asked by ann · 1 vote");

      Reply signIn = api.post("/api/auth/signin", dev.parley.core.Caller.anonymous(),
          new JsonObject().put("username", "parley").put("password", "anything-at-all"));
      assertThat(signIn.status()).as("nobody signs in as the platform").isEqualTo(401);
      Reply taken = api.post("/api/auth/signup", dev.parley.core.Caller.anonymous(), new JsonObject()
          .put("username", "parley").put("displayName", "Impostor").put("password", ApiClient.PASSWORD));
      assertThat(taken.status()).isEqualTo(400);

      TestUser admin = api.signIn("root", ROOT_PASSWORD);
      assertThat(api.post("/api/admin/apps/poll/suspend", admin, new JsonObject().put("reason", "checking")).status())
          .isEqualTo(200);
      t.stop();
      t.start();
      ApiClient again = t.api();
      TestUser admin2 = again.signIn("root", ROOT_PASSWORD);
      JsonObject poll = again.get("/api/admin/apps/poll", admin2).json();
      assertThat(poll.getString("status")).as("the restart keeps the suspension").isEqualTo("suspended");
      assertThat(poll.getJsonArray("versions")).hasSize(1);
    } finally {
      t.close();
    }
  }
}
