package dev.parley.server;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code Main train}: the training start of the JDK's AOT cache ({@code ./parley} runs it once after
 * a build with {@code -XX:AOTCacheOutput}). It starts the server as {@code ./parley start} does, on
 * a throwaway data directory and a free port, makes the requests a first visit makes (the web
 * client, sign-up, a group, messages, the app directory, a sample app's command), stops and exits;
 * the JVM then writes the classes it loaded and linked, and their profiles, to the cache.
 */
final class AotTraining {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AotTraining.class);

  private AotTraining() {
  }

  static int run() {
    Path dir;
    try {
      dir = Files.createTempDirectory("parley-aot-training-");
    } catch (IOException e) {
      System.err.println("parley: training start: " + e.getMessage());
      return 1;
    }
    ServerOptions options = new ServerOptions();
    options.setDataDir(dir.resolve("data").toString());
    options.setHost("127.0.0.1");
    options.setPort(0);
    Vertx vertx = Main.vertx();
    try {
      ParleyServer server = ParleyServer.start(vertx, options).await(5, TimeUnit.MINUTES);
      Main.bindJvmMeters(vertx); // as a start does after ready, so that the cache has their classes
      try {
        exercise(server.port());
      } finally {
        server.close().await(30, TimeUnit.SECONDS);
      }
      return 0;
    } catch (Exception e) {
      LOG.error("training start failed", e);
      System.err.println("parley: training start failed: " + Main.describe(e));
      return 1;
    } finally {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
      deleteQuietly(dir);
    }
  }

  /** A first visit: two people, a group, messages, the directory, the poll sample's command. */
  private static void exercise(int port) throws IOException, InterruptedException {
    Client alice = new Client(port);
    Client bob = new Client(port);
    alice.expect("GET", "/health/ready", null, 200);
    alice.expect("GET", "/", null, 200);
    String aliceId = alice.signUp("aotalice");
    String bobId = bob.signUp("aotbob");
    JsonObject group = alice.expect("POST", "/api/conversations", new JsonObject().put("kind", "group")
        .put("title", "training").put("memberIds", new JsonArray().add(bobId)), 201);
    String conversation = "/api/conversations/" + group.getString("id");
    for (int i = 0; i < 20; i++) {
      Client sender = i % 2 == 0 ? alice : bob;
      sender.expect("POST", conversation + "/messages",
          new JsonObject().put("clientId", "training-" + i).put("text", "training message " + i), 201);
    }
    bob.expect("GET", conversation + "/messages?limit=50", null, 200);
    bob.expect("GET", "/api/conversations", null, 200);
    alice.expect("GET", "/api/apps", null, 200);
    alice.expect("GET", "/api/search?q=training", null, 200);
    alice.expect("POST", conversation + "/apps", new JsonObject().put("appId", "poll"), 201);
    for (Client c : new Client[] {alice, bob}) {
      c.expect("POST", "/api/apps/poll/consent",
          new JsonObject().put("permissions", new JsonArray().add("cards.post").add("storage.conversation")), 200);
    }
    for (int i = 0; i < 5; i++) {
      alice.expect("POST", conversation + "/commands", new JsonObject().put("text", "/poll Lunch? | soup | salad"),
          200);
    }
    LOG.info("training start done user={}", aliceId);
  }

  /** One person's HTTP client: its session cookie and CSRF token. */
  private static final class Client {
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final String base;
    private String csrf = "";

    Client(int port) {
      this.base = "http://127.0.0.1:" + port;
    }

    String signUp(String username) throws IOException, InterruptedException {
      JsonObject session = expect("POST", "/api/auth/signup", new JsonObject().put("username", username)
          .put("displayName", username).put("password", "training-password-0123"), 201);
      csrf = session.getString("csrfToken", "");
      return session.getJsonObject("account").getString("id");
    }

    JsonObject expect(String method, String path, JsonObject body, int status)
        throws IOException, InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("X-CSRF-Token", csrf);
      request = body == null
          ? request.method(method, HttpRequest.BodyPublishers.noBody())
          : request.header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != status) {
        throw new IOException(method + " " + path + ": expected " + status + ", got " + response.statusCode() + " "
            + response.body());
      }
      String text = response.body().strip();
      return text.startsWith("{") ? new JsonObject(text) : new JsonObject();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory
    }
  }
}
