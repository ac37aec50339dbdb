package dev.parley.sdk.simulator;

import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.spi.HostCall;
import dev.parley.runtime.spi.HostInterface;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory host standing in for the platform's broker, for tests of an app without a server:
 * cards, conversation storage, members, page broadcasts, media, payment requests and refunds, and
 * red packets, all kept in memory and recorded for the tests to read. The samples' tests use it,
 * and so can any developer's (see {@link Simulator}, docs/sdk.md). Each test names the
 * capabilities its app may call; a name outside them never reaches the host (the app's call is
 * refused by the sandbox, as on the server). It runs behind the real sandbox: the platform's
 * rules hold (no timers, imports only of the bundle's own files, the limits).
 */
public final class MemoryHost implements HostInterface {

  /** Every capability this host answers. */
  public static final Set<String> ANSWERED = Set.of("cards.post", "cards.update", "storage.get", "storage.set",
      "members.read", "pages.broadcast", "media.get", "payments.request", "payments.refund", "redpackets.create",
      "redpackets.get", "redpackets.claim");

  private final Set<String> capabilities;

  /** Stored values by {@code conversation + "/" + key}; see {@link #stored(String, String)}. */
  public final Map<String, Object> storage = new ConcurrentHashMap<>();
  /** The current card of each posted message, by message id. */
  public final Map<String, JsonObject> cards = new ConcurrentHashMap<>();
  /** The ids of the posted messages, in order ({@code m1}, {@code m2}...). */
  public final List<String> posted = new CopyOnWriteArrayList<>();
  /** How many times a card was updated in place. */
  public final AtomicInteger updates = new AtomicInteger();
  /** What {@code pages.broadcast} sent, each with its {@code conversation}. */
  public final List<JsonObject> broadcasts = new CopyOnWriteArrayList<>();
  /** Uploads {@code media.get} knows, by {@code conversation + "/" + id}. */
  public final Map<String, JsonObject> media = new ConcurrentHashMap<>();
  /** What {@code members.read} answers. */
  public volatile JsonArray members = new JsonArray();
  /** The payment and red-packet requests asked for, each with its {@code requestId} and {@code payer}. */
  public final List<JsonObject> requested = new CopyOnWriteArrayList<>();
  /** The refunds asked for. */
  public final List<JsonObject> refunded = new CopyOnWriteArrayList<>();
  /** The red packets, by id, as {@link #make(JsonObject, String)} made them. */
  public final Map<String, JsonObject> packets = new ConcurrentHashMap<>();
  /** How many claims were made. */
  public final AtomicInteger claims = new AtomicInteger();
  /** Files handed to the app (request_file), by id: what {@code files.read} reads. */
  public final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  /**
   * Creates a host.
   *
   * @param capabilities the capabilities the app may call
   */
  public MemoryHost(Set<String> capabilities) {
    this.capabilities = Set.copyOf(capabilities);
  }

  /** Forgets everything recorded, as a fresh host would have nothing. */
  public void reset() {
    storage.clear();
    cards.clear();
    posted.clear();
    updates.set(0);
    broadcasts.clear();
    media.clear();
    members = new JsonArray();
    requested.clear();
    refunded.clear();
    packets.clear();
    claims.set(0);
  }

  /** Returns what a sample stored under {@code key} in {@code conversation}, or null. */
  public @org.jspecify.annotations.Nullable Object stored(String conversation, String key) {
    return storage.get(conversation + "/" + key);
  }

  /** Returns the card of the last posted message. */
  public JsonObject lastCard() {
    return java.util.Objects.requireNonNull(cards.get(posted.get(posted.size() - 1)), "the app posted no card");
  }

  /** Returns the state of the last broadcast. */
  public JsonObject lastState() {
    return broadcasts.get(broadcasts.size() - 1).getJsonObject("state");
  }

  /** The red packet the host would make when the sender confirms {@code asked}. */
  public JsonObject make(JsonObject asked, String packetId) {
    JsonObject p = new JsonObject().put("id", packetId).put("currency", asked.getString("currency"))
        .put("total", asked.getString("total")).put("totalMinor", 1000L).put("shares", asked.getInteger("shares"))
        .put("mode", asked.getString("mode")).put("message", asked.getString("message")).put("status", "active")
        .put("claimed", new JsonArray());
    packets.put(packetId, p);
    return p;
  }

  @Override
  public Set<String> capabilities() {
    return capabilities;
  }

  @Override
  public Future<Object> call(HostCall call) {
    JsonObject a = call.args();
    String conversation = call.context().conversationId().orElseThrow();
    return switch (call.capability()) {
      case "cards.post" -> {
        String id = "m" + (posted.size() + 1);
        posted.add(id);
        cards.put(id, a.getJsonObject("card"));
        yield Future.succeededFuture(new JsonObject().put("messageId", id));
      }
      case "files.read" -> {
        byte[] b = files.get(a.getString("id"));
        int offset = a.getInteger("offset", 0);
        int n = Math.min(a.getInteger("length", b.length), b.length - offset);
        yield Future.succeededFuture(new JsonObject().put("id", a.getString("id")).put("size", b.length)
            .put("offset", offset).put("length", n).put("done", offset + n >= b.length)
            .put("data", java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(b, offset,
                offset + n))));
      }
      case "cards.update" -> {
        updates.incrementAndGet();
        cards.put(a.getString("messageId"), a.getJsonObject("card"));
        yield Future.succeededFuture(new JsonObject().put("messageId", a.getString("messageId")));
      }
      case "storage.get" -> Future.succeededFuture(storage.get(conversation + "/" + a.getString("key")));
      case "storage.set" -> {
        storage.put(conversation + "/" + a.getString("key"), a.getValue("value"));
        yield Future.succeededFuture(new JsonObject().put("stored", true));
      }
      case "members.read" -> Future.succeededFuture(members.copy());
      case "pages.broadcast" -> {
        if (a.getJsonObject("data").encode().getBytes(StandardCharsets.UTF_8).length > 16 * 1024) {
          yield Future.failedFuture(MiniAppException.refused("the broadcast is larger than 16 KiB"));
        }
        broadcasts.add(a.getJsonObject("data").copy().put("conversation", conversation));
        yield Future.succeededFuture(new JsonObject().put("delivered", true));
      }
      case "media.get" -> {
        JsonObject m = media.get(conversation + "/" + a.getString("id"));
        yield Future.succeededFuture(m == null ? null : m.copy());
      }
      case "payments.request", "redpackets.create" -> {
        String id = "pr" + ids.incrementAndGet();
        requested.add(a.copy().put("requestId", id).put("payer", call.context().userId()));
        yield Future.succeededFuture(new JsonObject().put("requestId", id).put("status", "pending"));
      }
      case "payments.refund" -> {
        refunded.add(a.copy());
        yield Future.succeededFuture(new JsonObject().put("status", "refunded"));
      }
      case "redpackets.get" -> {
        JsonObject p = packets.get(a.getString("packetId"));
        yield p == null
            ? Future.failedFuture(MiniAppException.refused("no red packet " + a.getString("packetId")))
            : Future.succeededFuture(p.copy());
      }
      case "redpackets.claim" -> Future.succeededFuture(claim(a.getString("packetId"), call.context().userId()));
      default -> Future.failedFuture(MiniAppException.refused("the simulator does not answer "
          + call.capability()));
    };
  }

  /** Equal shares, one claim per member; a repeated claim answers the first one. */
  private JsonObject claim(String packetId, String user) {
    claims.incrementAndGet();
    JsonObject p = java.util.Objects.requireNonNull(packets.get(packetId), "no red packet " + packetId);
    JsonArray claimed = p.getJsonArray("claimed");
    for (Object c : claimed) {
      if (((JsonObject) c).getString("user").equals(user)) {
        return new JsonObject().put("claimed", true).put("claim", ((JsonObject) c).copy().put("repeated", true))
            .put("packet", p.copy());
      }
    }
    if (!p.getString("status").equals("active")) {
      return new JsonObject().put("claimed", false).put("reason", p.getString("status")).put("packet", p.copy());
    }
    long share = p.getLong("totalMinor") / p.getInteger("shares");
    JsonObject claim = new JsonObject().put("user", user).put("displayName", user.toUpperCase(java.util.Locale.ROOT))
        .put("amount", "%d.%02d".formatted(share / 100, share % 100)).put("amountMinor", share);
    claimed.add(claim);
    if (claimed.size() == p.getInteger("shares")) {
      p.put("status", "finished");
    }
    return new JsonObject().put("claimed", true).put("claim", claim.copy().put("repeated", false)).put("packet",
        p.copy());
  }
}
