package dev.parley.core.business.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import dev.parley.core.business.BusinessApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Consent and pacing on both databases, through the Business API and the customer's routes: the
 * service window, opt-in per category, templates (automatic checks, review, rendering), the caps
 * (each a 4xx naming its rule), keywords, "Stop these messages", the customer's ledger and "Why
 * am I getting this?", campaign counts that hide small numbers.
 */
class BusinessConsentTest extends PlatformTestBase {

  private static final long HOUR = 3_600_000L;
  private TestUser admin;
  private TestUser developer;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setBusinessPacing(new PacingOptions().setPerConversationPerSecond(1)));
  }

  @Override
  protected void setUp() {
    admin = p.admin();
    developer = p.developer("Owner");
  }

  record Biz(String id, String handle, String name, String key) {
  }

  private Biz business(String name) {
    String handle = ("b" + UUID.randomUUID().toString().replace("-", "")).substring(0, 20);
    Reply created = api.post("/api/businesses", developer, new JsonObject().put("handle", handle).put("name", name)
        .put("category", "utilities").put("description", "Energy").put("privacyUrl", "https://example.com/privacy"));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(api.post("/api/admin/businesses/" + id + "/review", admin, new JsonObject().put("decision",
        "approve")).status()).isEqualTo(200);
    Reply key = api.post("/api/businesses/" + id + "/keys", developer, new JsonObject().put("name", "backend"));
    return new Biz(id, handle, name, key.json().getString("key"));
  }

  private String start(TestUser customer, Biz b) {
    Reply reply = api.post("/api/directory/businesses/" + b.handle() + "/conversations", customer, new JsonObject());
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.json().getJsonObject("conversation").getString("id");
  }

  private Reply send(Biz b, String conversationId, JsonObject body) {
    // A second apart: the conversation pace (1 a second here) is not what these sends test.
    p.clock().advance(1_100);
    return api.post(BusinessApi.BASE + "/conversations/" + conversationId + "/messages", Caller.bearer(b.key()), body);
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("text", text);
  }

  private static String rule(Reply r) {
    return r.json().getString("field");
  }

  private String approvedTemplate(Biz b, String name, String category, String body, JsonArray variables) {
    Reply created = api.post(BusinessApi.BASE + "/templates", Caller.bearer(b.key()), new JsonObject().put("name", name)
        .put("language", "en").put("category", category).put("body", body).put("variables", variables));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(created.json().getString("status")).isEqualTo("pending");
    String id = created.json().getString("id");
    Reply reviewed = api.post("/api/admin/business-templates/" + id + "/review", admin,
        new JsonObject().put("decision", "approve"));
    assertThat(reviewed.json().getString("status")).isEqualTo("approved");
    return id;
  }

  private void optIn(TestUser customer, Biz b, String category) {
    Reply r = api.request(io.vertx.core.http.HttpMethod.PUT, "/api/me/businesses/" + b.id() + "/consents/" + category,
        customer, new JsonObject().put("place", "conversation").toBuffer(), "application/json");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
  }

  @Test
  void theServiceWindow_opensWithTheCustomer_andClosesAfter24Hours_thenOnlyTemplatesOfOptedInCategories() {
    Biz b = business("Volt Energy");
    TestUser ann = api.signUp("Ann");
    String conversation = start(ann, b);
    assertThat(send(b, conversation, text("Hello, how can we help?")).status()).isEqualTo(201);

    p.clock().advance(25 * HOUR);
    Reply closed = send(b, conversation, text("Still there?"));
    assertThat(closed.status()).as("%s", closed).isEqualTo(403);
    assertThat(closed.json().getString("type")).endsWith("/business-rule");
    assertThat(rule(closed)).isEqualTo("/rules/window-closed");

    String templateId = approvedTemplate(b, "meter_due", "utility",
        "Your meter reading for {{month}} is due, {{name}}. Send us a photo.",
        new JsonArray().add(new JsonObject().put("name", "month").put("type", "text"))
            .add(new JsonObject().put("name", "name").put("type", "text")));
    JsonObject templateSend = new JsonObject().put("template", new JsonObject().put("name", "meter_due")
        .put("variables", new JsonObject().put("month", "December").put("name", "Ann")));
    Reply noOptIn = send(b, conversation, templateSend);
    assertThat(rule(noOptIn)).isEqualTo("/rules/opt-in-required");

    optIn(ann, b, "utility");
    Reply sent = send(b, conversation, templateSend);
    assertThat(sent.status()).as("%s", sent).isEqualTo(201);
    assertThat(sent.json().getString("text"))
        .isEqualTo("Your meter reading for December is due, Ann. Send us a photo.");
    assertThat(templateId).isNotBlank();

    // the customer's message reopens the window for free-form replies
    api.send(ann, conversation, "Here it is");
    assertThat(send(b, conversation, text("Thanks Ann!")).status()).isEqualTo(201);
  }

  @Test
  void templates_areCheckedAutomatically_reviewed_andRenderedWithTypedVariables() {
    Biz b = business("Acme Bank");
    Caller key = Caller.bearer(b.key());
    Reply undeclared = api.post(BusinessApi.BASE + "/templates", key, new JsonObject().put("name", "x")
        .put("language", "en").put("category", "utility").put("body", "Hi {{who}}, bye"));
    assertThat(undeclared.status()).isEqualTo(400);
    assertThat(undeclared.json().getString("field")).isEqualTo("/body");
    Reply shortener = api.post(BusinessApi.BASE + "/templates", key, new JsonObject().put("name", "promo")
        .put("language", "en").put("category", "marketing").put("body", "See https://bit.ly/x now"));
    assertThat(shortener.json().getString("status")).isEqualTo("rejected");
    assertThat(shortener.json().getString("reasonCode")).isEqualTo("url-shortener");
    Reply mismatch = api.post(BusinessApi.BASE + "/templates", key, new JsonObject().put("name", "sale")
        .put("language", "en").put("category", "utility").put("body", "Big sale this week only"));
    assertThat(mismatch.json().getString("reasonCode")).isEqualTo("category-mismatch");

    Reply pending = api.post(BusinessApi.BASE + "/templates", key, new JsonObject().put("name", "fraud_alert")
        .put("language", "en").put("category", "utility").put("body", "A charge of {{amount}} on {{day}} needs you")
        .put("variables", new JsonArray().add(new JsonObject().put("name", "amount").put("type", "currency"))
            .add(new JsonObject().put("name", "day").put("type", "date"))));
    String id = pending.json().getString("id");
    assertThat(api.get("/api/admin/business-templates", admin).array().stream().map(JsonObject.class::cast))
        .anyMatch(t -> t.getString("id").equals(id) && t.getString("businessName").equals("Acme Bank"));
    Reply noReason = api.post("/api/admin/business-templates/" + id + "/review", admin,
        new JsonObject().put("decision", "reject"));
    assertThat(noReason.json().getString("field")).isEqualTo("/reasonCode");
    assertThat(api.post("/api/admin/business-templates/" + id + "/review", developer,
        new JsonObject().put("decision", "approve")).status()).isEqualTo(403);
    api.post("/api/admin/business-templates/" + id + "/review", admin, new JsonObject().put("decision", "approve"));

    TestUser ben = api.signUp("Ben");
    String conversation = start(ben, b);
    optIn(ben, b, "utility");
    p.clock().advance(25 * HOUR);
    Reply wrongType = send(b, conversation, new JsonObject().put("template", new JsonObject().put("name", "fraud_alert")
        .put("variables", new JsonObject().put("amount", "lots").put("day", "2026-12-05"))));
    assertThat(wrongType.json().getString("field")).isEqualTo("/template/variables/amount");
    Reply alert = send(b, conversation, new JsonObject().put("template", new JsonObject().put("name", "fraud_alert")
        .put("variables", new JsonObject().put("amount", new JsonObject().put("amount", "49.90").put("currency", "EUR"))
            .put("day", "2026-12-05"))));
    assertThat(alert.status()).as("%s", alert).isEqualTo(201);
    assertThat(alert.json().getString("text")).contains("€49.90").contains("Dec 5, 2026");
  }

  @Test
  void caps_marketingDailyAndWeekly_unansweredInARow_andTheConversationPace() {
    Biz b = business("Shoe Shop");
    TestUser cat = api.signUp("Cat");
    String conversation = start(cat, b);
    approvedTemplate(b, "cart", "marketing", "You left {{item}} in your cart. Checkout any time.",
        new JsonArray().add(new JsonObject().put("name", "item").put("type", "text")));
    optIn(cat, b, "marketing");
    JsonObject cart = new JsonObject().put("campaign", "cart-dec").put("template", new JsonObject()
        .put("name", "cart").put("variables", new JsonObject().put("item", "red shoes")));
    assertThat(send(b, conversation, cart).status()).isEqualTo(201);
    assertThat(rule(send(b, conversation, cart))).isEqualTo("/rules/marketing-daily-cap");
    for (int day = 1; day < 4; day++) {
      p.clock().advance(24 * HOUR + 1000);
      api.send(cat, conversation, "ok " + day); // answered: the unanswered limit is not what this tests
      assertThat(send(b, conversation, cart).status()).as("day %s", day).isEqualTo(201);
    }
    p.clock().advance(24 * HOUR + 1000);
    api.send(cat, conversation, "hm");
    assertThat(rule(send(b, conversation, cart))).isEqualTo("/rules/marketing-weekly-cap");

    for (int i = 0; i < 5; i++) {
      assertThat(send(b, conversation, text("message " + i)).status()).isEqualTo(201);
    }
    assertThat(rule(send(b, conversation, text("one more")))).isEqualTo("/rules/unanswered-limit");
    api.send(cat, conversation, "stop it");

    // two sends back to back: the second waits out the pace (unless the machine took a second between them)
    Reply first = api.post(BusinessApi.BASE + "/conversations/" + conversation + "/messages", Caller.bearer(b.key()),
        text("a"));
    long afterFirst = p.clock().millis();
    Reply second = api.post(BusinessApi.BASE + "/conversations/" + conversation + "/messages", Caller.bearer(b.key()),
        text("b"));
    assertThat(first.status()).isEqualTo(201);
    if (p.clock().millis() - afterFirst < 1000) {
      assertThat(second.status()).isEqualTo(429);
      assertThat(rule(second)).isEqualTo("/rules/conversation-pace");
      assertThat(second.headers().get("Retry-After")).isEqualTo("1");
    }
  }

  @Test
  void keywords_stopAndHelp_stopTheseMessages_theLedger_andWhy() {
    Biz b = business("Sky Air");
    TestUser dan = api.signUp("Dan");
    String conversation = start(dan, b);
    approvedTemplate(b, "gate", "utility", "Your gate changed to {{gate}}. Safe travels.",
        new JsonArray().add(new JsonObject().put("name", "gate").put("type", "text")));
    optIn(dan, b, "utility");
    optIn(dan, b, "marketing");
    JsonObject gate = new JsonObject().put("template", new JsonObject().put("name", "gate")
        .put("variables", new JsonObject().put("gate", "B12")));
    String messageId = send(b, conversation, gate).json().getString("id");

    Reply why = api.get("/api/me/business-messages/" + messageId + "/why", dan);
    assertThat(why.status()).as("%s", why).isEqualTo(200);
    assertThat(why.json().getString("reason")).isEqualTo("opt_in");
    assertThat(why.json().getJsonObject("consent").getString("wording"))
        .isEqualTo("Sky Air may send me account and order updates.");
    assertThat(why.json().getJsonObject("consent").getString("place")).isEqualTo("conversation");
    TestUser eve = api.signUp("Eve");
    assertThat(api.get("/api/me/business-messages/" + messageId + "/why", eve).status()).isEqualTo(404);

    JsonArray ledger = api.get("/api/me/businesses", dan).array();
    JsonObject entry = ledger.stream().map(JsonObject.class::cast).filter(x -> x.getString("id").equals(b.id()))
        .findFirst().orElseThrow();
    assertThat(entry.getBoolean("mayWrite")).isTrue();
    assertThat(entry.getLong("messagesThisWeek")).isEqualTo(1L);

    Reply stopped = api.post("/api/me/business-messages/" + messageId + "/stop", dan, new JsonObject());
    assertThat(stopped.status()).as("%s", stopped).isEqualTo(200);
    p.clock().advance(25 * HOUR);
    assertThat(rule(send(b, conversation, gate))).isEqualTo("/rules/opted-out");

    // STOP by keyword: every category off, and Parley itself answers
    api.send(dan, conversation, "  stop ");
    JsonArray categories = awaitChoices(dan, b, "marketing", false);
    assertThat(categories.stream().map(JsonObject.class::cast).filter(c -> c.getString("category").equals("marketing"))
        .findFirst().orElseThrow().getString("place")).isEqualTo("keyword");
    api.send(dan, conversation, "HELP");
    awaitText(dan, conversation, "Send STOP to end its messages");
  }

  @Test
  void campaignCounts_hideNumbersUnder20() {
    Biz b = business("Tiny Co");
    TestUser fay = api.signUp("Fay");
    String conversation = start(fay, b);
    assertThat(send(b, conversation, text("Welcome").put("campaign", "welcome")).status()).isEqualTo(201);
    JsonArray campaigns = api.get(BusinessApi.BASE + "/campaigns", Caller.bearer(b.key())).array();
    JsonObject welcome = campaigns.getJsonObject(0);
    assertThat(welcome.getString("campaign")).isEqualTo("welcome");
    assertThat(welcome.getJsonObject("counts").getValue("sent")).isEqualTo("fewer than 20");
    assertThat(api.get("/api/businesses/" + b.id() + "/campaigns", developer).status()).isEqualTo(200);
    assertThat(api.get("/api/businesses/" + b.id() + "/campaigns", fay).status()).isIn(403, 404);
  }

  private JsonArray awaitChoices(TestUser user, Biz b, String category, boolean optedIn) {
    for (int i = 0; i < 100; i++) {
      JsonArray categories = api.get("/api/me/businesses/" + b.id() + "/consents", user).json()
          .getJsonArray("categories");
      if (categories.stream().map(JsonObject.class::cast).anyMatch(c -> c.getString("category").equals(category)
          && c.getBoolean("optedIn") == optedIn)) {
        return categories;
      }
      sleep();
    }
    throw new AssertionError(category + " never became " + optedIn);
  }

  private void awaitText(TestUser user, String conversation, String part) {
    for (int i = 0; i < 100; i++) {
      JsonArray messages = api.get("/api/conversations/" + conversation + "/messages", user).json()
          .getJsonArray("messages");
      if (messages.stream().map(JsonObject.class::cast).anyMatch(m -> m.getString("text").contains(part))) {
        return;
      }
      sleep();
    }
    throw new AssertionError("no message with " + part);
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
