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
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message templates: what a business may send outside the 24-hour service window. A template has
 * a name, a language, a category and a body with typed variables ({@code {{name}}}); structural
 * mistakes are refused at once naming the field, policy checks (link shorteners, an offer in a
 * utility message) reject it with a machine-readable {@code reasonCode}; otherwise an admin
 * approves or rejects it. An approved template is paused when too many of the customers who got
 * it block the business, with the reason shown to the business.
 */
public final class Templates {

  /** Machine-readable reasons a template is rejected (automatically or by an admin). */
  public static final Set<String> REASON_CODES = Set.of("url-shortener", "category-mismatch", "misleading",
      "abusive", "missing-opt-out-context", "other");
  public static final Set<String> VARIABLE_TYPES = Set.of("text", "number", "currency", "date");
  public static final Set<String> LANGUAGES = Set.of("en", "de", "ar", "fr", "es", "it", "nl", "pt", "tr", "pl");
  private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{([a-z][a-z0-9_]{0,31})\\}\\}");
  private static final Pattern SHORTENER = Pattern.compile(
      "(?i)\\b(bit\\.ly|tinyurl\\.com|t\\.co|goo\\.gl|ow\\.ly|is\\.gd|buff\\.ly|rebrand\\.ly|cutt\\.ly|shorturl\\.at)/");
  private static final Pattern MARKETING_WORDS = Pattern.compile(
      "(?i)\\b(sale|discount|offer|deal|coupon|promo(tion)?|% off|free gift|limited time|buy now)\\b");
  /** Blocks within a day of a template's sends, as a share of its sends, that pause it (with enough sends). */
  static final double PAUSE_BLOCK_SHARE = 0.05;
  static final int PAUSE_MIN_SENDS = 20;

  private static final Statement INSERT = sql("INSERT INTO business_templates (id, business_id, name, language, "
      + "category, body, variables, status, reason_code, reason, created_at) VALUES (#{id}, #{businessId}, #{name}, "
      + "#{language}, #{category}, #{body}, #{variables}, #{status}, #{reasonCode}, #{reason}, #{at})");
  private static final String COLUMNS = "t.id, t.business_id, t.name, t.language, t.category, t.body, t.variables, "
      + "t.status, t.reason_code, t.reason, t.created_at, t.reviewed_at, t.paused_reason";
  private static final Statement OF_BUSINESS = sql("SELECT " + COLUMNS + " FROM business_templates t "
      + "WHERE t.business_id = #{businessId} ORDER BY t.name, t.language");
  private static final Statement BY_ID = sql("SELECT " + COLUMNS + " FROM business_templates t WHERE t.id = #{id}");
  private static final Statement BY_NAME = sql("SELECT " + COLUMNS + " FROM business_templates t "
      + "WHERE t.business_id = #{businessId} AND t.name = #{name}");
  private static final Statement BY_STATUS = sql("SELECT " + COLUMNS + ", b.name AS business_name "
      + "FROM business_templates t JOIN businesses b ON b.id = t.business_id WHERE t.status = #{status} "
      + "ORDER BY t.created_at");
  private static final Statement REVIEW = sql("UPDATE business_templates SET status = #{status}, "
      + "reason_code = #{reasonCode}, reason = #{reason}, reviewed_at = #{at}, reviewed_by = #{by} "
      + "WHERE id = #{id} AND status = 'pending'");
  private static final Statement DELETE = sql("DELETE FROM business_templates WHERE id = #{id} "
      + "AND business_id = #{businessId}");
  private static final Statement PAUSE = sql("UPDATE business_templates SET status = 'paused', "
      + "paused_reason = #{reason} WHERE id = #{id} AND status = 'approved'");
  /** Per approved template of the business: its sends in the last week, and how many of those customers blocked within a day. */
  private static final Statement QUALITY = sql("SELECT s.template_id, COUNT(*) AS sends, SUM(CASE WHEN EXISTS ("
      + "SELECT 1 FROM business_consent_events e WHERE e.business_id = s.business_id AND e.customer_id = s.customer_id "
      + "AND e.place = 'blocked' AND e.at >= s.sent_at AND e.at < s.sent_at + 86400000) THEN 1 ELSE 0 END) AS blocks "
      + "FROM business_sends s JOIN business_templates t ON t.id = s.template_id AND t.status = 'approved' "
      + "WHERE s.business_id = #{businessId} AND s.sent_at >= #{since} GROUP BY s.template_id");

  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;

  public Templates(Database db, Clock clock, IdGenerator ids) {
    this.db = db;
    this.clock = clock;
    this.ids = ids;
  }

  /** One stored template. */
  public record Template(String id, String businessId, String name, String language, Category category, String body,
      JsonArray variables, String status, String reasonCode, String reason, long createdAt, Long reviewedAt,
      String pausedReason) {

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("id", id).put("name", name).put("language", language)
          .put("category", category.wire()).put("body", body).put("variables", variables.copy()).put("status", status)
          .put("createdAt", Instant.ofEpochMilli(createdAt).toString());
      if (reasonCode != null) {
        json.put("reasonCode", reasonCode).put("reason", reason);
      }
      if (reviewedAt != null) {
        json.put("reviewedAt", Instant.ofEpochMilli(reviewedAt).toString());
      }
      if (pausedReason != null) {
        json.put("pausedReason", pausedReason);
      }
      return json;
    }
  }

  /** Submits a template: 400 for a structural mistake, stored rejected for a policy one, else pending review. */
  public Future<Template> create(String businessId, JsonObject body) {
    String name = string(body, "name", 64);
    if (!NAME.matcher(name).matches()) {
      throw PlatformException.invalid("/name", "name must be 1-64 characters of a-z, 0-9 and _");
    }
    String language = string(body, "language", 8);
    if (!LANGUAGES.contains(language)) {
      throw PlatformException.invalid("/language", "language must be one of "
          + String.join(", ", LANGUAGES.stream().sorted().toList()));
    }
    Category category = Category.parse(body.getValue("category"), "/category");
    String text = string(body, "body", 1024);
    if (text.isBlank()) {
      throw PlatformException.invalid("/body", "body must not be blank");
    }
    JsonArray variables = variables(body.getValue("variables"), text);
    String reasonCode = null;
    String reason = null;
    if (SHORTENER.matcher(text).find()) {
      reasonCode = "url-shortener";
      reason = "Link shorteners hide where a link goes; use the full https address of your own site.";
    } else if (category != Category.MARKETING && MARKETING_WORDS.matcher(text).find()) {
      reasonCode = "category-mismatch";
      reason = "The body reads like an offer; send offers as marketing, which customers opt in to separately.";
    }
    Template t = new Template(ids.newId(), businessId, name, language, category, text, variables,
        reasonCode == null ? "pending" : "rejected", reasonCode, reason, clock.millis(), null, null);
    return INSERT.update(db.pool(), params("id", t.id(), "businessId", businessId, "name", name, "language", language,
        "category", category.wire(), "body", text, "variables", variables.encode(), "status", t.status(),
        "reasonCode", reasonCode, "reason", reason, "at", t.createdAt()))
        .recover(e -> Future.failedFuture(Database.isUniqueViolation(e)
            ? PlatformException.of(PlatformException.Reason.CONFLICT, "a template named '" + name + "' in "
                + language + " exists; delete it first or use another name")
            : e))
        .map(t);
  }

  public Future<List<Template>> ofBusiness(String businessId) {
    return OF_BUSINESS.list(db.pool(), params("businessId", businessId), Templates::row);
  }

  public Future<Template> get(String businessId, String id) {
    return BY_ID.first(db.pool(), params("id", id), Templates::row).compose(t -> t.isPresent()
        && t.get().businessId().equals(businessId)
            ? Future.succeededFuture(t.get())
            : Future.failedFuture(PlatformException.notFound("template")));
  }

  public Future<Void> delete(String businessId, String id) {
    return DELETE.update(db.pool(), params("id", id, "businessId", businessId)).compose(n -> n == 1
        ? Future.succeededFuture()
        : Future.failedFuture(PlatformException.notFound("template")));
  }

  /** The admin's queue: templates by status, oldest first, with the business's name. */
  public Future<JsonArray> queue(String status) {
    return BY_STATUS.list(db.pool(), params("status", status), r -> row(r).toJson()
        .put("businessId", r.getString("business_id")).put("businessName", r.getString("business_name")))
        .map(JsonArray::new);
  }

  /** An admin's decision on a pending template; a rejection needs a reason code. */
  public Future<Template> review(String adminId, String id, boolean approve, String reasonCode, String reason) {
    if (!approve && (reasonCode == null || !REASON_CODES.contains(reasonCode))) {
      return Future.failedFuture(PlatformException.invalid("/reasonCode", "reasonCode must be one of "
          + String.join(", ", REASON_CODES.stream().sorted().toList())));
    }
    return REVIEW.update(db.pool(), params("id", id, "status", approve ? "approved" : "rejected", "reasonCode",
        approve ? null : reasonCode, "reason", approve ? null : reason, "at", clock.millis(), "by", adminId))
        .compose(n -> BY_ID.first(db.pool(), params("id", id), Templates::row).compose(t -> {
          if (t.isEmpty()) {
            return Future.failedFuture(PlatformException.notFound("template"));
          }
          return n == 1
              ? Future.succeededFuture(t.get())
              : Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT, "the template is "
                  + t.get().status() + ", not pending"));
        }));
  }

  /**
   * The approved template {@code name} in the customer's language, else English, else any
   * approved one; a paused or unapproved template is refused naming the rule.
   */
  public Future<Template> pick(String businessId, String name, Optional<String> language) {
    return BY_NAME.list(db.pool(), params("businessId", businessId, "name", name), Templates::row).compose(all -> {
      if (all.isEmpty()) {
        return Future.failedFuture(PlatformException.invalid("/template/name", "no template named '" + name + "'"));
      }
      List<Template> usable = all.stream().filter(t -> t.status().equals("approved")).toList();
      if (usable.isEmpty()) {
        boolean paused = all.stream().anyMatch(t -> t.status().equals("paused"));
        return Future.failedFuture(paused
            ? PlatformException.businessRule("template-paused", "the template '" + name + "' is paused: "
                + all.stream().filter(t -> t.pausedReason() != null).findFirst().map(Template::pausedReason)
                    .orElse("quality"),
                0)
            : PlatformException.businessRule("template-not-approved", "the template '" + name
                + "' is not approved yet (" + all.get(0).status() + ")", 0));
      }
      return Future.succeededFuture(language.flatMap(l -> usable.stream().filter(t -> t.language().equals(l))
          .findFirst()).or(() -> usable.stream().filter(t -> t.language().equals("en")).findFirst())
          .orElse(usable.get(0)));
    });
  }

  /** The body with each variable's value, checked against its type and formatted for {@code locale}. */
  public static String render(Template t, JsonObject values, Locale locale) {
    JsonObject given = values == null ? new JsonObject() : values;
    for (String key : given.fieldNames()) {
      if (t.variables().stream().noneMatch(v -> ((JsonObject) v).getString("name").equals(key))) {
        throw PlatformException.invalid("/template/variables/" + key, "the template has no variable '" + key + "'");
      }
    }
    Matcher m = VARIABLE.matcher(t.body());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String type = t.variables().stream().map(JsonObject.class::cast).filter(v -> v.getString("name").equals(name))
          .findFirst().map(v -> v.getString("type")).orElse("text");
      m.appendReplacement(out, Matcher.quoteReplacement(value(name, type, given.getValue(name), locale)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Pauses the business's approved templates whose sends were followed by a block within a day
   * for more than 5% of at least 20 customers in the last week; answers how many it paused.
   */
  public Future<Integer> checkQuality(String businessId) {
    long since = clock.millis() - 7 * 86_400_000L;
    return QUALITY.list(db.pool(), params("businessId", businessId, "since", since), r -> r).compose(rows -> {
      List<Future<Integer>> paused = new ArrayList<>();
      for (Row r : rows) {
        long sends = r.getLong("sends");
        long blocks = r.getLong("blocks") == null ? 0 : r.getLong("blocks");
        if (sends >= PAUSE_MIN_SENDS && blocks > sends * PAUSE_BLOCK_SHARE) {
          paused.add(PAUSE.update(db.pool(), params("id", r.getString("template_id"), "reason", blocks + " of "
              + sends + " customers who got this template in the last week blocked you within a day (more than 5%)."
              + " Review who it goes to and what it says, then submit a new version.")));
        }
      }
      return Future.all(paused).map(v -> paused.stream().mapToInt(Future::result).sum());
    });
  }

  private static String value(String name, String type, Object value, Locale locale) {
    String field = "/template/variables/" + name;
    if (value == null) {
      throw PlatformException.invalid(field, "the variable '" + name + "' needs a value");
    }
    switch (type) {
      case "number" -> {
        if (!(value instanceof Number n)) {
          throw PlatformException.invalid(field, name + " must be a number");
        }
        return NumberFormat.getNumberInstance(locale).format(n);
      }
      case "currency" -> {
        if (!(value instanceof JsonObject money) || !(money.getValue("amount") instanceof String amount)
            || !(money.getValue("currency") instanceof String code)) {
          throw PlatformException.invalid(field, name + " must be {amount: \"12.50\", currency: \"EUR\"}");
        }
        try {
          NumberFormat f = NumberFormat.getCurrencyInstance(locale);
          f.setCurrency(Currency.getInstance(code));
          return f.format(new BigDecimal(amount));
        } catch (IllegalArgumentException e) {
          throw PlatformException.invalid(field, name + " must be {amount: \"12.50\", currency: \"EUR\"}");
        }
      }
      case "date" -> {
        try {
          return LocalDate.parse(String.valueOf(value)).format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
              .withLocale(locale));
        } catch (DateTimeParseException e) {
          throw PlatformException.invalid(field, name + " must be a date such as 2026-12-24");
        }
      }
      default -> {
        if (!(value instanceof String s) || s.isBlank() || s.length() > 200 || s.contains("\n")) {
          throw PlatformException.invalid(field, name + " must be text of 1-200 characters on one line");
        }
        return s;
      }
    }
  }

  private static JsonArray variables(Object raw, String body) {
    JsonArray declared = raw == null ? new JsonArray() : raw instanceof JsonArray a ? a : null;
    if (declared == null || declared.size() > 10) {
      throw PlatformException.invalid("/variables", "variables must be a list of at most 10 {name, type}");
    }
    Set<String> names = new LinkedHashSet<>();
    JsonArray out = new JsonArray();
    for (int i = 0; i < declared.size(); i++) {
      if (!(declared.getValue(i) instanceof JsonObject v) || !(v.getValue("name") instanceof String name)
          || !VARIABLE.matcher("{{" + name + "}}").matches()) {
        throw PlatformException.invalid("/variables/" + i, "a variable is {name: a-z0-9_, type: "
            + String.join("|", VARIABLE_TYPES.stream().sorted().toList()) + "}");
      }
      String type = v.getString("type", "text");
      if (!VARIABLE_TYPES.contains(type)) {
        throw PlatformException.invalid("/variables/" + i + "/type", "type must be one of "
            + String.join(", ", VARIABLE_TYPES.stream().sorted().toList()));
      }
      if (!names.add(name)) {
        throw PlatformException.invalid("/variables/" + i + "/name", "the variable '" + name + "' is declared twice");
      }
      out.add(new JsonObject().put("name", name).put("type", type));
    }
    Set<String> used = new LinkedHashSet<>();
    Matcher m = VARIABLE.matcher(body);
    while (m.find()) {
      used.add(m.group(1));
      if (!names.contains(m.group(1))) {
        throw PlatformException.invalid("/body",
            "the body uses {{" + m.group(1) + "}}, which variables does not declare");
      }
    }
    for (String name : names) {
      if (!used.contains(name)) {
        throw PlatformException.invalid("/variables", "the variable '" + name + "' is declared but not in the body");
      }
    }
    String stripped = body.strip();
    if (stripped.startsWith("{{") || stripped.endsWith("}}")) {
      throw PlatformException.invalid("/body", "the body must not start or end with a variable: "
          + "the customer should read who writes and why before any value");
    }
    return out;
  }

  private static String string(JsonObject body, String field, int max) {
    if (!(body.getValue(field) instanceof String s) || s.length() > max) {
      throw PlatformException.invalid("/" + field, field + " must be a string of at most " + max + " characters");
    }
    return s;
  }

  private static Template row(Row r) {
    return new Template(r.getString("id"), r.getString("business_id"), r.getString("name"), r.getString("language"),
        Category.parse(r.getString("category"), "/category"), r.getString("body"), new JsonArray(r.getString(
            "variables")),
        r.getString("status"), r.getString("reason_code"), r.getString("reason"),
        r.getLong("created_at"), r.getLong("reviewed_at"), r.getString("paused_reason"));
  }

}
