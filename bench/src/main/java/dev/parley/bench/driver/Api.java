package dev.parley.bench.driver;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** The few HTTP calls the drivers make to set up accounts, groups and apps (see docs/api.md). */
public final class Api implements AutoCloseable {

  public static final String PASSWORD = "bench-password-0123";
  private static final String COOKIE = "parley_session";

  /** Who a request is made as: a signed-in session or a personal API token. */
  public sealed interface Caller permits Session, Token {
    /** Puts the headers that authenticate this caller (and its CSRF token, for a session). */
    void authenticate(MultiMap headers);
  }

  /** A signed-in account: its id, the session cookie's value and the CSRF token that goes with it. */
  public record Session(String accountId, String username, String cookie, String csrf) implements Caller {
    public String cookieHeader() {
      return COOKIE + "=" + cookie;
    }

    @Override
    public void authenticate(MultiMap headers) {
      headers.set("Cookie", cookieHeader()).set("X-CSRF-Token", csrf);
    }
  }

  /** A developer's personal API token ({@code Authorization: Bearer}). */
  public record Token(String token) implements Caller {
    @Override
    public void authenticate(MultiMap headers) {
      headers.set("Authorization", "Bearer " + token);
    }
  }

  private final WebClient web;
  private final int port;

  /** A client of the server on {@code port}; {@code userAgent} names the driver. */
  public Api(Vertx vertx, int port, String userAgent) {
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(ServerProcess.HOST).setDefaultPort(port)
        .setKeepAlive(true).setUserAgent(userAgent), new PoolOptions().setHttp1MaxSize(16));
    this.port = port;
  }

  public Future<Session> signUp(String username) {
    JsonObject body = new JsonObject().put("username", username).put("displayName", "Bench " + username)
        .put("password", PASSWORD);
    return web.post("/api/auth/signup").sendJsonObject(body)
        .compose(r -> session(r, 201, "sign-up of " + username, username));
  }

  /** Signs in an existing account (the bootstrap admin, or one that was just given a role). */
  public Future<Session> signIn(String username, String password) {
    JsonObject body = new JsonObject().put("username", username).put("password", password);
    return web.post("/api/auth/signin").sendJsonObject(body)
        .compose(r -> session(r, 200, "sign-in of " + username, username));
  }

  private static Future<Session> session(HttpResponse<Buffer> r, int expected, String what, String username) {
    if (r.statusCode() != expected) {
      return Future.failedFuture(what + ": " + r.statusCode() + " " + r.bodyAsString());
    }
    JsonObject json = r.bodyAsJsonObject();
    return Future.succeededFuture(new Session(json.getJsonObject("account").getString("id"), username,
        sessionCookie(r), json.getString("csrfToken")));
  }

  /**
   * Any call of the API as {@code caller}, with a JSON body (or none for GET and DELETE); fails
   * unless the answer has status {@code expected}.
   */
  public Future<HttpResponse<Buffer>> call(HttpMethod method, String path, Caller caller, JsonObject body,
      int expected) {
    return call(method, path, caller, body.toBuffer(), "application/json", expected);
  }

  /** The same with a raw body of {@code contentType} (a bundle zip, for one). */
  public Future<HttpResponse<Buffer>> call(HttpMethod method, String path, Caller caller, Buffer body,
      String contentType,
      int expected) {
    HttpRequest<Buffer> request = web.request(method, path);
    caller.authenticate(request.headers());
    Future<HttpResponse<Buffer>> sent = method == HttpMethod.GET || method == HttpMethod.DELETE
        ? request.send()
        : request.putHeader("Content-Type", contentType).sendBuffer(body);
    return sent.compose(r -> r.statusCode() == expected
        ? Future.succeededFuture(r)
        : Future.failedFuture(method + " " + path + ": expected " + expected + ", got " + r.statusCode() + " "
            + r.bodyAsString()));
  }

  /** Creates a group owned by {@code owner}; returns its id. */
  public Future<String> createGroup(Session owner, String title, List<String> memberIds) {
    JsonObject body = new JsonObject().put("kind", "group").put("title", title).put("memberIds",
        new JsonArray(memberIds));
    return web.post("/api/conversations").putHeader("Cookie", owner.cookieHeader())
        .putHeader("X-CSRF-Token", owner.csrf())
        .sendJsonObject(body).compose(r -> r.statusCode() == 201
            ? Future.succeededFuture(r.bodyAsJsonObject().getString("id"))
            : Future.failedFuture("create group: " + r.statusCode() + " " + r.bodyAsString()));
  }

  /**
   * Opens a live WebSocket for a session. A handshake without an answer within 10 s is retried (at
   * most twice) and counted in {@code handshakeRetries}: before df2fad2 the server never answered
   * a handshake whose session lookup missed its cache.
   */
  public Future<WebSocket> openLive(WebSocketClient client, Session session, AtomicInteger handshakeRetries,
      int attempt) {
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(ServerProcess.HOST).setPort(port)
        .setURI("/api/live").addHeader("Cookie", session.cookieHeader());
    return client.connect(connect).timeout(10, TimeUnit.SECONDS).recover(failure -> {
      if (attempt >= 2) {
        return Future.failedFuture(failure);
      }
      handshakeRetries.incrementAndGet();
      return openLive(client, session, handshakeRetries, attempt + 1);
    });
  }

  /**
   * Uploads {@code bytes} through the tus routes ({@code POST /api/uploads}, then one {@code PATCH}
   * with the whole file), as the messenger does; returns the id of the ready attachment.
   */
  public Future<String> uploadTus(Session session, String filename, String contentType, Buffer bytes) {
    String meta = "filename " + b64(filename) + ",filetype " + b64(contentType);
    HttpRequest<Buffer> create = web.post("/api/uploads").putHeader("Tus-Resumable", "1.0.0")
        .putHeader("Upload-Length", Integer.toString(bytes.length())).putHeader("Upload-Metadata", meta);
    session.authenticate(create.headers());
    return create.send().compose(created -> {
      if (created.statusCode() != 201) {
        return Future.failedFuture("tus create: " + created.statusCode() + " " + created.bodyAsString());
      }
      HttpRequest<Buffer> patch = web.request(HttpMethod.PATCH, created.getHeader("Location"))
          .putHeader("Tus-Resumable", "1.0.0").putHeader("Upload-Offset", "0")
          .putHeader("Content-Type", "application/offset+octet-stream");
      session.authenticate(patch.headers());
      return patch.sendBuffer(bytes);
    }).compose(patched -> {
      String id = patched.getHeader("Parley-Attachment-Id");
      return patched.statusCode() == 204 && id != null
          ? Future.succeededFuture(id)
          : Future.failedFuture("tus patch: " + patched.statusCode() + " " + patched.bodyAsString());
    });
  }

  private static String b64(String s) {
    return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A gauge of the server's Prometheus text, by metric name, if present. */
  public Future<Double> metric(String name) {
    return web.get("/metrics").bearerTokenAuthentication(ServerProcess.METRICS_TOKEN).send().map(r -> {
      for (String line : r.bodyAsString().split("\n")) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return Double.NaN;
    });
  }

  /** Every series of the server's Prometheus text: {@code name{labels}} to value. */
  public Future<Map<String, Double>> metrics() {
    return web.get("/metrics").bearerTokenAuthentication(ServerProcess.METRICS_TOKEN).send().map(r -> {
      Map<String, Double> out = new HashMap<>();
      for (String line : r.bodyAsString().split("\n")) {
        int sp = line.lastIndexOf(' ');
        if (line.isEmpty() || line.startsWith("#") || sp < 0) {
          continue;
        }
        try {
          out.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
        } catch (NumberFormatException e) {
          // not a sample
        }
      }
      return out;
    });
  }

  public int port() {
    return port;
  }

  private static String sessionCookie(HttpResponse<Buffer> r) {
    for (String c : r.cookies()) {
      if (c.startsWith(COOKIE + "=")) {
        int end = c.indexOf(';');
        return c.substring(COOKIE.length() + 1, end < 0 ? c.length() : end);
      }
    }
    throw new IllegalStateException("no " + COOKIE + " cookie in the sign-up answer");
  }

  /**
   * Signs up {@code count} accounts named {@code prefix0000...}, at most {@code concurrency} at a
   * time (Argon2 makes each one cost tens of milliseconds of server CPU). Blocks the calling thread.
   */
  public List<Session> signUpMany(String prefix, int count, int concurrency) throws InterruptedException {
    return limited(count, concurrency, i -> signUp(String.format(Locale.ROOT, "%s%04d", prefix, i)));
  }

  /** Runs {@code count} tasks with at most {@code concurrency} in flight; blocks until all are done. */
  public static <T> List<T> limited(int count, int concurrency, IntFunction<Future<T>> task)
      throws InterruptedException {
    Semaphore permits = new Semaphore(concurrency);
    List<Future<T>> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      permits.acquire();
      Future<T> f = task.apply(i);
      f.onComplete(x -> permits.release());
      all.add(f);
    }
    Future.all(all).await();
    List<T> out = new ArrayList<>(count);
    all.forEach(f -> out.add(f.result()));
    return out;
  }

  @Override
  public void close() {
    web.close();
  }
}
