package dev.parley.core.business.webhooks;

import static dev.parley.core.ApiClient.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A webhook receiver on 127.0.0.1 for the tests: every request is recorded, and the answer's
 * status per path comes from a rule over the path's request count (0 = never answer). It closes with
 * its Vert.x, when the test platform does.
 */
final class Receiver implements AutoCloseable {

  /** One request as received. */
  record Received(String path, String id, String timestamp, String signature, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, IntUnaryOperator> rules = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final HttpServer server;

  Receiver(Vertx vertx) {
    server = await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      String path = request.path();
      received.add(new Received(path, request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
          request.getHeader("webhook-signature"), body.toString()));
      int n = counts.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
      int status = rules.getOrDefault(path, x -> 204).applyAsInt(n);
      if (status != 0) {
        request.response().setStatusCode(status).end();
      }
    })).listen(0, "127.0.0.1"));
  }

  /** The status answered to the n-th request (from 1) to {@code path}; 0 never answers. */
  Receiver rule(String path, IntUnaryOperator statusOfCount) {
    rules.put(path, statusOfCount);
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    await(server.close());
  }
}
