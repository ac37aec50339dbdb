package dev.parley.bench.broker;

import dev.parley.bench.driver.Api;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything before the load, through the HTTP API as people would do it (docs/api.md): the
 * bootstrap admin signs in and makes a developer, who creates a personal API token and with it an
 * app whose {@code /ping} handler answers with a card; the version is uploaded, submitted and
 * approved; {@code users} people form a group, install the app and each consent to it.
 */
final class BrokerSetup {

  static final String ADMIN = "benchadmin";
  static final String APP_ID = "ping";
  static final String COMMAND = "/ping x";
  private static final String VERSION = "1.0.0";
  private static final long TIMEOUT = 120;

  /** The handler of {@code /ping}: no host call, a card through its return value. */
  static final String SERVER_JS = """
      export async function ping(event, context) {
        return { card: { title: "ok", text: event.text } };
      }
      """;

  /** What the load needs: the group and its members' sessions. */
  record Ready(String conversationId, List<Api.Session> users) {
    Ready {
      users = List.copyOf(users);
    }
  }

  private BrokerSetup() {
  }

  /** The server's configuration: the bootstrap admin and broker limits that do not shape the load. */
  static JsonObject config(int brokerRate) {
    return new JsonObject()
        .put("bootstrapAdmin", new JsonObject().put("username", ADMIN).put("password", Api.PASSWORD))
        .put("broker", new JsonObject().put("appRate", brokerRate).put("userRate", brokerRate)
            .put("conversationRate", brokerRate));
  }

  static Ready run(Api api, int users) throws InterruptedException, TimeoutException {
    Api.Session admin = api.signIn(ADMIN, Api.PASSWORD).await(TIMEOUT, TimeUnit.SECONDS);
    Api.Session dev = api.signUp("benchdev").await(TIMEOUT, TimeUnit.SECONDS);
    api.call(HttpMethod.POST, "/api/admin/accounts/" + dev.accountId() + "/roles", admin,
        new JsonObject().put("role", "developer"), 200).await(TIMEOUT, TimeUnit.SECONDS);
    dev = api.signIn(dev.username(), Api.PASSWORD).await(TIMEOUT, TimeUnit.SECONDS); // a session with the new role
    Api.Token token = new Api.Token(
        api.call(HttpMethod.POST, "/api/tokens", dev, new JsonObject().put("name", "bench"), 201)
            .await(TIMEOUT, TimeUnit.SECONDS).bodyAsJsonObject().getString("token"));

    String versions = "/api/developer/apps/" + APP_ID + "/versions";
    api.call(HttpMethod.POST, "/api/developer/apps", token, new JsonObject().put("id", APP_ID).put("name", "Ping")
        .put("description", "answers /ping with a card").put("category", "tools"), 201)
        .await(TIMEOUT, TimeUnit.SECONDS);
    api.call(HttpMethod.POST, versions, token, Buffer.buffer(bundle()), "application/zip", 201).await(TIMEOUT,
        TimeUnit.SECONDS);
    api.call(HttpMethod.POST, versions + "/" + VERSION + "/submit", token, new JsonObject(), 200)
        .await(TIMEOUT, TimeUnit.SECONDS);
    api.call(HttpMethod.POST, "/api/admin/apps/" + APP_ID + "/versions/" + VERSION + "/approve", admin,
        new JsonObject(), 200)
        .await(TIMEOUT, TimeUnit.SECONDS);

    List<Api.Session> people = api.signUpMany("user", users, 4);
    String group = api.createGroup(people.get(0), "broker bench",
        people.subList(1, people.size()).stream().map(Api.Session::accountId).toList())
        .await(TIMEOUT, TimeUnit.SECONDS);
    api.call(HttpMethod.POST, "/api/conversations/" + group + "/apps", people.get(0),
        new JsonObject().put("appId", APP_ID), 201)
        .await(TIMEOUT, TimeUnit.SECONDS);
    Api.limited(people.size(), 4, i -> api.call(HttpMethod.POST, "/api/apps/" + APP_ID + "/consent", people.get(i),
        new JsonObject().put("permissions", new JsonArray().add("cards.post")), 200));

    // One call to check that the whole path works before it is measured.
    JsonObject answer = api.call(HttpMethod.POST, "/api/conversations/" + group + "/commands", people.get(0),
        new JsonObject().put("text", COMMAND), 200).await(TIMEOUT, TimeUnit.SECONDS).bodyAsJsonObject();
    JsonArray messages = answer.getJsonArray("messages", new JsonArray());
    if (!"done".equals(answer.getString("status")) || messages.isEmpty()
        || !"x".equals(messages.getJsonObject(0).getJsonObject("card", new JsonObject()).getString("text"))) {
      throw new IllegalStateException("/ping did not post its card: " + answer.encode());
    }
    return new Ready(group, people);
  }

  /** The app's bundle: manifest (one command, {@code cards.post}), server code, icon and page. */
  static byte[] bundle() {
    JsonObject manifest = new JsonObject()
        .put("app_id", APP_ID)
        .put("name", "Ping")
        .put("description", "answers /ping with a card")
        .put("version", new JsonObject().put("name", VERSION).put("code", 1))
        .put("icons", new JsonArray().add(new JsonObject().put("src", "icon.png").put("sizes", "1x1")))
        .put("req_permissions", new JsonArray().add(new JsonObject().put("name", "cards.post")
            .put("reason", "to answer /ping with a card")))
        .put("pages", new JsonArray().add("ui/index.html"))
        .put("commands",
            new JsonArray().add(new JsonObject().put("name", "ping").put("description", "answers with a card")
                .put("handler", "ping")));
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", SERVER_JS.getBytes(StandardCharsets.UTF_8));
    files.put("icon.png", Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));
    files.put("ui/index.html", "<!doctype html><title>ping</title><p>ping</p>".getBytes(StandardCharsets.UTF_8));
    return dev.parley.bench.driver.Zips.of(files);
  }
}
