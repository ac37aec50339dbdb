package dev.parley.core.push;

import com.interaso.webpush.WebPush;
import dev.parley.core.chat.LiveHub;
import dev.parley.core.chat.Message;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.net.PublicFetch;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Web Push of new messages. When a message is committed, each member other than its sender who
 * has not muted the conversation and has no live session on this node gets a push on every
 * browser they subscribed: encrypted for that browser (RFC 8291) and signed with the platform's
 * VAPID key (RFC 8292) by {@code com.interaso:webpush}, posted through {@link PublicFetch} (so an
 * endpoint can only be a public address). Encryption runs on a worker. A subscription the push
 * service calls gone (404, 410) is removed.
 */
public final class Push {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Push.class);
  static final int MAX_ENDPOINT = 2048;
  static final int MAX_TEXT = 180;

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final LiveHub hub;
  private final PushOptions options;
  private final VapidKeyStore keys;
  private final PublicFetch fetch;
  private volatile @org.jspecify.annotations.Nullable Future<WebPush> signer;

  public Push(Vertx vertx, Database db, Clock clock, LiveHub hub, PushOptions options) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.hub = hub;
    this.options = new PushOptions(options);
    this.keys = new VapidKeyStore(vertx, db, clock);
    this.fetch = new PublicFetch(vertx, options.getAddressPolicy(), PublicFetch.DEFAULT_TIMEOUT_MILLIS);
  }

  /** Whether pushes are sent here (setting {@code push.enabled} with a {@code push.subject}). */
  public boolean enabled() {
    return options.isEnabled() && !options.getSubject().isEmpty();
  }

  private Future<Void> requireEnabled() {
    return enabled()
        ? Future.succeededFuture()
        : Future.failedFuture(PlatformException.notFound("Web Push (it is not configured on this server)"));
  }

  /** The VAPID public key as browsers take it ({@code applicationServerKey}): base64url of the P-256 point. */
  public Future<String> publicKey() {
    return requireEnabled().compose(v -> keys.keys())
        .map(k -> Base64.getUrlEncoder().withoutPadding().encodeToString(k.getApplicationServerKey()));
  }

  /** Stores a browser's subscription {@code {endpoint, keys: {p256dh, auth}}} for the account. */
  public Future<String> subscribe(String accountId, JsonObject body) {
    return requireEnabled().compose(v -> {
      String endpoint = endpoint(body);
      JsonObject k = body.getValue("keys") instanceof JsonObject o ? o : null;
      if (k == null) {
        throw PlatformException.invalid("/keys",
            "keys must be {p256dh, auth} as the browser's PushSubscription has them");
      }
      String p256dh = key(k, "p256dh", 65);
      String auth = key(k, "auth", 16);
      return db.pool().withTransaction(tx -> PushSubscriptionRepository.upsert(tx,
          new PushSubscriptionRepository.Subscription(endpointKey(endpoint), endpoint, accountId, p256dh, auth),
          clock.millis())).map(endpoint);
    });
  }

  /** Removes the account's subscription of that endpoint (nothing when there is none). */
  public Future<Void> unsubscribe(String accountId, JsonObject body) {
    return requireEnabled().compose(v -> PushSubscriptionRepository.deleteOwn(db.pool(), endpointKey(endpoint(body)),
        accountId)).mapEmpty();
  }

  private String endpoint(JsonObject body) {
    String endpoint = body.getValue("endpoint") instanceof String s ? s : "";
    String error = "endpoint must be the https:// URL of the browser's push subscription";
    if (endpoint.isEmpty() || endpoint.length() > MAX_ENDPOINT) {
      throw PlatformException.invalid("/endpoint", error);
    }
    try {
      URI uri = new URI(endpoint);
      boolean https = "https".equals(uri.getScheme());
      boolean http = "http".equals(uri.getScheme()) && options.isPlainHttpEndpoints();
      if (!https && !http || uri.getHost() == null) {
        throw PlatformException.invalid("/endpoint", error);
      }
    } catch (URISyntaxException e) {
      throw PlatformException.invalid("/endpoint", error);
    }
    return endpoint;
  }

  private static String key(JsonObject keys, String name, int bytes) {
    String value = keys.getValue(name) instanceof String s ? s : "";
    try {
      if (Base64.getUrlDecoder().decode(value.replace("=", "")).length == bytes) {
        return value;
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal
    }
    throw PlatformException.invalid("/keys/" + name, "keys." + name + " must be the base64url of " + bytes + " bytes");
  }

  static String endpointKey(String endpoint) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(endpoint.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Pushes a newly committed message to whom it concerns; never blocks, never fails the caller.
   * Edits and tombstones are not pushed.
   */
  public void messageCommitted(Message message) {
    if (!enabled() || message.edited() > 0 || message.deletedAt().isPresent()) {
      return;
    }
    PushSubscriptionRepository.targets(db.pool(), message.conversationId(), message.senderId().orElse(""),
        clock.millis())
        .onFailure(e -> LOG.warn("push targets could not be read conversation={}", message.conversationId(), e))
        .onSuccess(targets -> {
          for (PushSubscriptionRepository.Target target : targets) {
            // Online on any node of a cluster: the live session has it, no push.
            hub.online(target.subscription().accountId()).onSuccess(online -> {
              if (!online) {
                send(target.subscription(), payload(message, target));
              }
            });
          }
        });
  }

  /** What the service worker shows: the conversation as title, sender and text (or what was sent) as body. */
  static JsonObject payload(Message message, PushSubscriptionRepository.Target target) {
    boolean group = "group".equals(target.kind());
    String what = summary(message);
    return new JsonObject()
        .put("conversationId", message.conversationId())
        .put("messageId", message.id())
        .put("seq", message.seq())
        .put("title", group ? target.title().orElse("Group") : message.senderName())
        .put("body", group ? message.senderName() + ": " + what : what);
  }

  /** The text, cut short, or words for what the message holds when it has no text. */
  static String summary(Message message) {
    String text = message.text().strip();
    if (text.isEmpty()) {
      JsonArray attachments = message.extras().getJsonArray("attachments");
      if (attachments != null && !attachments.isEmpty() && attachments.getValue(0) instanceof JsonObject first) {
        String kind = first.getString("kind", "file");
        String one = switch (kind) {
          case "image" -> "Photo";
          case "video" -> "Video";
          case "voice" -> "Voice message";
          default -> "File: " + first.getString("name", "");
        };
        text = attachments.size() > 1 ? one + " and " + (attachments.size() - 1) + " more" : one;
      } else if (message.card().isPresent()) {
        text = message.card().get().getString("title", "Card");
      } else {
        text = "New message";
      }
    }
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
  }

  private Future<WebPush> signer() {
    Future<WebPush> current = signer;
    if (current == null || current.failed()) {
      current = keys.keys().map(k -> new WebPush(options.getSubject(), k));
      signer = current;
    }
    return current;
  }

  private record Encrypted(byte[] body, Map<String, String> headers) {
  }

  private void send(PushSubscriptionRepository.Subscription s, JsonObject payload) {
    signer()
        .compose(push -> vertx.executeBlocking(() -> new Encrypted(
            push.getBody(payload.encode().getBytes(StandardCharsets.UTF_8), Base64.getUrlDecoder()
                .decode(s.p256dh().replace("=", "")), Base64.getUrlDecoder().decode(s.auth().replace("=", ""))),
            push.getHeaders(s.endpoint(), options.getTtlSeconds(), null, WebPush.Urgency.High)), false))
        .compose(encrypted -> {
          PublicFetch.Request request = PublicFetch.of(HttpMethod.POST, URI.create(s.endpoint()))
              .body(Buffer.buffer(encrypted.body())).maxBytes(16 * 1024, true);
          encrypted.headers().forEach(request::header);
          return fetch.fetch(request);
        })
        .onSuccess(response -> {
          if (response.status() == 404 || response.status() == 410) {
            // The browser unsubscribed or the subscription expired: forget it.
            PushSubscriptionRepository.delete(db.pool(), s.endpointKey());
          } else if (response.status() / 100 != 2) {
            LOG.info("push refused status={} account={}", response.status(), s.accountId());
          }
        })
        .onFailure(e -> LOG.info("push not delivered account={}: {}", s.accountId(), e.getMessage()));
  }
}
