package dev.parley.core.business;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Actor;
import dev.parley.core.accounts.BadgeLookalikes;
import dev.parley.core.attachments.Attachments;
import dev.parley.core.audit.AuditLog;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Business accounts: made by a developer, reviewed by an admin (the reason in the audit log),
 * found by customers in the directory (verified ones only), and their keys. Conversations with
 * customers, opaque customer ids, blocks and the bot's voice are in {@link BusinessConversations}.
 */
public final class Businesses {

  private static final Logger LOG = LoggerFactory.getLogger(Businesses.class);

  /** A handle: lower-case letters, digits and '_', 3-28 characters (the bot is {@code bot-<handle>}). */
  private static final Pattern HANDLE = Pattern.compile("[a-z][a-z0-9_]{2,27}");
  /** The categories a business picks from. */
  public static final List<String> CATEGORIES = List.of("retail", "travel", "finance", "utilities", "telecom",
      "health", "food", "education", "government", "services", "other");
  private static final Set<String> DAYS = Set.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final Set<String> FIELDS = Set.of("handle", "name", "logoAttachmentId", "description", "category",
      "website", "hours", "privacyUrl");
  /** Keys of the Business API start with this, so a leaked one is recognisable (secret scanners). */
  static final String KEY_PREFIX = "pbk_";

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final AuditLog audit;
  private final Attachments attachments;
  private final BusinessRepository repo = new BusinessRepository();

  public Businesses(Database db, Clock clock, IdGenerator ids, AuditLog audit, Attachments attachments) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.audit = audit;
    this.attachments = attachments;
  }

  // ---- owners ----

  /** Creates a business (pending review) and its bot account, owned by {@code owner}. */
  public Future<Business> create(Account owner, JsonObject body) {
    Business b;
    try {
      unknownFields(body);
      String handle = handle(body.getValue("handle"));
      String id = ids.newId();
      b = profile(new Business(id, handle, "", Optional.empty(), "", "other", Optional.empty(), Optional.empty(), "",
          owner.id(), Business.PENDING, Instant.ofEpochMilli(clock.millis()), Optional.empty(), ids.newId(),
          Optional.empty()), body, true);
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    return logo(owner.id(), b).compose(v -> db.pool().withTransaction(tx -> repo
        .insertBot(tx, b.botAccountId(), "bot-" + b.handle(), b.name(), b.createdAt().toEpochMilli())
        .compose(x -> repo.insert(tx, b))))
        .recover(f -> Future.failedFuture(Database.isUniqueViolation(f)
            ? PlatformException.of(PlatformException.Reason.CONFLICT, "the handle '" + b.handle() + "' is taken")
            : f))
        .map(b);
  }

  /**
   * Changes a business's profile; the handle stays (deep links and QR codes name it). A new name
   * of a verified business sends it back to review: the badge vouches for the name it was given for.
   */
  public Future<Business> update(Account owner, String businessId, JsonObject body) {
    return own(owner.id(), businessId).compose(old -> {
      Business changed;
      try {
        unknownFields(body);
        if (body.containsKey("handle") && !old.handle().equals(body.getValue("handle"))) {
          throw PlatformException.invalid("/handle", "the handle cannot change: deep links and QR codes name it");
        }
        changed = profile(old, body, false);
        if (old.verified() && !old.name().equals(changed.name())) {
          changed = withStatus(changed, Business.PENDING, Optional.empty());
        }
      } catch (PlatformException e) {
        return Future.failedFuture(e);
      }
      Business next = changed;
      return logo(owner.id(), next).compose(v -> db.pool().withTransaction(tx -> repo.update(tx, next)
          .compose(x -> repo.renameBot(tx, next.botAccountId(), next.name())))).map(next);
    });
  }

  /** The caller's businesses. */
  public Future<List<Business>> mine(String ownerId) {
    return repo.byOwner(db.pool(), ownerId);
  }

  /** One of the caller's businesses; "not found" for anyone else's, so its existence does not leak. */
  public Future<Business> own(String ownerId, String businessId) {
    return byId(businessId).compose(found -> found.filter(b -> b.ownerId().equals(ownerId)).isPresent()
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(PlatformException.notFound("the business")));
  }

  /** A business by id, whatever its status (customer care looks up the business of a conversation). */
  public Future<Optional<Business>> byId(String businessId) {
    return IdGenerator.isId(businessId) ? repo.byId(db.pool(), businessId) : Future.succeededFuture(Optional.empty());
  }

  // ---- keys ----

  /** A new API key of the business: the key is in this answer only; only its SHA-256 is kept. */
  public Future<JsonObject> createKey(Account owner, String businessId, String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > 64 || n.chars().anyMatch(Character::isISOControl)) {
      return Future.failedFuture(PlatformException.invalid("/name", "name must be 1-64 printable characters"));
    }
    return own(owner.id(), businessId).compose(b -> {
      String key = KEY_PREFIX + ids.newSecret(32);
      String id = ids.newId();
      long now = clock.millis();
      String hint = "…" + key.substring(key.length() - 4);
      return repo.insertKey(db.pool(), id, b.id(), n, IdGenerator.sha256(key), hint, now)
          .map(v -> new JsonObject().put("id", id).put("name", n).put("hint", hint)
              .put("createdAt", Instant.ofEpochMilli(now).toString()).put("key", key));
    });
  }

  public Future<JsonArray> keys(Account owner, String businessId) {
    return own(owner.id(), businessId).compose(b -> repo.keys(db.pool(), b.id())).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(k -> out.add(k.toJson()));
      return out;
    });
  }

  public Future<Void> revokeKey(Account owner, String businessId, String keyId) {
    return own(owner.id(), businessId).compose(b -> repo.revokeKey(db.pool(), b.id(), keyId, clock.millis()))
        .compose(revoked -> revoked
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(PlatformException.notFound("the key")));
  }

  /**
   * The business behind a Business API key; empty for an unknown or revoked key, or a business
   * that is rejected or suspended (a pending one may try its integration before review).
   */
  public Future<Optional<BusinessPrincipal>> authenticate(String key) {
    if (key == null || !key.startsWith(KEY_PREFIX) || key.length() > 100) {
      return Future.succeededFuture(Optional.empty());
    }
    return repo.byKey(db.pool(), IdGenerator.sha256(key)).map(found -> {
      found.ifPresent(p -> repo.touchKey(db.pool(), p.keyId(), clock.millis())
          .onFailure(e -> LOG.warn("noting a business key's use failed", e)));
      return found.filter(p -> p.business().verified() || Business.PENDING.equals(p.business().status()));
    });
  }

  // ---- admins ----

  /** The review queue (pending), or the businesses in another status. */
  public Future<List<Business>> byStatus(String status) {
    if (!List.of(Business.PENDING, Business.VERIFIED, Business.REJECTED, Business.SUSPENDED).contains(status)) {
      return Future.failedFuture(PlatformException.invalid("status",
          "status must be pending, verified, rejected or suspended"));
    }
    return repo.byStatus(db.pool(), status);
  }

  /**
   * An admin's decision: {@code approve} (pending to verified), {@code reject} (pending to
   * rejected, a reason needed), {@code suspend} (verified to suspended, a reason needed),
   * {@code reinstate} (suspended to verified). Written with its audit entry in one transaction.
   */
  public Future<Business> review(Actor admin, String businessId, String decision, Optional<String> reason) {
    String from;
    String to;
    switch (decision == null ? "" : decision) {
      case "approve" -> {
        from = Business.PENDING;
        to = Business.VERIFIED;
      }
      case "reject" -> {
        from = Business.PENDING;
        to = Business.REJECTED;
      }
      case "suspend" -> {
        from = Business.VERIFIED;
        to = Business.SUSPENDED;
      }
      case "reinstate" -> {
        from = Business.SUSPENDED;
        to = Business.VERIFIED;
      }
      default -> {
        return Future.failedFuture(PlatformException.invalid("/decision",
            "decision must be approve, reject, suspend or reinstate"));
      }
    }
    Optional<String> why = reason.map(String::strip).filter(r -> !r.isEmpty());
    if ((to.equals(Business.REJECTED) || to.equals(Business.SUSPENDED)) && why.isEmpty()) {
      return Future.failedFuture(PlatformException.invalid("/reason", "a " + decision + " needs a reason"));
    }
    if (why.isPresent() && why.get().length() > 500) {
      return Future.failedFuture(PlatformException.invalid("/reason", "reason must be at most 500 characters"));
    }
    long now = clock.millis();
    return byId(businessId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(PlatformException.notFound("the business"));
      }
      Optional<Long> verifiedAt = to.equals(Business.VERIFIED) ? Optional.of(now) : Optional.empty();
      return db.pool().withTransaction(tx -> repo.review(tx, businessId, from, to, verifiedAt, why)
          .compose(moved -> moved
              ? audit.append(tx, admin, AuditLog.Event.of("business." + decision, "business", businessId)
                  .reason(why.orElse(null)).detail("handle", found.get().handle()).detail("from", from))
                  .mapEmpty()
              : Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
                  "the business is " + found.get().status() + ", not " + from + "; it cannot be " + decision
                      + (decision.endsWith("e") ? "d" : "ed")))))
          .compose(v -> repo.byId(db.pool(), businessId)).map(Optional::orElseThrow);
    });
  }

  // ---- customers ----

  /** Verified businesses whose handle or name holds {@code query} (all of them for an empty one). */
  public Future<List<Business>> directory(String query, int limit) {
    String q = query == null ? "" : query.strip();
    if (q.length() > 64) {
      return Future.failedFuture(PlatformException.invalid("q", "q must be at most 64 characters"));
    }
    return repo.directory(db.pool(), q, Math.max(1, Math.min(limit, 50)));
  }

  /** A verified business by its handle; "not found" for any other (a pending one is not public). */
  public Future<Business> verified(String handle) {
    String h = handle == null ? "" : handle.toLowerCase(Locale.ROOT);
    if (!HANDLE.matcher(h).matches()) {
      return Future.failedFuture(PlatformException.notFound("the business"));
    }
    return repo.byHandle(db.pool(), h).map(found -> found.filter(Business::verified)
        .orElseThrow(() -> PlatformException.notFound("the business")));
  }

  /** A signed link to a verified business's logo (the owner's upload, published by choosing it). */
  public Future<String> logoUrl(String handle) {
    return verified(handle).compose(b -> b.logoAttachmentId().isEmpty()
        ? Future.failedFuture(PlatformException.notFound("the logo"))
        : attachments.link(b.ownerId(), b.logoAttachmentId().get()).map(link -> link.getString("url")));
  }

  // ---- validation ----

  private static void unknownFields(JsonObject body) {
    for (String name : body.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw PlatformException.invalid("/" + name, "unknown field '" + name.replaceAll("\\p{Cntrl}", "?")
            + "'; a business has " + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
  }

  private static String handle(Object value) {
    String h = value instanceof String s ? s.strip().toLowerCase(Locale.ROOT) : "";
    if (!HANDLE.matcher(h).matches()) {
      throw PlatformException.invalid("/handle",
          "handle must be 3-28 characters of a-z, 0-9 and '_', starting with a letter");
    }
    return h;
  }

  /** The business with the fields of {@code body} applied (all required ones when {@code fresh}). */
  private static Business profile(Business b, JsonObject body, boolean fresh) {
    String name = b.name();
    if (fresh || body.containsKey("name")) {
      String n = body.getValue("name") instanceof String s ? s.strip() : "";
      if (n.isEmpty() || n.length() > 64 || n.chars().anyMatch(Character::isISOControl)) {
        throw PlatformException.invalid("/name", "name must be 1-64 printable characters");
      }
      name = BadgeLookalikes.check(n, "/name");
    }
    String description = b.description();
    if (body.containsKey("description")) {
      description = body.getValue("description") instanceof String s ? s.strip() : null;
      if (description == null || description.length() > 1000
          || description.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
        throw PlatformException.invalid("/description", "description must be text of at most 1000 characters");
      }
    }
    String category = b.category();
    if (fresh || body.containsKey("category")) {
      category = body.getValue("category") instanceof String s ? s : "";
      if (!CATEGORIES.contains(category)) {
        throw PlatformException.invalid("/category", "category must be one of " + String.join(", ", CATEGORIES));
      }
    }
    Optional<String> website = b.website();
    if (body.containsKey("website")) {
      website = body.getValue("website") == null
          ? Optional.empty()
          : Optional.of(url(body.getValue("website"),
              "/website"));
    }
    String privacyUrl = b.privacyUrl();
    if (fresh || body.containsKey("privacyUrl")) {
      privacyUrl = url(body.getValue("privacyUrl"), "/privacyUrl");
    }
    Optional<JsonObject> hours = b.hours();
    if (body.containsKey("hours")) {
      hours = body.getValue("hours") == null ? Optional.empty() : Optional.of(hours(body.getValue("hours")));
    }
    Optional<String> logo = b.logoAttachmentId();
    if (body.containsKey("logoAttachmentId")) {
      Object v = body.getValue("logoAttachmentId");
      if (v != null && !(v instanceof String s && IdGenerator.isId(s))) {
        throw PlatformException.invalid("/logoAttachmentId", "logoAttachmentId must be the id of an uploaded image");
      }
      logo = Optional.ofNullable((String) v);
    }
    return new Business(b.id(), b.handle(), name, logo, description, category, website, hours, privacyUrl,
        b.ownerId(), b.status(), b.createdAt(), b.verifiedAt(), b.botAccountId(), b.reviewReason());
  }

  private static Business withStatus(Business b, String status, Optional<Instant> verifiedAt) {
    return new Business(b.id(), b.handle(), b.name(), b.logoAttachmentId(), b.description(), b.category(),
        b.website(), b.hours(), b.privacyUrl(), b.ownerId(), status, b.createdAt(), verifiedAt, b.botAccountId(),
        b.reviewReason());
  }

  private static String url(Object value, String field) {
    String u = value instanceof String s ? s.strip() : "";
    try {
      URI uri = new URI(u);
      if (u.length() <= 2048 && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null && uri.getRawUserInfo() == null) {
        return u;
      }
    } catch (java.net.URISyntaxException e) {
      // refused below
    }
    throw PlatformException.invalid(field, field.substring(1) + " must be an http(s) URL of at most 2048 characters");
  }

  /** Opening hours: {@code {"mon": "09:00-17:00", ...}}, a day's text at most 40 characters. */
  private static JsonObject hours(Object value) {
    if (!(value instanceof JsonObject json)) {
      throw PlatformException.invalid("/hours", "hours must be an object of day (mon-sun) to text");
    }
    for (String day : json.fieldNames()) {
      if (!DAYS.contains(day) || !(json.getValue(day) instanceof String text) || text.length() > 40
          || text.chars().anyMatch(Character::isISOControl)) {
        throw PlatformException.invalid("/hours/" + day.replaceAll("[^a-z]", "?"),
            "hours must map mon, tue, wed, thu, fri, sat or sun to a text of at most 40 characters");
      }
    }
    return json.copy();
  }

  /** The logo must be the owner's own finished image upload. */
  private Future<Void> logo(String ownerId, Business b) {
    if (b.logoAttachmentId().isEmpty()) {
      return Future.succeededFuture();
    }
    return attachments.uploads().own(ownerId, b.logoAttachmentId().get())
        .recover(f -> Future.failedFuture(PlatformException.invalid("/logoAttachmentId",
            "no upload of yours has this id")))
        .compose(a -> a.ready() && "image".equals(a.kind())
            ? Future.<Void>succeededFuture()
            : Future.failedFuture(PlatformException.invalid("/logoAttachmentId",
                "the logo must be a finished image upload")));
  }
}
