package dev.parley.core.business.consent;

import static dev.parley.core.common.storage.Statement.params;
import static dev.parley.core.common.storage.Statement.sql;

import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.Statement;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The rules every business message passes before it is written, checked by the server and each
 * refused with a 4xx naming the rule ({@code /rules/<rule>}): a free-form message only inside the
 * 24-hour window the customer's own message (or their opening of the conversation) opened; outside it an approved template of a category
 * the customer opted in to; marketing at most 1 a day and 4 a week; at most 5 messages in a row
 * without a reply; 1 a second per conversation; a daily cap on customers reached for the first
 * time, which rises while few of them block the business. The check, the send and its record run
 * one after another per business and customer, so two concurrent sends cannot both pass a cap.
 */
public final class SendPolicy {

  /** The customer's last word: their newest message, or their opening of the conversation (a deep link, the directory). */
  private static final Statement LAST_CUSTOMER_MESSAGE = sql("SELECT MAX(x.at) AS at FROM ("
      + "SELECT MAX(created_at) AS at FROM messages WHERE conversation_id = #{conversationId} "
      + "AND sender_id = #{customerId} UNION ALL SELECT created_at AS at FROM business_conversations "
      + "WHERE conversation_id = #{conversationId} AND customer_id = #{customerId}) x");
  private static final Statement COUNTS = sql("SELECT "
      + "SUM(CASE WHEN category = 'marketing' AND sent_at >= #{day} THEN 1 ELSE 0 END) AS marketing_day, "
      + "SUM(CASE WHEN category = 'marketing' AND sent_at >= #{week} THEN 1 ELSE 0 END) AS marketing_week, "
      + "SUM(CASE WHEN conversation_id = #{conversationId} AND sent_at > #{lastReply} THEN 1 ELSE 0 END) AS unanswered, "
      + "MAX(CASE WHEN conversation_id = #{conversationId} THEN sent_at ELSE NULL END) AS last_sent, "
      + "COUNT(*) AS ever FROM business_sends WHERE business_id = #{businessId} AND customer_id = #{customerId}");
  private static final Statement NEW_TODAY = sql("SELECT COUNT(*) AS n FROM (SELECT customer_id, MIN(sent_at) AS first "
      + "FROM business_sends WHERE business_id = #{businessId} GROUP BY customer_id) f WHERE f.first >= #{day}");
  private static final Statement WEEK_REACH = sql("SELECT COUNT(DISTINCT s.customer_id) AS reached, "
      + "COUNT(DISTINCT e.customer_id) AS blocked FROM business_sends s LEFT JOIN business_consent_events e "
      + "ON e.business_id = s.business_id AND e.customer_id = s.customer_id AND e.place = 'blocked' "
      + "AND e.at >= #{week} WHERE s.business_id = #{businessId} AND s.sent_at >= #{week}");
  private static final Statement RECORD = sql("INSERT INTO business_sends (message_id, business_id, customer_id, "
      + "conversation_id, seq, category, template_id, campaign, sent_at) VALUES (#{messageId}, #{businessId}, "
      + "#{customerId}, #{conversationId}, #{seq}, #{category}, #{templateId}, #{campaign}, #{at})");

  private final Database db;
  private final Clock clock;
  private final Consents consents;
  private final Templates templates;
  private final PacingOptions pacing;
  private final Map<String, Future<?>> queues = new ConcurrentHashMap<>();
  /** Set in a cluster: the sends to one customer are also taken in turn across nodes (a cluster-wide lock). */
  private volatile io.vertx.core.@org.jspecify.annotations.Nullable Vertx cluster;
  private volatile Function<String, Future<Optional<String>>> localeOf = id -> Future.succeededFuture(Optional.empty());

  public SendPolicy(Database db, Clock clock, Consents consents, Templates templates, PacingOptions pacing) {
    this.db = db;
    this.clock = clock;
    this.consents = consents;
    this.templates = templates;
    this.pacing = pacing;
  }

  /**
   * In a cluster: check-then-record of one business's sends to one customer runs under a cluster-wide
   * lock (Vert.x shared data, held by Hazelcast), so two nodes cannot both pass a pace the database
   * counts allow only once (issue 23).
   */
  public SendPolicy acrossCluster(io.vertx.core.Vertx vertx) {
    this.cluster = vertx;
    return this;
  }

  /** Where a customer's language comes from (their account's locale), for picking a template's language. */
  public void localeOf(Function<String, Future<Optional<String>>> localeOf) {
    this.localeOf = java.util.Objects.requireNonNull(localeOf, "localeOf");
  }

  /**
   * What the business wants to send: free-form (no template; a text or interactive content the
   * caller sends itself) or an approved template with values; a campaign label for its counts.
   */
  public record Outbound(Optional<String> templateName, Optional<String> language, JsonObject variables,
      Optional<String> campaign) {

    /** Reads {@code template: {name, language?, variables?}} and {@code campaign?} of a send body. */
    public static Outbound of(JsonObject body) {
      Optional<String> campaign = Optional.empty();
      if (body.getValue("campaign") != null) {
        if (!(body.getValue("campaign") instanceof String c) || !c.matches("[A-Za-z0-9_.-]{1,64}")) {
          throw PlatformException.invalid("/campaign", "campaign must be 1-64 characters of A-Z, a-z, 0-9, _ . -");
        }
        campaign = Optional.of(c);
      }
      if (body.getValue("template") == null) {
        return new Outbound(Optional.empty(), Optional.empty(), new JsonObject(), campaign);
      }
      if (!(body.getValue("template") instanceof JsonObject t) || !(t.getValue("name") instanceof String name)) {
        throw PlatformException.invalid("/template", "template must be {name, language?, variables?}");
      }
      if (t.getValue("variables") != null && !(t.getValue("variables") instanceof JsonObject)) {
        throw PlatformException.invalid("/template/variables", "variables must be an object of name: value");
      }
      return new Outbound(Optional.of(name), Optional.ofNullable(t.getString("language")),
          t.getJsonObject("variables", new JsonObject()), campaign);
    }
  }

  /**
   * What the checks decided: the category the message counts under (null: a reply in the service
   * window), the template and the text it rendered (for a template send), the campaign.
   */
  public record Decision(String category, String templateId, String text, String campaign) {
  }

  /** A message the caller wrote, for the record: its id and seq. */
  public record Written(String messageId, long seq) {
  }

  /**
   * Checks {@code outbound} for the business's conversation with the customer, runs {@code send}
   * with the decision when every rule passes, and records the message for the next checks; all of
   * it after the previous send to the same customer finished.
   */
  public <T> Future<T> send(String businessId, String customerId, String conversationId, Outbound outbound,
      Function<Decision, Future<T>> send, Function<T, Written> written) {
    String key = businessId + "/" + customerId;
    Future<T> result = queue(key, () -> check(businessId, customerId, conversationId, outbound)
        .compose(decision -> send.apply(decision).compose(out -> {
          Written w = written.apply(out);
          if (w == null) {
            return Future.succeededFuture(out); // a resend of a message already recorded
          }
          return RECORD.update(db.pool(), params("messageId", w.messageId(), "businessId", businessId, "customerId",
              customerId, "conversationId", conversationId, "seq", w.seq(), "category", decision.category(),
              "templateId", decision.templateId(), "campaign", decision.campaign(), "at", clock.millis()))
              .map(out);
        })));
    return result;
  }

  /** The checks alone (no send, no record): the decision, or the first rule the message breaks. */
  public Future<Decision> check(String businessId, String customerId, String conversationId, Outbound outbound) {
    long now = clock.millis();
    return LAST_CUSTOMER_MESSAGE.first(db.pool(), params("conversationId", conversationId, "customerId", customerId),
        r -> r.getLong("at")).compose(last -> {
          long lastReply = last.orElse(0L) == null ? 0L : last.orElse(0L);
          boolean windowOpen = lastReply > 0 && now - lastReply < Duration.ofHours(pacing.serviceWindowHours())
              .toMillis();
          Future<Decision> decided = outbound.templateName().isPresent()
              ? templated(businessId, customerId, outbound)
              : windowOpen
                  ? Future.succeededFuture(new Decision(null, null, null, outbound.campaign().orElse(null)))
                  : Future.failedFuture(PlatformException.businessRule("window-closed", lastReply == 0
                      ? "the customer has not written to you: a business writes first only with an approved "
                          + "template of a category the customer opted in to"
                      : "the 24-hour service window closed at " + Instant.ofEpochMilli(lastReply).plus(Duration
                          .ofHours(pacing.serviceWindowHours())) + ": outside it send an approved template",
                      0));
          return decided.compose(d -> paced(businessId, customerId, conversationId, d, lastReply, now));
        });
  }

  private Future<Decision> templated(String businessId, String customerId, Outbound outbound) {
    String name = outbound.templateName().orElseThrow();
    Future<Optional<String>> language = outbound.language().isPresent()
        ? Future.succeededFuture(outbound.language())
        : localeOf.apply(customerId);
    return language.compose(lang -> templates.pick(businessId, name, lang)).compose(t -> consents
        .choices(customerId, businessId).compose(choices -> {
          JsonObject consent = choices.getJsonArray("categories").stream().map(JsonObject.class::cast)
              .filter(c -> c.getString("category").equals(t.category().wire())).findFirst().orElseThrow();
          if (!consent.getBoolean("optedIn")) {
            return Future.failedFuture(consent.containsKey("changedAt")
                ? PlatformException.businessRule("opted-out", "the customer opted out of " + t.category().wire()
                    + " messages from you on " + consent.getString("changedAt"), 0)
                : PlatformException.businessRule("opt-in-required", "the customer has not opted in to "
                    + t.category().wire() + " messages from you", 0));
          }
          String text = Templates.render(t, outbound.variables(), Locale.forLanguageTag(t.language()));
          return Future.succeededFuture(new Decision(t.category().wire(), t.id(), text,
              outbound.campaign().orElse(null)));
        }));
  }

  private Future<Decision> paced(String businessId, String customerId, String conversationId, Decision d,
      long lastReply, long now) {
    long day = now - Duration.ofDays(1).toMillis();
    long week = now - Duration.ofDays(7).toMillis();
    return COUNTS.first(db.pool(), params("businessId", businessId, "customerId", customerId, "conversationId",
        conversationId, "day", day, "week", week, "lastReply", lastReply), r -> r).compose(found -> {
          Row r = found.orElseThrow();
          long minGap = 1000L / Math.max(1, pacing.perConversationPerSecond());
          Long lastSent = r.getLong("last_sent");
          if (lastSent != null && now - lastSent < minGap) {
            return Future.failedFuture(PlatformException.businessRule("conversation-pace", "at most "
                + pacing.perConversationPerSecond() + " message a second per conversation", 1));
          }
          if (count(r, "unanswered") >= pacing.unansweredInARow()) {
            return Future.failedFuture(PlatformException.businessRule("unanswered-limit", "you sent "
                + pacing.unansweredInARow() + " messages in a row without a reply from the customer: wait for them",
                0));
          }
          if ("marketing".equals(d.category())) {
            if (count(r, "marketing_day") >= pacing.marketingPerDay()) {
              return Future.failedFuture(PlatformException.businessRule("marketing-daily-cap", "at most "
                  + pacing.marketingPerDay() + " marketing message a day to one customer", 0));
            }
            if (count(r, "marketing_week") >= pacing.marketingPerWeek()) {
              return Future.failedFuture(PlatformException.businessRule("marketing-weekly-cap", "at most "
                  + pacing.marketingPerWeek() + " marketing messages a week to one customer", 0));
            }
          }
          boolean newCustomer = count(r, "ever") == 0 && lastReply == 0;
          return newCustomer ? newCustomerCap(businessId, day, week).map(d) : Future.succeededFuture(d);
        });
  }

  private Future<Void> newCustomerCap(String businessId, long day, long week) {
    Future<Long> today = NEW_TODAY.first(db.pool(), params("businessId", businessId, "day", day), r -> r.getLong("n"))
        .map(n -> n.orElse(0L));
    Future<Integer> cap = WEEK_REACH.first(db.pool(), params("businessId", businessId, "week", week), r -> r)
        .map(found -> newCustomerCap(found.map(r -> r.getLong("reached")).orElse(0L),
            found.map(r -> r.getLong("blocked")).orElse(0L)));
    return Future.all(today, cap).compose(v -> today.result() >= cap.result()
        ? Future.failedFuture(PlatformException.businessRule("new-customer-cap", "you reached " + cap.result()
            + " new customers today, your cap; it rises while few customers block you", 0))
        : Future.succeededFuture());
  }

  /** The day's cap on new customers: the base, doubled under 2% blocks and quadrupled under 1% (with 50 reached). */
  int newCustomerCap(long reachedThisWeek, long blockedThisWeek) {
    int base = pacing.newCustomersPerDay();
    if (reachedThisWeek < 50) {
      return base;
    }
    double rate = (double) blockedThisWeek / reachedThisWeek;
    return rate < 0.01 ? base * 4 : rate < 0.02 ? base * 2 : base;
  }

  private static long count(Row r, String column) {
    Number n = (Number) r.getValue(column);
    return n == null ? 0 : n.longValue();
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> queue(String key, java.util.function.Supplier<Future<T>> work) {
    Future<?>[] mine = new Future<?>[1];
    queues.compute(key, (k, previous) -> {
      Future<?> before = previous == null ? Future.succeededFuture() : previous;
      io.vertx.core.Vertx clustered = cluster;
      mine[0] = before.transform(ignored -> clustered == null
          ? work.get()
          : clustered.sharedData().getLockWithTimeout("parley.business-send." + k, 30_000)
              .compose(lock -> work.get().onComplete(done -> lock.release())));
      return mine[0];
    });
    Future<T> result = (Future<T>) mine[0];
    result.onComplete(done -> queues.remove(key, result));
    return result;
  }
}
