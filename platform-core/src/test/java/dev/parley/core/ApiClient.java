package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of the Parley HTTP API for tests: raw requests with any {@link Caller}, and the steps
 * most tests need (sign up, open conversations, send messages, go live) that assert they worked.
 */
public final class ApiClient implements AutoCloseable {

  /** The password of every account made by {@link #signUp}. */
  public static final String PASSWORD = "correct horse battery";
  /** How long a test waits for an answer or an event before it fails. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final WebClient web;
  private final AtomicInteger counter = new AtomicInteger();
  private final String run = UUID.randomUUID().toString().substring(0, 4);

  public ApiClient(Vertx vertx, String host, int port) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(32));
  }

  public Vertx vertx() {
    return vertx;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Waits for {@code future} at most {@link #TIMEOUT}; its failure is rethrown. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + TIMEOUT, e);
    }
  }

  // ---- raw requests ----

  public Future<Reply> requestAsync(HttpMethod method, String path, Caller caller, Buffer body, String contentType) {
    HttpRequest<Buffer> request = web.request(method, path);
    caller.headers().forEach(request::putHeader);
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent;
    if (body == null) {
      sent = request.send();
    } else {
      if (contentType != null) {
        request.putHeader("Content-Type", contentType);
      }
      sent = request.sendBuffer(body);
    }
    return sent.map(r -> new Reply(r.statusCode(), r.headers(), r.bodyAsString() == null ? "" : r.bodyAsString()));
  }

  public Reply request(HttpMethod method, String path, Caller caller, Buffer body, String contentType) {
    return await(requestAsync(method, path, caller, body, contentType));
  }

  public Reply get(String path, Caller caller) {
    return request(HttpMethod.GET, path, caller, null, null);
  }

  public Reply delete(String path, Caller caller) {
    return request(HttpMethod.DELETE, path, caller, null, null);
  }

  public Reply post(String path, Caller caller, JsonObject body) {
    return await(postAsync(path, caller, body));
  }

  public Future<Reply> postAsync(String path, Caller caller, JsonObject body) {
    return requestAsync(HttpMethod.POST, path, caller, body == null ? null : body.toBuffer(), "application/json");
  }

  public Reply patch(String path, Caller caller, JsonObject body) {
    return request(HttpMethod.PATCH, path, caller, body.toBuffer(), "application/json");
  }

  // ---- accounts ----

  /** A unique username starting with {@code name}. */
  public String uniqueName(String name) {
    return name.toLowerCase(Locale.ROOT) + "_" + run + counter.incrementAndGet();
  }

  /** Signs up a new account named after {@code name} and returns its first session. */
  public TestUser signUp(String name) {
    String username = uniqueName(name);
    Reply reply = post("/api/auth/signup", Caller.anonymous(), new JsonObject()
        .put("username", username).put("displayName", name).put("password", PASSWORD));
    assertThat(reply.status()).as("sign-up of %s: %s", username, reply).isEqualTo(201);
    return TestUser.from(reply, PASSWORD);
  }

  /** Signs in and returns the new session. */
  public TestUser signIn(String username, String password) {
    Reply reply = post("/api/auth/signin", Caller.anonymous(),
        new JsonObject().put("username", username).put("password", password));
    assertThat(reply.status()).as("sign-in of %s: %s", username, reply).isEqualTo(200);
    return TestUser.from(reply, password);
  }

  /** A second, independent session of the same account. */
  public TestUser newSession(TestUser user) {
    return signIn(user.username(), user.password());
  }

  /** Has {@code admin} grant {@code role} to {@code user}; returns the account JSON. */
  public JsonObject grant(TestUser admin, TestUser user, String role) {
    Reply reply = post("/api/admin/accounts/" + user.id() + "/roles", admin, new JsonObject().put("role", role));
    assertThat(reply.status()).as("grant %s: %s", role, reply).isEqualTo(200);
    return reply.json();
  }

  // ---- conversations ----

  /** A new group owned by {@code owner}. */
  public JsonObject group(TestUser owner, String title, TestUser... members) {
    JsonArray ids = new JsonArray();
    Arrays.stream(members).forEach(m -> ids.add(m.id()));
    Reply reply = post("/api/conversations", owner,
        new JsonObject().put("kind", "group").put("title", title).put("memberIds", ids));
    assertThat(reply.status()).as("create group: %s", reply).isEqualTo(201);
    return reply.json();
  }

  /** The direct conversation of {@code a} with {@code b} (created or existing). */
  public JsonObject direct(TestUser a, TestUser b) {
    Reply reply = post("/api/conversations", a, new JsonObject().put("kind", "direct").put("memberId", b.id()));
    assertThat(reply.status()).as("open direct: %s", reply).isIn(200, 201);
    return reply.json();
  }

  /** Sends {@code text} with a fresh client id and returns the stored message. */
  public JsonObject send(TestUser sender, String conversationId, String text) {
    Reply reply = await(sendAsync(sender, conversationId, "c" + UUID.randomUUID(), text));
    assertThat(reply.status()).as("send: %s", reply).isEqualTo(201);
    return reply.json();
  }

  public Future<Reply> sendAsync(TestUser sender, String conversationId, String clientId, String text) {
    return postAsync("/api/conversations/" + conversationId + "/messages", sender,
        new JsonObject().put("clientId", clientId).put("text", text));
  }

  /** The conversation as {@code viewer} sees it. */
  public JsonObject conversation(TestUser viewer, String conversationId) {
    Reply reply = get("/api/conversations/" + conversationId, viewer);
    assertThat(reply.status()).as("get conversation: %s", reply).isEqualTo(200);
    return reply.json();
  }

  // ---- live ----

  /** Opens a live session for {@code user} (session cookie), without sending anything. */
  public LiveClient connectLive(TestUser user) {
    return await(LiveClient.connect(vertx, host, port, user.cookieHeader()));
  }

  /** Opens a live session for {@code user} at {@code uri} (say, {@code /api/live?resume=1}), not resumed. */
  public LiveClient connectLive(TestUser user, String uri) {
    return await(LiveClient.connect(vertx, host, port, user.cookieHeader(), java.util.Map.of(), uri));
  }

  /**
   * Opens a live session for {@code user} and resumes with no cursors; returns once the server
   * said {@code ready}, that is once the session receives live events of all the user's conversations.
   */
  public LiveClient live(TestUser user) {
    LiveClient live = connectLive(user);
    live.resume(java.util.Map.of());
    live.next("ready");
    return live;
  }

  @Override
  public void close() {
    web.close();
  }
}
