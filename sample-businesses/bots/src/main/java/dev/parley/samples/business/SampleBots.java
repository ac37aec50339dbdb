package dev.parley.samples.business;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The four seed businesses' bots behind one HTTP server on the loopback address: each receives
 * its business's webhooks at {@code /webhooks/<handle>}, verifies them with its endpoint's secret
 * (401 otherwise), ignores a repeated {@code webhook-id}, answers 204 at once and then does the
 * work, calling the Business API at {@code parleyUrl} with its business's key.
 */
public final class SampleBots {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SampleBots.class);
  private static final int MAX_BODY = 1 << 20;

  /** A seed business: what the server creates for it (handle, name, category, description). */
  public record Business(String handle, String name, String category, String description) {
  }

  private static final Map<String, Function<BusinessApiClient, Bot>> BOTS = new LinkedHashMap<>();

  static {
    BOTS.put(EnergyBot.PROFILE.handle(), EnergyBot::new);
    BOTS.put(BankBot.PROFILE.handle(), BankBot::new);
    BOTS.put(ShopBot.PROFILE.handle(), ShopBot::new);
    BOTS.put(AirlineBot.PROFILE.handle(), AirlineBot::new);
  }

  private record Attached(Bot bot, WebhookVerifier verifier) {
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final WebClient client;
  private final String parleyUrl;
  private final Map<String, Attached> attached = new ConcurrentHashMap<>();
  private final Set<String> seen = Collections.newSetFromMap(Collections.synchronizedMap(
      new LinkedHashMap<String, Boolean>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > 10_000; // enough to catch a retry or replay within the signature's 5 minutes
        }
      }));

  private SampleBots(Vertx vertx, HttpServer server, String parleyUrl) {
    this.vertx = vertx;
    this.server = server;
    this.parleyUrl = parleyUrl;
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("parley-sample-bot"));
  }

  /** The seed businesses, in the order they are seeded. */
  public static List<Business> businesses() {
    return List.of(EnergyBot.PROFILE, BankBot.PROFILE, ShopBot.PROFILE, AirlineBot.PROFILE).stream()
        .map(p -> new Business(p.handle(), p.name(), p.category(), p.description())).toList();
  }

  /** Listens on a free port of 127.0.0.1; no bot answers until {@link #attach} gives it its key and secret. */
  public static Future<SampleBots> listen(Vertx vertx, String parleyUrl) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    SampleBots[] self = new SampleBots[1];
    server.requestHandler(request -> self[0].receive(request));
    self[0] = new SampleBots(vertx, server, parleyUrl);
    return server.listen().map(s -> self[0]);
  }

  public int port() {
    return server.actualPort();
  }

  /** Where the business {@code handle}'s webhook endpoint points. */
  public String webhookUrl(String handle) {
    return "http://127.0.0.1:" + port() + "/webhooks/" + handle;
  }

  /** Starts the bot of {@code handle} with its business's API key and its endpoint's webhook secret. */
  public Future<Void> attach(String handle, String apiKey, String webhookSecret) {
    Function<BusinessApiClient, Bot> make = BOTS.get(handle);
    if (make == null) {
      return Future.failedFuture(new IllegalArgumentException("no sample bot " + handle));
    }
    Bot bot = make.apply(new BusinessApiClient(vertx, client, parleyUrl, apiKey));
    return bot.setUp().onSuccess(v -> attached.put(handle, new Attached(bot, new WebhookVerifier(webhookSecret))));
  }

  public Future<Void> close() {
    client.close();
    return server.close();
  }

  private void receive(HttpServerRequest request) {
    String path = request.path();
    Attached bot = path.startsWith("/webhooks/") ? attached.get(path.substring("/webhooks/".length())) : null;
    if (bot == null || request.method() != io.vertx.core.http.HttpMethod.POST) {
      request.response().setStatusCode(bot == null ? 503 : 405).end(); // not started yet: Parley retries
      return;
    }
    request.body().onSuccess(body -> {
      if (body.length() > MAX_BODY) {
        request.response().setStatusCode(413).end();
        return;
      }
      String raw = body.toString(java.nio.charset.StandardCharsets.UTF_8);
      String id = request.getHeader("webhook-id");
      try {
        bot.verifier().verify(id, request.getHeader("webhook-timestamp"), request.getHeader("webhook-signature"),
            raw, Instant.now());
      } catch (IllegalArgumentException e) {
        LOG.warn("sample bot refused a webhook: {}", e.getMessage());
        request.response().setStatusCode(401).end();
        return;
      }
      request.response().setStatusCode(204).end(); // answer first, then do the work
      if (!seen.add(id)) {
        return; // a retry or replay of an event already handled
      }
      try {
        bot.bot().handle(new JsonObject(raw));
      } catch (RuntimeException e) {
        LOG.warn("sample bot {} failed on an event", bot.bot().profile().handle(), e);
      }
    }).onFailure(e -> request.response().setStatusCode(400).end());
  }
}
