package dev.parley.core.business.consent;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A customer's consent to each business, per {@link Category}: opting in records the wording the
 * customer was shown (made here, from the business's name, never taken from the business or the
 * client), the place and the time; opting out is one call and takes effect at once. Every change
 * is kept in {@code business_consent_events}. The customer's ledger and "Why am I getting this?"
 * are answered from the same rows the send policy reads.
 */
public final class Consents {

  /** Where a consent was given or withdrawn; the messenger says it in words. */
  public static final Set<String> PLACES = Set.of("conversation", "profile", "deep_link", "settings", "message",
      "keyword", "blocked");

  private static final Statement BUSINESS = sql("SELECT id, name, handle, status FROM businesses WHERE id = #{id}");
  private static final Statement UPSERT_UPDATE = sql("UPDATE business_consents SET opted_in = #{optedIn}, "
      + "wording = #{wording}, place = #{place}, changed_at = #{at}, since = #{since} "
      + "WHERE business_id = #{businessId} AND customer_id = #{customerId} AND category = #{category}");
  private static final Statement INSERT = sql("INSERT INTO business_consents (business_id, customer_id, category, "
      + "opted_in, wording, place, changed_at, since) VALUES (#{businessId}, #{customerId}, #{category}, #{optedIn}, "
      + "#{wording}, #{place}, #{at}, #{since})");
  private static final Statement EVENT = sql("INSERT INTO business_consent_events (id, business_id, customer_id, "
      + "category, opted_in, wording, place, at) VALUES (#{id}, #{businessId}, #{customerId}, #{category}, "
      + "#{optedIn}, #{wording}, #{place}, #{at})");
  private static final Statement ONE = sql("SELECT category, opted_in, wording, place, changed_at, since "
      + "FROM business_consents WHERE business_id = #{businessId} AND customer_id = #{customerId}");
  private static final Statement LEDGER = sql("SELECT b.id, b.name, b.handle, b.status, c.category, c.opted_in, "
      + "c.wording, c.place, c.changed_at, c.since FROM business_consents c JOIN businesses b ON b.id = c.business_id "
      + "WHERE c.customer_id = #{customerId} ORDER BY b.name, c.category");
  private static final Statement WINDOWS = sql("SELECT bc.business_id, b.name, b.handle, b.status, "
      + "MAX(m.created_at) AS last_wrote FROM business_conversations bc JOIN businesses b ON b.id = bc.business_id "
      + "JOIN messages m ON m.conversation_id = bc.conversation_id AND m.sender_id = bc.customer_id "
      + "WHERE bc.customer_id = #{customerId} GROUP BY bc.business_id, b.name, b.handle, b.status");
  private static final Statement WEEK_COUNTS = sql("SELECT business_id, COUNT(*) AS n, MAX(sent_at) AS last_at "
      + "FROM business_sends WHERE customer_id = #{customerId} AND sent_at >= #{since} GROUP BY business_id");
  private static final Statement SEND = sql("SELECT business_id, customer_id, category, campaign, sent_at, "
      + "template_id FROM business_sends WHERE message_id = #{messageId}");

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final PacingOptions pacing;
  private volatile BiConsumer<String, JsonObject> changed = (businessId, event) -> {};

  public Consents(Database db, Clock clock, IdGenerator ids, PacingOptions pacing) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.pacing = pacing;
  }

  /** Told of every change (the business's {@code optin.changed} webhook): business id and the event. */
  public void onChange(BiConsumer<String, JsonObject> listener) {
    this.changed = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** The words a customer agrees to: made by the platform, so a business cannot word them. */
  public static String wording(String businessName, Category category) {
    return switch (category) {
      case UTILITY -> businessName + " may send me account and order updates.";
      case MARKETING -> businessName + " may send me offers and news (at most one a day).";
      case AUTHENTICATION -> businessName + " may send me sign-in and confirmation codes.";
    };
  }

  /** Opts the customer in (or out) of a verified business's category; answers their choices for it. */
  public Future<JsonObject> set(String customerId, String businessId, Category category, boolean optedIn,
      String place) {
    if (!PLACES.contains(place)) {
      return Future.failedFuture(PlatformException.invalid("/place", "place must be one of "
          + String.join(", ", PLACES.stream().sorted().toList())));
    }
    return BUSINESS.first(db.pool(), params("id", businessId), r -> r)
        .compose(found -> {
          if (found.isEmpty() || (optedIn && !"verified".equals(found.get().getString("status")))) {
            return Future.failedFuture(PlatformException.notFound("business"));
          }
          String wording = wording(found.get().getString("name"), category);
          long at = clock.millis();
          return db.pool()
              .withTransaction(tx -> ONE.list(tx, params("businessId", businessId, "customerId", customerId),
                  r -> r).compose(rows -> {
                    Optional<Row> current = rows.stream().filter(r -> r.getString("category").equals(category.wire()))
                        .findFirst();
                    if (current.isPresent() && current.get().getBoolean("opted_in") == optedIn) {
                      return Future.succeededFuture(false); // no change: nothing recorded
                    }
                    Long since = optedIn ? Long.valueOf(at) : current.map(r -> r.getLong("since")).orElse(null);
                    Map<String, Object> p = params("businessId", businessId, "customerId", customerId, "category",
                        category.wire(), "optedIn", optedIn, "wording", wording, "place", place, "at", at, "since",
                        since);
                    Future<Integer> row = current.isPresent() ? UPSERT_UPDATE.update(tx, p) : INSERT.update(tx, p);
                    Map<String, Object> e = new LinkedHashMap<>(p);
                    e.put("id", ids.newId());
                    return row.compose(v -> EVENT.update(tx, e)).map(v -> true);
                  }))
              .onSuccess(didChange -> {
                if (didChange) {
                  changed.accept(businessId, new JsonObject().put("customerId", customerId)
                      .put("category", category.wire()).put("optedIn", optedIn).put("place", place)
                      .put("at", Instant.ofEpochMilli(at).toString()));
                }
              })
              .compose(v -> choices(customerId, businessId));
        });
  }

  /**
   * The customer blocked the business: every consent is withdrawn (place {@code blocked}), and the
   * block is kept as an event even without one, so templates' quality counts it.
   */
  public Future<Void> blocked(String customerId, String businessId) {
    List<Future<JsonObject>> withdrawn = new java.util.ArrayList<>();
    for (Category c : Category.values()) {
      withdrawn.add(set(customerId, businessId, c, false, "blocked"));
    }
    return Future.join(withdrawn).otherwiseEmpty().compose(v -> EVENT.update(db.pool(), params("id", ids.newId(),
        "businessId", businessId, "customerId", customerId, "category", "all", "optedIn", false, "wording",
        "blocked the business", "place", "blocked", "at", clock.millis()))).mapEmpty();
  }

  /**
   * "Stop these messages" on a business message: its category off at once (place {@code message});
   * for a reply in the service window, which has none, every category. Answers the choices.
   */
  public Future<JsonObject> stop(String customerId, String messageId) {
    return SEND.first(db.pool(), params("messageId", messageId), r -> r).compose(found -> {
      if (found.isEmpty() || !found.get().getString("customer_id").equals(customerId)) {
        return Future.failedFuture(PlatformException.notFound("business message"));
      }
      String businessId = found.get().getString("business_id");
      String category = found.get().getString("category");
      List<Category> off = category == null
          ? List.of(Category.values())
          : List.of(Category.parse(category, "/category"));
      return Future.join(off.stream().map(c -> set(customerId, businessId, c, false, "message")).toList())
          .compose(v -> choices(customerId, businessId));
    });
  }

  /** The customer's choices for one business: every category, opted in or not. */
  public Future<JsonObject> choices(String customerId, String businessId) {
    return BUSINESS.first(db.pool(), params("id", businessId), r -> r).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(PlatformException.notFound("business"));
      }
      return ONE.list(db.pool(), params("businessId", businessId, "customerId", customerId), r -> r).map(rows -> {
        JsonArray categories = new JsonArray();
        for (Category c : Category.values()) {
          Optional<Row> row = rows.stream().filter(r -> r.getString("category").equals(c.wire())).findFirst();
          categories.add(categoryJson(c.wire(), row.orElse(null), wording(found.get().getString("name"), c)));
        }
        return businessJson(found.get().getString("id"), found.get().getString("name"), found.get().getString(
            "handle"), found.get().getString("status")).put("categories", categories);
      });
    });
  }

  /** Whether the customer is opted in to the category now. */
  public Future<Boolean> optedIn(String customerId, String businessId, Category category) {
    return ONE.list(db.pool(), params("businessId", businessId, "customerId", customerId), r -> r)
        .map(rows -> rows.stream().anyMatch(r -> r.getString("category").equals(category.wire())
            && Boolean.TRUE.equals(r.getBoolean("opted_in"))));
  }

  /**
   * The customer's ledger: every business that may write to them (an opt-in, or an open service
   * window), in which categories, since when and why, and how many messages it sent this week.
   */
  public Future<JsonArray> ledger(String customerId) {
    long now = clock.millis();
    long weekAgo = now - Duration.ofDays(7).toMillis();
    Future<List<Row>> consents = LEDGER.list(db.pool(), params("customerId", customerId), r -> r);
    Future<List<Row>> windows = WINDOWS.list(db.pool(), params("customerId", customerId), r -> r);
    Future<List<Row>> counts = WEEK_COUNTS.list(db.pool(), params("customerId", customerId, "since", weekAgo),
        r -> r);
    return Future.all(consents, windows, counts).map(all -> {
      Map<String, JsonObject> byBusiness = new LinkedHashMap<>();
      for (Row r : consents.result()) {
        JsonObject b = byBusiness.computeIfAbsent(r.getString("id"), id -> businessJson(id, r.getString("name"),
            r.getString("handle"), r.getString("status")).put("categories", new JsonArray()));
        b.getJsonArray("categories").add(categoryJson(r.getString("category"), r, r.getString("wording")));
      }
      for (Row r : windows.result()) {
        long until = r.getLong("last_wrote") + Duration.ofHours(pacing.serviceWindowHours()).toMillis();
        JsonObject b = byBusiness.computeIfAbsent(r.getString("business_id"), id -> businessJson(id,
            r.getString("name"), r.getString("handle"), r.getString("status")).put("categories", new JsonArray()));
        b.put("lastWroteAt", Instant.ofEpochMilli(r.getLong("last_wrote")).toString());
        if (until > now) {
          b.put("serviceWindowUntil", Instant.ofEpochMilli(until).toString());
        }
      }
      for (Row r : counts.result()) {
        JsonObject b = byBusiness.get(r.getString("business_id"));
        if (b != null) {
          b.put("messagesThisWeek", r.getLong("n"));
        }
      }
      JsonArray out = new JsonArray();
      byBusiness.values().forEach(b -> {
        b.put("messagesThisWeek", b.getLong("messagesThisWeek", 0L));
        boolean mayWrite = b.containsKey("serviceWindowUntil") || b.getJsonArray("categories").stream()
            .anyMatch(c -> ((JsonObject) c).getBoolean("optedIn"));
        out.add(b.put("mayWrite", mayWrite));
      });
      return out;
    });
  }

  /**
   * "Why am I getting this?" for one business message the customer received: the reply window
   * their own message opened, or the opt-in (wording, place, time) its category rests on.
   */
  public Future<JsonObject> why(String customerId, String messageId) {
    return SEND.first(db.pool(), params("messageId", messageId), r -> r).compose(found -> {
      if (found.isEmpty() || !found.get().getString("customer_id").equals(customerId)) {
        return Future.failedFuture(PlatformException.notFound("business message"));
      }
      Row send = found.get();
      String businessId = send.getString("business_id");
      JsonObject out = new JsonObject().put("messageId", messageId)
          .put("sentAt", Instant.ofEpochMilli(send.getLong("sent_at")).toString());
      if (send.getString("campaign") != null) {
        out.put("campaign", send.getString("campaign"));
      }
      return choices(customerId, businessId).map(choices -> {
        out.put("business", businessJson(businessId, choices.getString("name"), choices.getString("handle"),
            choices.getBoolean("verified") ? "verified" : "other"));
        String category = send.getString("category");
        if (category == null) {
          return out.put("reason", "service_window");
        }
        JsonObject consent = choices.getJsonArray("categories").stream().map(JsonObject.class::cast)
            .filter(c -> c.getString("category").equals(category)).findFirst().orElseThrow();
        return out.put("reason", "opt_in").put("category", category).put("consent", consent);
      });
    });
  }

  private static JsonObject businessJson(String id, String name, String handle, String status) {
    return new JsonObject().put("id", id).put("name", name).put("handle", handle)
        .put("verified", "verified".equals(status));
  }

  private static JsonObject categoryJson(String category, Row row, String wording) {
    JsonObject c = new JsonObject().put("category", category)
        .put("optedIn", row != null && Boolean.TRUE.equals(row.getBoolean("opted_in"))).put("wording", wording);
    if (row != null) {
      c.put("place", row.getString("place")).put("changedAt", Instant.ofEpochMilli(row.getLong("changed_at"))
          .toString());
      if (row.getLong("since") != null) {
        c.put("since", Instant.ofEpochMilli(row.getLong("since")).toString());
      }
    }
    return c;
  }
}
