package dev.parley.bench.business;

import dev.parley.core.accounts.ThrottleOptions;
import dev.parley.core.boot.Platform;
import dev.parley.core.boot.PlatformOptions;
import dev.parley.core.business.consent.PacingOptions;
import dev.parley.core.common.storage.DatabaseOptions;
import dev.parley.core.common.web.RequestHeads;
import dev.parley.core.safety.SafetyOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./parley bench business}: the Business API's send ({@code POST
 * /api/business/v1/conversations/:id/messages} with the bearer key, through the consent and
 * pacing policy) against the chat send ({@code POST /api/conversations/:id/messages} by a person
 * with a session), in the same run, with the same concurrency and message count: messages per
 * second and p50/p99 latency of each, and the ratio. An in-process platform on H2, the HTTP API on
 * loopback. The pacing caps are set high (1,000 a second per conversation, 1,000 unanswered in a
 * row) and the send rate limit off, so the bench measures the path, not the caps.
 */
public final class BusinessBench {

  private static final String PASSWORD = "bench-password-0123";

  private BusinessBench() {
  }

  /** A signed-in person: the cookie and CSRF headers a browser sends. */
  record Session(String id, MultiMap headers) {
  }

  /** One measured pass: its rate and every request's latency in nanoseconds. */
  record Pass(double rate, long[] nanos, int paceRetries) {
  }

  /** One send of a measured pass: answers the status and body (and how often it waited for the pace). */
  @FunctionalInterface
  interface Send {
    HttpResponse<Buffer> send(int worker, int i);
  }

  public static void main(String[] args) throws Exception {
    int messages = 2_000;
    int concurrency = 16;
    int rounds = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--messages" -> messages = Integer.parseInt(args[i + 1]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> usage();
      }
    }
    if (messages < concurrency || concurrency < 1 || rounds < 1) {
      usage();
    }
    int perConversation = (messages + concurrency - 1) / concurrency;
    int warmUp = Math.min(messages, 20 * concurrency);
    if (perConversation > 900 || (warmUp + concurrency - 1) / concurrency > 900) {
      System.err.println("at most 900 messages per conversation in a round (the unanswered cap is 1,000 at most): "
          + "raise --concurrency or lower --messages");
      System.exit(2);
    }
    String loadBefore = loadAverage();
    Path work = Files.createTempDirectory("parley-bench-business-");
    Vertx vertx = Vertx.vertx();
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    try {
      PlatformOptions options = new PlatformOptions()
          .setDatabase(new DatabaseOptions().setUrl("jdbc:h2:file:" + work.resolve("db").resolve("parley")))
          .setPasswordCost(64, 1)
          .setBootstrapAdmin(new JsonObject().put("username", "admin").put("displayName", "Admin")
              .put("password", PASSWORD))
          .setThrottle(new ThrottleOptions().setSignUpsPerAddress(1_000_000))
          .setSafety(new SafetyOptions().setSendsPerWindow(1_000_000))
          // the caps as high as the settings allow: the bench measures the policy's path, not its caps
          .setBusinessPacing(new PacingOptions().setPerConversationPerSecond(1000).setUnansweredInARow(1000)
              .setNewCustomersPerDay(1_000_000));
      Platform platform = Platform.start(vertx, options).await(2, TimeUnit.MINUTES);
      HttpServer server = vertx.createHttpServer().requestHandler(RequestHeads.guard(platform.router()))
          .listen(0, "127.0.0.1").await(1, TimeUnit.MINUTES);
      WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(server.actualPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));

      // a developer's verified business and its API key
      Session admin = session(web, "/api/auth/signin", "admin");
      Session developer = session(web, "/api/auth/signup", "owner");
      expect(web.post("/api/admin/accounts/" + developer.id() + "/roles").putHeaders(admin.headers())
          .sendJsonObject(new JsonObject().put("role", "developer")), 200);
      JsonObject business = expect(web.post("/api/businesses").putHeaders(developer.headers())
          .sendJsonObject(new JsonObject().put("handle", "benchpower").put("name", "Bench Power")
              .put("category", "utilities").put("privacyUrl", "https://example.com/privacy")),
          201)
          .bodyAsJsonObject();
      String businessId = business.getString("id");
      expect(web.post("/api/admin/businesses/" + businessId + "/review").putHeaders(admin.headers())
          .sendJsonObject(new JsonObject().put("decision", "approve")), 200);
      String key = expect(web.post("/api/businesses/" + businessId + "/keys").putHeaders(developer.headers())
          .sendJsonObject(new JsonObject().put("name", "bench")), 201).bodyAsJsonObject().getString("key");
      MultiMap bearer = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + key);

      // N customers, each with a deep-link conversation with the business and a direct one with a friend
      Session friend = session(web, "/api/auth/signup", "friend");
      List<Session> customers = new ArrayList<>();
      List<String> businessConversations = new ArrayList<>();
      List<String> directConversations = new ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        Session customer = session(web, "/api/auth/signup", "customer" + c);
        customers.add(customer);
        businessConversations.add(expect(web.post("/api/directory/businesses/benchpower/conversations")
            .putHeaders(customer.headers()).sendJsonObject(new JsonObject().put("context", "bench")), 200)
            .bodyAsJsonObject().getJsonObject("conversation").getString("id"));
        directConversations.add(expect(web.post("/api/conversations").putHeaders(customer.headers())
            .sendJsonObject(new JsonObject().put("kind", "direct").put("memberId", friend.id())), 200, 201)
            .bodyAsJsonObject().getString("id"));
      }

      AtomicInteger paceRetries = new AtomicInteger();
      Send businessSend = (w, i) -> {
        while (true) {
          HttpResponse<Buffer> r = web.post("/api/business/v1/conversations/" + businessConversations.get(w)
              + "/messages").putHeaders(bearer).sendJsonObject(new JsonObject().put("text", "Your meter reading "
                  + i + " is in, thank you"))
              .await();
          // 1,000 a second per conversation is one every millisecond: a send in the same one waits
          if (r.statusCode() == 429 && r.bodyAsString().contains("conversation-pace")) {
            paceRetries.incrementAndGet();
            sleep(1);
            continue;
          }
          return r;
        }
      };
      Send chatSend = (w, i) -> web.post("/api/conversations/" + directConversations.get(w) + "/messages")
          .putHeaders(customers.get(w).headers()).sendJsonObject(new JsonObject()
              .put("clientId", "c" + UUID.randomUUID()).put("text", "My meter reads " + i))
          .await();

      System.out.printf(Locale.ROOT, "bench business: %d messages a pass, concurrency %d (%d customers, one "
          + "conversation each), %d rounds (H2, loopback, keep-alive)%n", messages, concurrency, concurrency, rounds);
      System.out.println("pacing caps set high so the bench measures the path, not the caps: 1,000 messages a "
          + "second per conversation, 1,000 unanswered in a row, send rate limit off");
      System.out.println("load average before: " + loadBefore);
      // each customer writes first (opens the 24-hour service window), then one warm-up pass of each
      openWindows(web, customers, businessConversations);
      measure(workers, warmUp, concurrency, businessSend);
      measure(workers, warmUp, concurrency, chatSend);
      List<Pass> api = new ArrayList<>();
      List<Pass> chat = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        openWindows(web, customers, businessConversations); // a reply resets the unanswered count
        paceRetries.set(0);
        // the order alternates by round, so neither side always runs on the warmer (or busier) machine
        Pass b = round % 2 == 0 ? measure(workers, messages, concurrency, chatSend) : null;
        Pass a = measure(workers, messages, concurrency, businessSend);
        a = new Pass(a.rate(), a.nanos(), paceRetries.get());
        if (b == null) {
          b = measure(workers, messages, concurrency, chatSend);
        }
        api.add(a);
        chat.add(b);
        System.out.printf(Locale.ROOT, "round %d: Business API sends %7.0f/s   chat sends %7.0f/s   "
            + "(pace waits %d)%n", round, a.rate(), b.rate(), a.paceRetries());
      }
      String loadAfter = loadAverage();
      double apiRate = median(api.stream().map(Pass::rate).toList());
      double chatRate = median(chat.stream().map(Pass::rate).toList());
      long[] apiNanos = all(api);
      long[] chatNanos = all(chat);
      System.out.printf(Locale.ROOT, """

          | %d messages, concurrency %d, %d rounds | messages/s (median) | p50 | p99 |
          | --- | --- | --- | --- |
          | (a) Business API send, bearer key, consent + pacing policy | %,.0f | %.1f ms | %.1f ms |
          | (b) chat send, person with a session | %,.0f | %.1f ms | %.1f ms |
          | ratio (b)/(a) | %.2f | | |
          load average before: %s
          load average after:  %s
          """, messages, concurrency, rounds, apiRate, percentile(apiNanos, 50), percentile(apiNanos, 99),
          chatRate, percentile(chatNanos, 50), percentile(chatNanos, 99), chatRate / apiRate, loadBefore, loadAfter);
      platform.close().await(1, TimeUnit.MINUTES);
    } finally {
      workers.shutdownNow();
      vertx.close().await(1, TimeUnit.MINUTES);
    }
  }

  private static void usage() {
    System.err.println("usage: ./parley bench business [--messages 2000] [--concurrency 16] [--rounds 3]");
    System.exit(2);
  }

  /** Each customer writes once in the business conversation: opens the service window, resets "unanswered". */
  private static void openWindows(WebClient web, List<Session> customers, List<String> conversations) {
    for (int c = 0; c < customers.size(); c++) {
      expect(web.post("/api/conversations/" + conversations.get(c) + "/messages").putHeaders(customers.get(c)
          .headers()).sendJsonObject(new JsonObject().put("clientId", "c" + UUID.randomUUID())
              .put("text", "Hello")),
          201);
    }
  }

  /**
   * {@code messages} sends by {@code concurrency} workers, worker w in conversation w, one request
   * in flight each (a closed loop); any answer but 201 stops the bench.
   */
  private static Pass measure(ExecutorService workers, int messages, int concurrency, Send send) throws Exception {
    long[] nanos = new long[messages];
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      int worker = w;
      running.add(workers.submit(() -> {
        for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
          long t0 = System.nanoTime();
          HttpResponse<Buffer> r = send.send(worker, i);
          nanos[i] = System.nanoTime() - t0;
          if (r.statusCode() != 201) {
            throw new IllegalStateException("send answered " + r.statusCode() + ": " + r.bodyAsString());
          }
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get(10, TimeUnit.MINUTES);
    }
    return new Pass(messages / ((System.nanoTime() - start) / 1e9), nanos, 0);
  }

  private static Session session(WebClient web, String path, String username) {
    JsonObject body = new JsonObject().put("username", username).put("password", PASSWORD);
    if (path.endsWith("signup")) {
      body.put("displayName", username);
    }
    HttpResponse<Buffer> r = expect(web.post(path).sendJsonObject(body), 200, 201);
    String cookie = r.cookies().stream().filter(c -> c.startsWith("parley_session=")).findFirst()
        .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).orElseThrow();
    JsonObject json = r.bodyAsJsonObject();
    return new Session(json.getJsonObject("account").getString("id"), MultiMap.caseInsensitiveMultiMap()
        .add("Cookie", cookie).add("X-CSRF-Token", json.getString("csrfToken")));
  }

  private static HttpResponse<Buffer> expect(io.vertx.core.Future<HttpResponse<Buffer>> call, int... statuses) {
    HttpResponse<Buffer> r = call.await();
    if (Arrays.stream(statuses).noneMatch(s -> s == r.statusCode())) {
      throw new IllegalStateException("answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2] + " (1/5/15 min, " + Runtime.getRuntime()
          .availableProcessors() + " cores)";
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static long[] all(List<Pass> passes) {
    return passes.stream().flatMapToLong(p -> Arrays.stream(p.nanos())).sorted().toArray();
  }

  /** The p-th percentile of sorted nanoseconds, in milliseconds. */
  private static double percentile(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
