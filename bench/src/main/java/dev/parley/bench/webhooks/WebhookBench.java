package dev.parley.bench.webhooks;

import dev.parley.core.boot.Platform;
import dev.parley.core.boot.PlatformOptions;
import dev.parley.core.business.webhooks.WebhookOptions;
import dev.parley.core.business.webhooks.WebhookSigner;
import dev.parley.core.common.storage.DatabaseOptions;
import dev.parley.core.common.storage.Statement;
import dev.parley.core.common.web.RequestHeads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./parley bench webhooks}: business webhook deliveries per second through the whole path
 * (each event published in its own transaction into the outbox, claimed by the worker, signed,
 * POSTed through the hardened fetch to a receiver on loopback, marked delivered), against plain
 * unsigned POSTs of the same bodies to the same receiver with the same concurrency and no
 * keep-alive (as the fetch), in the same run; and HMAC-SHA256 signatures per second on one core.
 * An in-process platform on H2.
 */
public final class WebhookBench {

  private WebhookBench() {
  }

  public static void main(String[] args) throws Exception {
    int events = 5_000;
    int concurrency = WebhookOptions.DEFAULT_CONCURRENCY;
    int rounds = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--events" -> events = Integer.parseInt(args[i + 1]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        default -> {
          System.err.println("usage: ./parley bench webhooks [--events 5000] [--concurrency 32] [--rounds 3]");
          System.exit(2);
        }
      }
    }
    Path work = Files.createTempDirectory("parley-bench-webhooks-");
    Vertx vertx = Vertx.vertx();
    try {
      PlatformOptions options = new PlatformOptions()
          .setDatabase(new DatabaseOptions().setUrl("jdbc:h2:file:" + work.resolve("db").resolve("parley")))
          .setPasswordCost(64, 1)
          .setWebhooks(new WebhookOptions().setAllowInsecure(true).setConcurrency(concurrency));
      Platform platform = Platform.start(vertx, options).await(2, TimeUnit.MINUTES);
      HttpServer api = vertx.createHttpServer().requestHandler(RequestHeads.guard(platform.router()))
          .listen(0, "127.0.0.1").await(1, TimeUnit.MINUTES);
      WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(api.actualPort()));
      HttpResponse<Buffer> signUp = web.post("/api/auth/signup").sendJsonObject(new JsonObject()
          .put("username", "owner").put("displayName", "Owner").put("password", "bench-password-0123"))
          .await(1, TimeUnit.MINUTES);
      String owner = signUp.bodyAsJsonObject().getJsonObject("account").getString("id");
      String business = "benchbusiness0000001";
      Statement.sql("INSERT INTO businesses (id, handle, name, owner_id, status, created_at) VALUES (#{id}, "
          + "'bench', 'Bench', #{owner}, 'verified', #{now})").update(platform.database().pool(), Statement.params(
              "id", business, "owner", owner, "now", System.currentTimeMillis()))
          .await(1, TimeUnit.MINUTES);

      AtomicInteger received = new AtomicInteger();
      HttpServer receiver = vertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b -> {
        received.incrementAndGet();
        r.response().setStatusCode(204).end();
      })).listen(0, "127.0.0.1").await(1, TimeUnit.MINUTES);
      String url = "http://127.0.0.1:" + receiver.actualPort() + "/hook";
      platform.webhooks().create(business, new JsonObject().put("url", url)).await(1, TimeUnit.MINUTES);
      HttpClient plain = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
          new PoolOptions().setHttp1MaxSize(concurrency));
      JsonObject data = new JsonObject().put("conversationId", "c1").put("customerId", "cust_1")
          .put("message", new JsonObject().put("id", "m1").put("seq", 42).put("text", "My meter reads 4711"));

      System.out.printf(Locale.ROOT, "bench webhooks: %d events a round, concurrency %d, %d rounds (H2, loopback)%n",
          events, concurrency, rounds);
      List<Double> signed = new ArrayList<>();
      List<Double> unsigned = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        received.set(0);
        long start = System.nanoTime();
        List<Future<String>> published = new ArrayList<>();
        for (int i = 0; i < events; i++) {
          published.add(platform.webhooks().publishNow(business, "message.received", data.copy().put("i", i)));
          if (published.size() == concurrency) { // publish at the rate the outbox takes it
            Future.all(published).await(1, TimeUnit.MINUTES);
            published.clear();
          }
        }
        Future.all(published).await(1, TimeUnit.MINUTES);
        while (received.get() < events) {
          Thread.sleep(2);
          if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
            throw new IllegalStateException("only " + received.get() + " of " + events + " delivered");
          }
        }
        double signedRate = events / ((System.nanoTime() - start) / 1e9);

        received.set(0);
        String body = new JsonObject().put("type", "message.received").put("timestamp", "2026-12-06T18:00:00Z")
            .put("data", data).encode();
        long plainStart = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        for (int w = 0; w < concurrency; w++) {
          postNext(plain, receiver.actualPort(), body, next, answered, events, done);
        }
        done.get(10, TimeUnit.MINUTES);
        double plainRate = events / ((System.nanoTime() - plainStart) / 1e9);
        signed.add(signedRate);
        unsigned.add(plainRate);
        System.out.printf(Locale.ROOT, "round %d: signed deliveries %8.0f/s   plain POSTs %8.0f/s%n", round,
            signedRate, plainRate);
      }
      double signatures = signaturesPerSecond(data.encode());
      System.out.printf(Locale.ROOT, """
          signed webhook deliveries (outbox, worker, signature, POST, marked delivered) %8.0f/s (median of %d)
          plain unsigned POSTs of the same body, same receiver and concurrency          %8.0f/s (median of %d)
          HMAC-SHA256 webhook signatures on one thread                                  %8.0f/s
          """, median(signed), rounds, median(unsigned), rounds, signatures);
      platform.close().await(1, TimeUnit.MINUTES);
    } finally {
      vertx.close().await(1, TimeUnit.MINUTES);
    }
  }

  /** One of {@code concurrency} loops: POST, then the next, until {@code total} were answered. */
  private static void postNext(HttpClient client, int port, String body, AtomicInteger next, AtomicInteger answered,
      int total, CompletableFuture<Void> done) {
    if (next.getAndIncrement() >= total) {
      return;
    }
    client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/hook").putHeader("Content-Type", "application/json"))
        .compose(r -> r.send(body)).compose(r -> r.body())
        .onComplete(x -> {
          if (answered.incrementAndGet() == total) {
            done.complete(null);
          }
          postNext(client, port, body, next, answered, total, done);
        });
  }

  private static double signaturesPerSecond(String body) {
    String secret = WebhookSigner.newSecret();
    for (int i = 0; i < 50_000; i++) { // warm-up
      WebhookSigner.sign(secret, "msg_" + i, 1_796_000_000L, body);
    }
    int n = 200_000;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      WebhookSigner.sign(secret, "msg_" + i, 1_796_000_000L, body);
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
