package dev.parley.bench.soak;

import dev.parley.bench.driver.Api;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything before the soak, through the HTTP API (docs/api.md): a developer publishes two apps,
 * the well-behaved {@code soakping} ({@code /ping} answers a card; uploads media) and the hostile
 * {@code soakhog} ({@code /burn} loops forever, {@code /alloc} allocates until stopped,
 * {@code /deep} recurses without end); the admin approves both; the active users and the slow
 * readers form one group, which installs both apps; each active user consents and tops up.
 */
final class SoakSetup {

  static final String ADMIN = "soakadmin";
  static final String GOOD_APP = "soakping";
  static final String HOSTILE_APP = "soakhog";
  private static final String VERSION = "1.0.0";
  private static final long TIMEOUT = 120;

  private static final String GOOD_JS = """
      export async function ping(event, context) {
        return { card: { title: "ok", text: event.text } };
      }
      """;

  /** Each handler misbehaves in its own way; the sandbox's limits (CPU, memory, depth) must stop each. */
  private static final String HOSTILE_JS = """
      export async function burn(event, context) {
        let x = 0;
        for (;;) { x = (x * 31 + 7) | 0; }
      }
      export async function alloc(event, context) {
        const hoard = [];
        for (;;) { hoard.push(new Array(100000).fill(hoard.length)); }
      }
      export async function deep(event, context) {
        const down = (n) => down(n + 1) + 1;
        return { card: { title: "deep", text: String(down(0)) } };
      }
      """;

  record Ready(String conversationId, List<Api.Session> users, List<Api.Session> slowReaders) {
  }

  private SoakSetup() {
  }

  static JsonObject config() {
    // The mix sends far above a person's send limit (20 per 10 s): lifted, or most sends would be 429.
    return new JsonObject().put("bootstrapAdmin", new JsonObject().put("username", ADMIN).put("password",
        Api.PASSWORD)).put("safety", new JsonObject().put("sendsPerWindow", 1_000_000_000));
  }

  static Ready run(Api api, int users, int slowReaders) throws InterruptedException, TimeoutException {
    Api.Session admin = api.signIn(ADMIN, Api.PASSWORD).await(TIMEOUT, TimeUnit.SECONDS);
    Api.Session dev = api.signUp("soakdev").await(TIMEOUT, TimeUnit.SECONDS);
    api.call(HttpMethod.POST, "/api/admin/accounts/" + dev.accountId() + "/roles", admin,
        new JsonObject().put("role", "developer"), 200).await(TIMEOUT, TimeUnit.SECONDS);
    dev = api.signIn(dev.username(), Api.PASSWORD).await(TIMEOUT, TimeUnit.SECONDS);
    Api.Token token = new Api.Token(api.call(HttpMethod.POST, "/api/tokens", dev,
        new JsonObject().put("name", "soak"), 201).await(TIMEOUT, TimeUnit.SECONDS).bodyAsJsonObject()
        .getString("token"));
    publish(api, admin, token, GOOD_APP, "Soak ping", GOOD_JS, List.of("ping"), List.of("cards.post", "media.upload"));
    publish(api, admin, token, HOSTILE_APP, "Soak hog", HOSTILE_JS, List.of("burn", "alloc", "deep"),
        List.of("cards.post"));

    List<Api.Session> active = api.signUpMany("soaku", users, 4);
    List<Api.Session> slow = slowReaders == 0 ? List.of() : api.signUpMany("soaks", slowReaders, 4);
    List<String> members = new ArrayList<>();
    active.subList(1, active.size()).forEach(s -> members.add(s.accountId()));
    slow.forEach(s -> members.add(s.accountId()));
    String group = api.createGroup(active.get(0), "soak", members).await(TIMEOUT, TimeUnit.SECONDS);
    for (String app : List.of(GOOD_APP, HOSTILE_APP)) {
      api.call(HttpMethod.POST, "/api/conversations/" + group + "/apps", active.get(0),
          new JsonObject().put("appId", app), 201).await(TIMEOUT, TimeUnit.SECONDS);
    }
    Api.limited(active.size(), 4, i -> api.call(HttpMethod.POST, "/api/apps/" + GOOD_APP + "/consent", active.get(i),
        new JsonObject().put("permissions", new JsonArray().add("cards.post").add("media.upload")), 200)
        .compose(r -> api.call(HttpMethod.POST, "/api/apps/" + HOSTILE_APP + "/consent", active.get(i),
            new JsonObject().put("permissions", new JsonArray().add("cards.post")), 200))
        .compose(r -> api.call(HttpMethod.POST, "/api/wallet/topups", active.get(i), new JsonObject()
            .put("currency", "EUR").put("amount", "1000.00").put("card", "4242 4242 4242 4242")
            .put("idempotencyKey", "soak-topup-" + i), 201)));
    return new Ready(group, active, slow);
  }

  private static void publish(Api api, Api.Session admin, Api.Token token, String appId, String name, String js,
      List<String> commands, List<String> permissions) throws InterruptedException, TimeoutException {
    String versions = "/api/developer/apps/" + appId + "/versions";
    api.call(HttpMethod.POST, "/api/developer/apps", token, new JsonObject().put("id", appId).put("name", name)
        .put("description", name + " for the soak").put("category", "tools"), 201).await(TIMEOUT, TimeUnit.SECONDS);
    api.call(HttpMethod.POST, versions, token, Buffer.buffer(bundle(appId, name, js, commands, permissions)),
        "application/zip", 201).await(TIMEOUT, TimeUnit.SECONDS);
    api.call(HttpMethod.POST, versions + "/" + VERSION + "/submit", token, new JsonObject(), 200)
        .await(TIMEOUT, TimeUnit.SECONDS);
    api.call(HttpMethod.POST, "/api/admin/apps/" + appId + "/versions/" + VERSION + "/approve", admin,
        new JsonObject(), 200).await(TIMEOUT, TimeUnit.SECONDS);
  }

  private static byte[] bundle(String appId, String name, String js, List<String> commands,
      List<String> permissions) {
    JsonArray reqs = new JsonArray();
    permissions.forEach(p -> reqs.add(new JsonObject().put("name", p).put("reason", "the soak needs " + p)));
    JsonArray cmds = new JsonArray();
    commands.forEach(c -> cmds.add(new JsonObject().put("name", c).put("description", c).put("handler", c)));
    JsonObject manifest = new JsonObject().put("app_id", appId).put("name", name)
        .put("description", name + " for the soak")
        .put("version", new JsonObject().put("name", VERSION).put("code", 1))
        .put("icons", new JsonArray().add(new JsonObject().put("src", "icon.png").put("sizes", "1x1")))
        .put("req_permissions", reqs).put("pages", new JsonArray().add("ui/index.html")).put("commands", cmds);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", js.getBytes(StandardCharsets.UTF_8));
    files.put("icon.png", Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));
    files.put("ui/index.html", ("<!doctype html><title>" + appId + "</title><p>" + appId).getBytes(
        StandardCharsets.UTF_8));
    return dev.parley.bench.driver.Zips.of(files);
  }
}
