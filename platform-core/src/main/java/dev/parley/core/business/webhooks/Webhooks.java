package dev.parley.core.business.webhooks;

import dev.parley.core.business.webhooks.WebhookRepository.Delivery;
import dev.parley.core.business.webhooks.WebhookRepository.Endpoint;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.net.AddressPolicy;
import dev.parley.core.common.net.FetchRefused;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A business's webhook endpoints and the events published for them. {@link #publish} writes the
 * event and one pending delivery per enabled endpoint that takes its type (the outbox); the
 * {@link WebhookDispatcher} sends them. Endpoint URLs are {@code https://} on public addresses
 * unless {@link WebhookOptions#isAllowInsecure()} (development and tests).
 */
public final class Webhooks implements WebhookEvents {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Webhooks.class);

  /** The event types a business can subscribe to. */
  public static final Set<String> EVENT_TYPES = Set.of("message.received", "button.pressed", "file.received",
      "message.status", "conversation.blocked", "optin.changed", "handover.changed", "agent.joined", "agent.left");
  /** The largest body of one event (media goes by reference). */
  public static final int MAX_PAYLOAD_BYTES = 1 << 20;
  static final int MAX_ENDPOINTS = 10;
  static final int MAX_URL = 2048;
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z_]{0,30}\\.[a-z][a-z_]{0,30}");

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final WebhookOptions options;
  private final AddressPolicy policy;
  /** Loopback ports of the platform's own sample backends (never settable through an API). */
  private final Set<Integer> ownReceiverPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final WebhookDispatcher dispatcher;
  private volatile BusinessKeyAuth keys = BusinessKeyAuth.NONE;

  public Webhooks(Vertx vertx, Database db, Clock clock, IdGenerator ids, WebhookOptions options) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.options = new WebhookOptions(options);
    this.policy = options.isAllowInsecure() ? AddressPolicy.loopbackToo() : AddressPolicy.PUBLIC;
    // Deliveries may also reach the platform's own sample bots on loopback (their port only); the
    // address check of a business's endpoint keeps using the strict policy.
    AddressPolicy delivery = (address, port) -> policy.allows(address, port)
        || address.isLoopbackAddress() && ownReceiverPorts.contains(port);
    this.dispatcher = new WebhookDispatcher(vertx, db, clock, ids.newId(), this.options, delivery);
  }

  /**
   * Lets deliveries reach {@code port} of the loopback address: where the platform's own sample
   * business bots listen (dev.parley.samples.business), started by the server itself.
   */
  public void trustOwnReceiver(int port) {
    ownReceiverPorts.add(port);
  }

  /**
   * An endpoint of the platform's own sample bots ({@code http://127.0.0.1:<trusted port>/…}), added
   * without the public-address rule that a business's endpoints pass; the answer carries its secret.
   */
  public Future<JsonObject> createOwn(String businessId, String url) {
    Endpoint e = new Endpoint(ids.newId(), businessId, url, List.of(), Optional.of("Parley's sample bot"),
        WebhookSigner.newSecret(), Optional.empty(), Optional.empty(), true, clock.millis());
    return WebhookRepository.insert(db.pool(), e).map(x -> json(e).put("secret", e.secret()));
  }

  /**
   * Moves an endpoint of the platform's own sample bots to the port they listen on after a restart;
   * the answer carries its secret (the bots run in this process and keep nothing on disk).
   */
  public Future<JsonObject> moveOwn(String businessId, String id, String url) {
    return found(businessId, id).compose(e -> {
      Endpoint changed = new Endpoint(e.id(), businessId, url, e.eventTypes(), e.description(), e.secret(),
          e.previousSecret(), e.previousExpiresAt(), true, e.createdAt());
      return WebhookRepository.update(db.pool(), changed).map(n -> json(changed).put("secret", changed.secret()));
    });
  }

  /** Starts the delivery worker: pending deliveries (from before a restart too) go out. */
  public Webhooks start() {
    dispatcher.start();
    return this;
  }

  public void close() {
    dispatcher.close();
  }

  /** The worker, for tests that move the clock and run what fell due. */
  public WebhookDispatcher dispatcher() {
    return dispatcher;
  }

  /** Seam: how Business API requests are authenticated (the business feature's API keys). */
  public void setBusinessKeys(BusinessKeyAuth keys) {
    this.keys = keys;
  }

  BusinessKeyAuth businessKeys() {
    return keys;
  }

  @Override
  public void publish(String businessId, String type, JsonObject data) {
    publishNow(businessId, type, data).onFailure(e -> LOG.warn("webhook event not published business={} type={}",
        businessId, type, e));
  }

  /** Publishes in a transaction of its own and starts the delivery at once; completes with the event id. */
  public Future<String> publishNow(String businessId, String type, JsonObject data) {
    return db.pool().withTransaction(tx -> publish(tx, businessId, type, data)).onSuccess(id -> dispatcher.kick());
  }

  @Override
  public Future<String> publish(SqlClient tx, String businessId, String type, JsonObject data) {
    if (!TYPE.matcher(type).matches()) {
      return Future.failedFuture(new IllegalArgumentException("not an event type: " + type));
    }
    long now = clock.millis();
    String id = "msg_" + ids.newId();
    String body = new JsonObject().put("type", type).put("timestamp", Instant.ofEpochMilli(now).toString())
        .put("data", data).encode();
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      return Future.failedFuture(PlatformException.of(PlatformException.Reason.TOO_LARGE,
          "a webhook payload is at most 1 MB (" + MAX_PAYLOAD_BYTES + " bytes); send media by reference"));
    }
    return WebhookRepository.enabledEndpoints(tx, businessId).compose(endpoints -> {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Endpoint e : endpoints) {
        if (e.takes(type)) {
          rows.add(WebhookRepository.deliveryRow(ids.newId(), id, e.id(), businessId, now));
        }
      }
      if (rows.isEmpty()) {
        return Future.succeededFuture(id); // nobody listens: nothing to keep
      }
      return WebhookRepository.insertEvent(tx, id, businessId, type, body, now)
          .compose(v -> WebhookRepository.insertDeliveries(tx, rows)).map(id);
    });
  }

  // --- endpoints ------------------------------------------------------------------------------

  public Future<List<JsonObject>> endpoints(String businessId) {
    return WebhookRepository.endpoints(db.pool(), businessId).map(list -> list.stream().map(this::json).toList());
  }

  /** Adds an endpoint: {@code {url, events?, description?, enabled?}}; the answer carries its secret. */
  public Future<JsonObject> create(String businessId, JsonObject body) {
    String url = url(body.getValue("url"));
    List<String> types = types(body.getValue("events"));
    Optional<String> description = description(body.getValue("description"));
    boolean enabled = bool(body.getValue("enabled"), "enabled", true);
    return checkAddress(url).compose(v -> WebhookRepository.endpoints(db.pool(), businessId)).compose(existing -> {
      if (existing.size() >= MAX_ENDPOINTS) {
        return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
            "a business has at most " + MAX_ENDPOINTS + " webhook endpoints"));
      }
      Endpoint e = new Endpoint(ids.newId(), businessId, url, types, description, WebhookSigner.newSecret(),
          Optional.empty(), Optional.empty(), enabled, clock.millis());
      return WebhookRepository.insert(db.pool(), e).map(x -> json(e).put("secret", e.secret()));
    });
  }

  /** Changes {@code url}, {@code events}, {@code description} or {@code enabled}. */
  public Future<JsonObject> update(String businessId, String id, JsonObject body) {
    Optional<String> url = body.containsKey("url") ? Optional.of(url(body.getValue("url"))) : Optional.empty();
    Optional<List<String>> types = body.containsKey("events")
        ? Optional.of(types(body.getValue("events")))
        : Optional.empty();
    Optional<Optional<String>> description = body.containsKey("description")
        ? Optional.of(description(body.getValue("description")))
        : Optional.empty();
    Optional<Boolean> enabled = body.containsKey("enabled")
        ? Optional.of(bool(body.getValue("enabled"), "enabled", true))
        : Optional.empty();
    return (url.isPresent() ? checkAddress(url.get()) : Future.<Void>succeededFuture())
        .compose(v -> found(businessId, id)).compose(e -> {
          Endpoint changed = new Endpoint(e.id(), businessId, url.orElse(e.url()), types.orElse(e.eventTypes()),
              description.orElse(e.description()), e.secret(), e.previousSecret(), e.previousExpiresAt(),
              enabled.orElse(e.enabled()), e.createdAt());
          return WebhookRepository.update(db.pool(), changed).map(n -> json(changed));
        });
  }

  /**
   * A new secret; the previous one keeps signing (beside it) for {@link WebhookOptions#getSecretOverlapMillis()},
   * so a receiver can switch without losing a delivery.
   */
  public Future<JsonObject> rotateSecret(String businessId, String id) {
    return found(businessId, id).compose(e -> {
      String secret = WebhookSigner.newSecret();
      long expires = clock.millis() + options.getSecretOverlapMillis();
      return WebhookRepository.rotate(db.pool(), businessId, id, secret, e.secret(), expires)
          .map(n -> new JsonObject().put("id", id).put("secret", secret).put("previousSecretExpiresAt", expires));
    });
  }

  public Future<Void> delete(String businessId, String id) {
    return WebhookRepository.delete(db.pool(), businessId, id).compose(n -> n == 1
        ? Future.succeededFuture()
        : Future.failedFuture(PlatformException.notFound("webhook endpoint")));
  }

  // --- deliveries -----------------------------------------------------------------------------

  /** The newest deliveries, perhaps of one status ({@code pending}, {@code delivered}, {@code dead}) or endpoint. */
  public Future<List<JsonObject>> deliveries(String businessId, Optional<String> status, Optional<String> endpointId,
      int limit) {
    if (status.isPresent() && !Set.of("pending", "delivered", "dead").contains(status.get())) {
      return Future.failedFuture(PlatformException.invalid("status", "status must be pending, delivered or dead"));
    }
    return WebhookRepository.deliveries(db.pool(), businessId, status.orElse(""), endpointId.orElse(""), limit)
        .map(list -> list.stream().map(Webhooks::json).toList());
  }

  /** Sends a dead delivery again, from its first attempt, with the same event id. */
  public Future<JsonObject> replay(String businessId, String deliveryId) {
    return WebhookRepository.replay(db.pool(), businessId, deliveryId, clock.millis()).compose(n -> {
      if (n == 1) {
        dispatcher.kick();
        return WebhookRepository.delivery(db.pool(), businessId, deliveryId).map(d -> json(d.orElseThrow()));
      }
      return WebhookRepository.delivery(db.pool(), businessId, deliveryId).compose(d -> Future.failedFuture(
          d.isEmpty()
              ? PlatformException.notFound("webhook delivery")
              : PlatformException.of(PlatformException.Reason.CONFLICT,
                  "only a dead delivery is replayed; this one is " + d.get().status())));
    });
  }

  // --- checks ---------------------------------------------------------------------------------

  private Future<Endpoint> found(String businessId, String id) {
    return WebhookRepository.endpoint(db.pool(), businessId, id).compose(e -> e.isPresent()
        ? Future.succeededFuture(e.get())
        : Future.failedFuture(PlatformException.notFound("webhook endpoint")));
  }

  private String url(Object value) {
    if (!(value instanceof String s) || s.isBlank()) {
      throw PlatformException.invalid("url", "url is required: the https:// URL that receives the events");
    }
    if (s.length() > MAX_URL) {
      throw PlatformException.invalid("url", "url is at most " + MAX_URL + " characters");
    }
    URI uri;
    try {
      uri = new URI(s.strip());
    } catch (URISyntaxException e) {
      throw PlatformException.invalid("url", "url is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw PlatformException.invalid("url", "url must be an https:// URL with a host");
    }
    if (scheme.equals("http") && !options.isAllowInsecure()) {
      throw PlatformException.invalid("url", "url must be https:// (plain http:// is for development only)");
    }
    if (uri.getUserInfo() != null || uri.getFragment() != null) {
      throw PlatformException.invalid("url", "url must have no user name, password or #fragment");
    }
    return uri.toString();
  }

  /** Refuses a URL whose host resolves to an address deliveries may not reach (each delivery checks again). */
  private Future<Void> checkAddress(String url) {
    URI uri = URI.create(url);
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() == -1 ? https ? 443 : 80 : uri.getPort();
    return vertx.executeBlocking(() -> {
      InetAddress[] all;
      try {
        all = InetAddress.getAllByName(uri.getHost());
      } catch (UnknownHostException e) {
        throw PlatformException.invalid("url", "the host of url, " + uri.getHost() + ", does not resolve");
      }
      for (InetAddress a : all) {
        if (!policy.allows(a, port)) {
          throw PlatformException.invalid("url", AddressPolicy.isPublic(a)
              ? "url must use port 443 (or 80)"
              : "url resolves to a private or local address; webhooks go only to public addresses");
        }
      }
      return null;
    }, false);
  }

  private static List<String> types(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof io.vertx.core.json.JsonArray array)) {
      throw PlatformException.invalid("events", "events must be a list of event types (empty: all)");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Object t = array.getValue(i);
      if (!(t instanceof String s) || !EVENT_TYPES.contains(s)) {
        throw PlatformException.invalid("events/" + i, "events/" + i + " is not an event type; the types are "
            + EVENT_TYPES.stream().sorted().toList());
      }
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  private static Optional<String> description(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String s) || s.length() > 200) {
      throw PlatformException.invalid("description", "description must be text of at most 200 characters");
    }
    return s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }

  private static boolean bool(Object value, String name, boolean fallback) {
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw PlatformException.invalid(name, name + " must be true or false");
    }
    return b;
  }

  private JsonObject json(Endpoint e) {
    boolean rotating = e.previousExpiresAt().map(t -> t > clock.millis()).orElse(false);
    return new JsonObject().put("id", e.id()).put("url", e.url())
        .put("events", new io.vertx.core.json.JsonArray(e.eventTypes()))
        .put("description", e.description().orElse(null)).put("enabled", e.enabled())
        .put("previousSecretExpiresAt", rotating ? e.previousExpiresAt().get() : null)
        .put("createdAt", e.createdAt());
  }

  static JsonObject json(Delivery d) {
    return new JsonObject().put("id", d.id()).put("eventId", d.eventId()).put("endpointId", d.endpointId())
        .put("type", d.type()).put("status", d.status()).put("attempts", d.attempts())
        .put("nextAttemptAt", d.status().equals("pending") ? d.nextAttemptAt() : null)
        .put("lastStatus", d.lastStatus().orElse(null)).put("lastError", d.lastError().orElse(null))
        .put("lastAttemptAt", d.lastAttemptAt().orElse(null)).put("deliveredAt", d.deliveredAt().orElse(null))
        .put("createdAt", d.createdAt());
  }

  /** Whether a failure of the fetch is a refusal of the address (never worth naming the cause class). */
  static String describe(Throwable failure) {
    return failure instanceof FetchRefused ? failure.getMessage() : failure.getClass().getSimpleName();
  }
}
