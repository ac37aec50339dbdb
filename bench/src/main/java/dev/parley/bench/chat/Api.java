package dev.parley.bench.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** The few HTTP calls the driver makes to set up accounts and groups (see docs/api.md). */
final class Api implements AutoCloseable {

  static final String PASSWORD = "bench-password-0123";
  private static final String COOKIE = "parley_session";

  /** A signed-in account: its id, the session cookie's value and the CSRF token that goes with it. */
  record Session(String accountId, String username, String cookie, String csrf) {
    String cookieHeader() {
      return COOKIE + "=" + cookie;
    }
  }

  private final WebClient web;
  private final int port;

  Api(Vertx vertx, int port) {
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(ServerProcess.HOST).setDefaultPort(port)
        .setKeepAlive(true).setUserAgent("parley-bench-chat"), new PoolOptions().setHttp1MaxSize(16));
    this.port = port;
  }

  Future<Session> signUp(String username) {
    JsonObject body = new JsonObject().put("username", username).put("displayName", "Bench " + username)
        .put("password", PASSWORD);
    return web.post("/api/auth/signup").sendJsonObject(body).compose(r -> {
      if (r.statusCode() != 201) {
        return Future.failedFuture("sign-up of " + username + ": " + r.statusCode() + " " + r.bodyAsString());
      }
      JsonObject json = r.bodyAsJsonObject();
      return Future.succeededFuture(new Session(json.getJsonObject("account").getString("id"), username,
          sessionCookie(r), json.getString("csrfToken")));
    });
  }

  /** Creates a group owned by {@code owner}; returns its id. */
  Future<String> createGroup(Session owner, String title, List<String> memberIds) {
    JsonObject body = new JsonObject().put("kind", "group").put("title", title).put("memberIds", new JsonArray(memberIds));
    return web.post("/api/conversations").putHeader("Cookie", owner.cookieHeader()).putHeader("X-CSRF-Token", owner.csrf())
        .sendJsonObject(body).compose(r -> r.statusCode() == 201
            ? Future.succeededFuture(r.bodyAsJsonObject().getString("id"))
            : Future.failedFuture("create group: " + r.statusCode() + " " + r.bodyAsString()));
  }

  /**
   * Opens a live WebSocket for a session. A handshake without an answer within 10 s is retried (at
   * most twice) and counted in {@code handshakeRetries}: before df2fad2 the server never answered
   * a handshake whose session lookup missed its cache.
   */
  Future<WebSocket> openLive(WebSocketClient client, Session session, AtomicInteger handshakeRetries, int attempt) {
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

  /** A gauge of the server's Prometheus text, by metric name, if present. */
  Future<Double> metric(String name) {
    return web.get("/metrics").send().map(r -> {
      for (String line : r.bodyAsString().split("\n")) {
        if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
          return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return Double.NaN;
    });
  }

  /** Every series of the server's Prometheus text: {@code name{labels}} to value. */
  Future<Map<String, Double>> metrics() {
    return web.get("/metrics").send().map(r -> {
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

  int port() {
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
  List<Session> signUpMany(String prefix, int count, int concurrency) throws InterruptedException {
    return limited(count, concurrency, i -> signUp(String.format(Locale.ROOT, "%s%04d", prefix, i)));
  }

  /** Runs {@code count} tasks with at most {@code concurrency} in flight; blocks until all are done. */
  static <T> List<T> limited(int count, int concurrency, IntFunction<Future<T>> task) throws InterruptedException {
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
