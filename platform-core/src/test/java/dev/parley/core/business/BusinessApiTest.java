package dev.parley.core.business;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.Routes;
import dev.parley.core.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Businesses end to end on both databases: creation by a developer, an admin's review (with the
 * reason in the audit log), the directory of verified ones, deep links with a context, the bot's
 * voice (senderKind, the "automated" line, 4,096 characters), opaque customer ids in events and
 * history, blocking, media, and keys scoped to one business on every Business API route.
 */
class BusinessApiTest extends PlatformTestBase {

  /** A recorded event of the BusinessEvents seam. */
  record Event(String businessId, String type, JsonObject data) {
  }

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private TestUser admin;
  private TestUser developer;

  @Override
  protected void setUp() {
    p.platform().businessConversations().events((businessId, type, data) -> events.add(new Event(businessId, type,
        data.copy())));
    admin = p.admin();
    developer = p.developer("Owner");
  }

  /** A business, created and (when asked) approved; answers its owner JSON. */
  private JsonObject business(String name, boolean verify) {
    String handle = ("b" + UUID.randomUUID().toString().replace("-", "")).substring(0, 20);
    Reply created = api.post("/api/businesses", developer, new JsonObject().put("handle", handle).put("name", name)
        .put("category", "utilities").put("description", "Energy for everyone").put("privacyUrl",
            "https://example.com/privacy")
        .put("website", "https://example.com")
        .put("hours", new JsonObject().put("mon", "09:00-17:00")));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    JsonObject b = created.json();
    if (verify) {
      Reply approved = api.post("/api/admin/businesses/" + b.getString("id") + "/review", admin,
          new JsonObject().put("decision", "approve"));
      assertThat(approved.status()).as("%s", approved).isEqualTo(200);
      b = approved.json();
    }
    return b;
  }

  private String key(JsonObject business) {
    Reply reply = api.post("/api/businesses/" + business.getString("id") + "/keys", developer,
        new JsonObject().put("name", "backend"));
    assertThat(reply.status()).as("%s", reply).isEqualTo(201);
    return reply.json().getString("key");
  }

  private JsonObject start(TestUser customer, JsonObject business, String context) {
    Reply reply = api.post("/api/directory/businesses/" + business.getString("handle") + "/conversations", customer,
        context == null ? new JsonObject() : new JsonObject().put("context", context));
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.json();
  }

  private Reply botSend(String key, String conversationId, JsonObject body) {
    return api.post(BusinessApi.BASE + "/conversations/" + conversationId + "/messages", Caller.bearer(key), body);
  }

  private List<Event> eventsOf(String businessId, String type) {
    return events.stream().filter(e -> e.businessId().equals(businessId) && e.type().equals(type)).toList();
  }

  @Test
  void aDeveloperCreatesABusiness_anAdminVerifiesIt_andOnlyThenCustomersFindIt() {
    TestUser plain = api.signUp("Plain");
    assertThat(api.post("/api/businesses", plain, new JsonObject()).status()).isEqualTo(403);
    JsonObject b = business("Volt Energy", false);
    assertThat(b.getString("status")).isEqualTo("pending");
    assertThat(b.getBoolean("verified")).isFalse();
    TestUser customer = api.signUp("Customer");
    assertThat(api.get("/api/directory/businesses?q=volt", customer).array()).noneMatch(
        x -> ((JsonObject) x).getString("id").equals(b.getString("id")));
    assertThat(api.get("/api/directory/businesses/" + b.getString("handle"), customer).status()).isEqualTo(404);
    assertThat(api.get("/api/admin/businesses", admin).array()).anyMatch(
        x -> ((JsonObject) x).getString("id").equals(b.getString("id")));
    // a rejection needs a reason; an approval is audited
    Reply noReason = api.post("/api/admin/businesses/" + b.getString("id") + "/review", admin,
        new JsonObject().put("decision", "reject"));
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.json().getString("field")).isEqualTo("/reason");
    Reply approved = api.post("/api/admin/businesses/" + b.getString("id") + "/review", admin,
        new JsonObject().put("decision", "approve").put("reason", "documents checked"));
    assertThat(approved.json().getString("status")).isEqualTo("verified");
    JsonArray audit = api.get("/api/admin/audit?action=business.approve", admin).json().getJsonArray("entries");
    assertThat(audit.stream().map(JsonObject.class::cast))
        .anyMatch(e -> b.getString("id").equals(e.getString("targetId"))
            && "documents checked".equals(e.getString("reason")));
    JsonArray found = api.get("/api/directory/businesses?q=volt", customer).array();
    assertThat(found.stream().map(JsonObject.class::cast))
        .anyMatch(x -> x.getString("id").equals(b.getString("id")) && x.getBoolean("verified"));
    assertThat(found.getJsonObject(0).containsKey("ownerId")).as("the owner is not public").isFalse();
    // the bot is no person in people search
    assertThat(api.get("/api/accounts?q=volt", customer).body()).doesNotContain(b.getString("botAccountId"));
  }

  @Test
  void rejections_andSuspensions_areAudited_withTheirReason() {
    JsonObject b = business("Shady Shop", false);
    Reply rejected = api.post("/api/admin/businesses/" + b.getString("id") + "/review", admin,
        new JsonObject().put("decision", "reject").put("reason", "the website does not match the name"));
    assertThat(rejected.json().getString("status")).isEqualTo("rejected");
    assertThat(rejected.json().getString("reviewReason")).isEqualTo("the website does not match the name");
    assertThat(api.post("/api/admin/businesses/" + b.getString("id") + "/review", admin,
        new JsonObject().put("decision", "approve")).status()).isEqualTo(409);
    List<JsonObject> rows = p.sql("SELECT reason FROM audit_log WHERE action = 'business.reject' AND target_id = ?",
        b.getString("id"));
    assertThat(rows).singleElement().satisfies(r -> assertThat(r.getString("reason")).contains("does not match"));
  }

  @Test
  void badgeLikeCharacters_areRefused_inPeoplesAndBusinessesNames() {
    for (String name : List.of("Bank ✓", "Bank ✔", "Bank ☑", "Bank ✅", "Bank 🛡", "Bank ✔️", "Bank 🗸")) {
      Reply signUp = api.request(HttpMethod.POST, "/api/auth/signup", Caller.anonymous(), new JsonObject()
          .put("username", api.uniqueName("fake")).put("displayName", name).put("password", ApiClient.PASSWORD)
          .toBuffer(), "application/json");
      assertThat(signUp.status()).as(name).isEqualTo(400);
      assertThat(signUp.json().getString("field")).isEqualTo("/displayName");
      Reply business = api.post("/api/businesses", developer, new JsonObject().put("handle", api.uniqueName("fk"))
          .put("name", name).put("category", "finance").put("privacyUrl", "https://example.com/p"));
      assertThat(business.status()).as(name).isEqualTo(400);
      assertThat(business.json().getString("field")).isEqualTo("/name");
    }
  }

  @Test
  void hostileProfiles_areRefused_naming_theField() {
    JsonObject base = new JsonObject().put("handle", api.uniqueName("h")).put("name", "Fine").put("category",
        "retail").put("privacyUrl", "https://example.com/p");
    Map<String, JsonObject> cases = Map.of(
        "/handle", base.copy().put("handle", "Bad Handle!"),
        "/category", base.copy().put("category", "casino"),
        "/privacyUrl", base.copy().put("privacyUrl", "javascript:alert(1)"),
        "/website", base.copy().put("website", "ftp://example.com"),
        "/hours/xyz", base.copy().put("hours", new JsonObject().put("xyz", "always")),
        "/owner", base.copy().put("owner", "me"),
        "/logoAttachmentId", base.copy().put("logoAttachmentId", "abcdefghijklmnopqrst"));
    cases.forEach((field, body) -> {
      Reply reply = api.post("/api/businesses", developer, body);
      assertThat(reply.status()).as(field).isEqualTo(400);
      assertThat(reply.json().getString("field")).as("%s", reply).isEqualTo(field);
    });
    JsonObject b = business("Taken", false);
    Reply taken = api.post("/api/businesses", developer, base.copy().put("handle", b.getString("handle")));
    assertThat(taken.status()).isEqualTo(409);
  }

  @Test
  void aDeepLink_opensTheConversation_andHandsTheContextToTheBusiness_byOpaqueId() {
    JsonObject b = business("Metro Power", true);
    TestUser customer = api.signUp("Reader");
    JsonObject started = start(customer, b, "meter-reading_42");
    String conversationId = started.getJsonObject("conversation").getString("id");
    assertThat(started.getJsonObject("business").getBoolean("verified")).isTrue();
    Event event = eventsOf(b.getString("id"), "conversation.started").getLast();
    assertThat(event.data().getString("context")).isEqualTo("meter-reading_42");
    assertThat(event.data().getString("conversationId")).isEqualTo(conversationId);
    String opaque = event.data().getJsonObject("customer").getString("id");
    assertThat(opaque).startsWith("cus_").doesNotContain(customer.id());
    assertThat(event.data().encode()).doesNotContain(customer.id(), customer.username());
    // a bad context is refused
    Reply bad = api.post("/api/directory/businesses/" + b.getString("handle") + "/conversations", customer,
        new JsonObject().put("context", "<script>"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getString("field")).isEqualTo("/context");
  }

  @Test
  void theBotSpeaks_asABot_itsFirstMessageSaysItIsAutomated_andCustomersMessagesReachTheBusinessByOpaqueId() {
    JsonObject b = business("Sky Air", true);
    String key = key(b);
    TestUser customer = api.signUp("Traveller");
    String conversationId = start(customer, b, "flight-ab12").getJsonObject("conversation").getString("id");

    Reply sent = botSend(key, conversationId, new JsonObject().put("text", "Your flight is overbooked."));
    assertThat(sent.status()).as("%s", sent).isEqualTo(201);
    assertThat(sent.json().getString("senderKind")).isEqualTo("bot");
    assertThat(botSend(key, conversationId, new JsonObject().put("text", "Choose another flight?")).status())
        .isEqualTo(201);
    JsonArray history = api.get("/api/conversations/" + conversationId + "/messages?after=0", customer).json()
        .getJsonArray("messages");
    List<JsonObject> list = history.stream().map(JsonObject.class::cast).toList();
    assertThat(list).extracting(m -> m.getString("senderKind")).containsExactly("system", "bot", "bot");
    assertThat(list.get(0).getString("text")).contains("automated");
    assertThat(list.get(1).getJsonObject("business").getString("handle")).isEqualTo(b.getString("handle"));

    // search results say who wrote a hit, too
    Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> api.get("/api/search?q=overbooked", customer).json()
        .getJsonArray("messages").stream().map(JsonObject.class::cast)
        .anyMatch(
            h -> conversationId.equals(h.getString("conversationId")) && "bot".equals(h.getString("senderKind"))));

    // 4,096 characters for a bot, not one more
    assertThat(botSend(key, conversationId, new JsonObject().put("text", "x".repeat(4096))).status()).isEqualTo(201);
    Reply tooLong = botSend(key, conversationId, new JsonObject().put("text", "x".repeat(4097)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().getString("field")).isEqualTo("/text");

    // the customer answers: message.received, by opaque id only
    JsonObject answer = api.send(customer, conversationId, "I'll take the later one");
    assertThat(answer.getString("senderKind")).isEqualTo("person");
    Awaitility.await().atMost(20, TimeUnit.SECONDS)
        .until(() -> !eventsOf(b.getString("id"), "message.received").isEmpty());
    Event received = eventsOf(b.getString("id"), "message.received").getLast();
    assertThat(received.data().getJsonObject("message").getString("text")).isEqualTo("I'll take the later one");
    assertThat(received.data().getJsonObject("message").getString("from")).isEqualTo("customer");
    assertThat(received.data().encode()).doesNotContain(customer.id(), customer.username(), customer.displayName());

    // the business's history: customers by opaque id, never account ids
    JsonObject seen = api.get(BusinessApi.BASE + "/conversations/" + conversationId + "/messages?after=0",
        Caller.bearer(key)).json();
    assertThat(seen.encode()).doesNotContain(customer.id(), customer.username());
    String opaque = received.data().getJsonObject("customer").getString("id");
    assertThat(seen.getJsonArray("messages").stream().map(JsonObject.class::cast)
        .filter(m -> "customer".equals(m.getString("from"))))
        .allMatch(m -> opaque.equals(m.getJsonObject("customer").getString("id")));

    // shared by the customer: then the business learns the name and username
    assertThat(api.request(HttpMethod.PUT, "/api/directory/businesses/" + b.getString("handle") + "/share", customer,
        null, null).status()).isEqualTo(204);
    JsonObject shared = api.get(BusinessApi.BASE + "/conversations/" + conversationId + "/messages?after=0",
        Caller.bearer(key)).json();
    assertThat(shared.encode()).contains(customer.username()).doesNotContain(customer.id());

    // read and typing
    long lastSeq = answer.getLong("seq");
    assertThat(api.post(BusinessApi.BASE + "/conversations/" + conversationId + "/read", Caller.bearer(key),
        new JsonObject().put("seq", lastSeq)).status()).isEqualTo(204);
    assertThat(api.post(BusinessApi.BASE + "/conversations/" + conversationId + "/typing", Caller.bearer(key),
        new JsonObject().put("typing", true)).status()).isEqualTo(204);
    long thanks = botSend(key, conversationId, new JsonObject().put("text", "Done.")).json().getLong("seq");
    assertThat(api.post("/api/conversations/" + conversationId + "/read", customer,
        new JsonObject().put("seq", thanks)).status()).isEqualTo(204);
    Awaitility.await().atMost(20, TimeUnit.SECONDS)
        .until(() -> eventsOf(b.getString("id"), "message.status").stream()
            .anyMatch(e -> "read".equals(e.data().getString("status")) && e.data().getLong("seq") == thanks));
  }

  @Test
  void aPerson_cannotPostAsABot_andABot_cannotSignIn() {
    JsonObject b = business("Honest Bank", true);
    TestUser customer = api.signUp("Person");
    String conversationId = start(customer, b, null).getJsonObject("conversation").getString("id");
    Reply fake = api.post("/api/conversations/" + conversationId + "/messages", customer,
        new JsonObject().put("clientId", "c1").put("text", "I am the bank").put("senderKind", "bot"));
    assertThat(fake.status()).isEqualTo(400);
    assertThat(fake.json().getString("field")).isEqualTo("/senderKind");
    Reply signIn = api.request(HttpMethod.POST, "/api/auth/signin", Caller.anonymous(), new JsonObject()
        .put("username", "bot-" + b.getString("handle")).put("password", "!").toBuffer(), "application/json");
    assertThat(signIn.status()).isEqualTo(401);
    // the bot's messages are the bot's even if the row's extras were tampered with
    String key = key(b);
    String id = botSend(key, conversationId, new JsonObject().put("text", "hello")).json().getString("id");
    p.sql("UPDATE messages SET extras = NULL WHERE id = ?", id);
    JsonArray messages = api.get("/api/conversations/" + conversationId + "/messages?after=0", customer).json()
        .getJsonArray("messages");
    assertThat(messages.stream().map(JsonObject.class::cast).filter(m -> id.equals(m.getString("id"))))
        .singleElement().satisfies(m -> assertThat(m.getString("senderKind")).isEqualTo("bot"));
  }

  @Test
  void blockingABusiness_stopsTheConversation_andTellsItOnlyBlocked() {
    JsonObject b = business("Pushy Shop", true);
    String key = key(b);
    TestUser customer = api.signUp("Annoyed");
    String conversationId = start(customer, b, null).getJsonObject("conversation").getString("id");
    assertThat(botSend(key, conversationId, new JsonObject().put("text", "Buy now!")).status()).isEqualTo(201);
    assertThat(api.request(HttpMethod.PUT, "/api/directory/businesses/" + b.getString("handle") + "/block", customer,
        null, null).status()).isEqualTo(204);
    Event blocked = eventsOf(b.getString("id"), "conversation.blocked").getLast();
    assertThat(blocked.data().fieldNames()).containsExactly("customer");
    assertThat(blocked.data().encode()).doesNotContain(customer.id(), customer.username());
    Reply refused = botSend(key, conversationId, new JsonObject().put("text", "Still there?"));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(api.get("/api/directory/businesses/" + b.getString("handle"), customer).json().getBoolean("blocked"))
        .isTrue();
    assertThat(api.post("/api/directory/businesses/" + b.getString("handle") + "/conversations", customer,
        new JsonObject()).status()).isEqualTo(409);
    assertThat(api.delete("/api/directory/businesses/" + b.getString("handle") + "/block", customer).status())
        .isEqualTo(204);
    assertThat(botSend(key, conversationId, new JsonObject().put("text", "Welcome back")).status()).isEqualTo(201);
  }

  @Test
  void media_isUploadedThroughTheAttachmentsPipeline_andSentWithACaption() throws Exception {
    JsonObject b = business("Photo Lab", true);
    String key = key(b);
    TestUser customer = api.signUp("Snapper");
    String conversationId = start(customer, b, null).getJsonObject("conversation").getString("id");
    Reply uploaded = api.request(HttpMethod.POST, BusinessApi.BASE + "/media?name=receipt.png", Caller.bearer(key),
        Buffer.buffer(png()), "image/png");
    assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
    String attachmentId = uploaded.json().getString("id");
    assertThat(uploaded.json().getString("kind")).isEqualTo("image");
    Reply sent = botSend(key, conversationId, new JsonObject().put("text", "Your receipt")
        .put("attachmentIds", new JsonArray().add(attachmentId)));
    assertThat(sent.status()).as("%s", sent).isEqualTo(201);
    assertThat(sent.json().getJsonArray("attachments").getJsonObject(0).getString("id")).isEqualTo(attachmentId);
    JsonObject last = api.get("/api/conversations/" + conversationId + "/messages", customer).json()
        .getJsonArray("messages").getJsonObject(0);
    assertThat(last.getString("text")).isEqualTo("Your receipt");
    assertThat(last.getJsonArray("attachments").getJsonObject(0).getString("id")).isEqualTo(attachmentId);
    assertThat(api.post(BusinessApi.BASE + "/media/" + attachmentId + "/link", Caller.bearer(key), new JsonObject())
        .json().getString("url")).contains(attachmentId);
    Reply notAFile = api.request(HttpMethod.POST, BusinessApi.BASE + "/media?name=a%2Fb.png", Caller.bearer(key),
        Buffer.buffer(png()), "image/png");
    assertThat(notAFile.status()).isEqualTo(400);
  }

  @Test
  void keys_areShownOnce_hashedAtRest_andRevocable() {
    JsonObject b = business("Key Keeper", true);
    String key = key(b);
    JsonArray listed = api.get("/api/businesses/" + b.getString("id") + "/keys", developer).array();
    assertThat(listed.encode()).doesNotContain(key);
    assertThat(p.sql("SELECT key_hash FROM business_api_keys WHERE business_id = ?", b.getString("id")).toString())
        .doesNotContain(key);
    assertThat(api.get(BusinessApi.BASE + "/business", Caller.bearer(key)).json().getString("id"))
        .isEqualTo(b.getString("id"));
    String keyId = listed.getJsonObject(0).getString("id");
    TestUser otherDeveloper = p.developer("Other");
    assertThat(api.delete("/api/businesses/" + b.getString("id") + "/keys/" + keyId, otherDeveloper).status())
        .isEqualTo(404);
    assertThat(api.delete("/api/businesses/" + b.getString("id") + "/keys/" + keyId, developer).status())
        .isEqualTo(204);
    assertThat(api.get(BusinessApi.BASE + "/business", Caller.bearer(key)).status()).isEqualTo(401);
    assertThat(api.get(BusinessApi.BASE + "/business", Caller.anonymous()).status()).isEqualTo(401);
  }

  @Test
  void aVerifiedBusinessThatChangesItsName_goesBackToReview_andItsHandleStays() {
    JsonObject b = business("Renamed Ltd", true);
    Reply renamed = api.patch("/api/businesses/" + b.getString("id"), developer,
        new JsonObject().put("name", "Totally Different Bank"));
    assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);
    assertThat(renamed.json().getString("status")).isEqualTo("pending");
    assertThat(renamed.json().getBoolean("verified")).isFalse();
    TestUser customer = api.signUp("Looker");
    assertThat(api.get("/api/directory/businesses/" + b.getString("handle"), customer).status()).isEqualTo(404);
    Reply handle = api.patch("/api/businesses/" + b.getString("id"), developer,
        new JsonObject().put("handle", "another_handle"));
    assertThat(handle.status()).isEqualTo(400);
    assertThat(handle.json().getString("field")).isEqualTo("/handle");
    Reply described = api.patch("/api/businesses/" + b.getString("id"), developer,
        new JsonObject().put("description", "Still us"));
    assertThat(described.json().getString("description")).isEqualTo("Still us");
  }

  /** Every route of the Business API, called with business B's key on business A's things: never allowed. */
  @Test
  void aKeyOfBusinessB_cannotTouchBusinessA_onAnyRoute() throws Exception {
    JsonObject a = business("Alpha Co", true);
    JsonObject b = business("Beta Co", true);
    String keyA = key(a);
    String keyB = key(b);
    TestUser customer = api.signUp("Shared");
    String conversationA = start(customer, a, null).getJsonObject("conversation").getString("id");
    start(customer, b, null);
    assertThat(botSend(keyA, conversationA, new JsonObject().put("text", "from A")).status()).isEqualTo(201);
    String attachmentA = api.request(HttpMethod.POST, BusinessApi.BASE + "/media?name=a.png", Caller.bearer(keyA),
        Buffer.buffer(png()), "image/png").json().getString("id");

    Map<String, Reply> asB = new java.util.LinkedHashMap<>();
    String conv = BusinessApi.BASE + "/conversations/" + conversationA;
    asB.put("GET /api/business/v1/business", api.get(BusinessApi.BASE + "/business", Caller.bearer(keyB)));
    asB.put("POST /api/business/v1/conversations/:conversationId/messages",
        api.post(conv + "/messages", Caller.bearer(keyB), new JsonObject().put("text", "from B")));
    asB.put("GET /api/business/v1/conversations/:conversationId/messages",
        api.get(conv + "/messages", Caller.bearer(keyB)));
    asB.put("POST /api/business/v1/conversations/:conversationId/read",
        api.post(conv + "/read", Caller.bearer(keyB), new JsonObject().put("seq", 1)));
    asB.put("POST /api/business/v1/conversations/:conversationId/typing",
        api.post(conv + "/typing", Caller.bearer(keyB), new JsonObject().put("typing", true)));
    asB.put("POST /api/business/v1/media/:attachmentId/link",
        api.post(BusinessApi.BASE + "/media/" + attachmentA + "/link", Caller.bearer(keyB), new JsonObject()));
    Reply uploadB = api.request(HttpMethod.POST, BusinessApi.BASE + "/media?name=b.png", Caller.bearer(keyB),
        Buffer.buffer(png()), "image/png");
    asB.put("POST /api/business/v1/media", uploadB);
    // templates and campaign counts (consent and pacing): B sees and deletes only its own
    String templateA = api.post(BusinessApi.BASE + "/templates", Caller.bearer(keyA), new JsonObject()
        .put("name", "hello_a").put("language", "en").put("category", "utility").put("body", "Hello from A"))
        .json().getString("id");
    asB.put("GET /api/business/v1/templates", api.get(BusinessApi.BASE + "/templates", Caller.bearer(keyB)));
    asB.put("POST /api/business/v1/templates", api.post(BusinessApi.BASE + "/templates", Caller.bearer(keyB),
        new JsonObject().put("name", "hello_a").put("language", "en").put("category", "utility")
            .put("body", "Hello from B")));
    asB.put("DELETE /api/business/v1/templates/:templateId", api.delete(BusinessApi.BASE + "/templates/"
        + templateA, Caller.bearer(keyB)));
    asB.put("GET /api/business/v1/campaigns", api.get(BusinessApi.BASE + "/campaigns", Caller.bearer(keyB)));
    // customer care's handover (issue 22): another business's conversation is not found
    asB.put("GET /api/business/v1/conversations/:conversationId/handover",
        api.get(conv + "/handover", Caller.bearer(keyB)));
    asB.put("POST /api/business/v1/conversations/:conversationId/handover",
        api.post(conv + "/handover", Caller.bearer(keyB), new JsonObject().put("action", "offer")));
    assertThat(asB.get("GET /api/business/v1/templates").array()).noneMatch(t -> ((JsonObject) t).getString("id")
        .equals(templateA));
    assertThat(asB.get("POST /api/business/v1/templates").status()).as("B's own, the same name is no clash")
        .isEqualTo(201);
    assertThat(asB.get("DELETE /api/business/v1/templates/:templateId").status()).isEqualTo(404);
    assertThat(api.get(BusinessApi.BASE + "/templates", Caller.bearer(keyA)).array()).hasSize(1);

    // every route of the router under the base is in this test
    List<String> routes = new ArrayList<>(Routes.of(p.platform().router()).stream()
        .filter(r -> r.contains(BusinessApi.BASE) && !r.startsWith("ANY ") && !r.endsWith("/openapi.yaml"))
        .filter(r -> !r.contains("/webhooks")) // WebhooksTest calls each webhook route with another business's key
        .distinct().toList());
    assertThat(asB.keySet()).containsExactlyInAnyOrderElementsOf(routes);

    assertThat(asB.get("GET /api/business/v1/business").json().getString("id")).isEqualTo(b.getString("id"));
    for (String route : List.of("POST /api/business/v1/conversations/:conversationId/messages",
        "GET /api/business/v1/conversations/:conversationId/messages",
        "POST /api/business/v1/conversations/:conversationId/read",
        "POST /api/business/v1/conversations/:conversationId/typing",
        "GET /api/business/v1/conversations/:conversationId/handover",
        "POST /api/business/v1/conversations/:conversationId/handover",
        "POST /api/business/v1/media/:attachmentId/link")) {
      Reply reply = asB.get(route);
      assertThat(reply.status()).as("%s: %s", route, reply).isEqualTo(404);
      assertThat(reply.body()).doesNotContain("from A", conversationA.substring(0, 0) + a.getString("name"));
    }
    // B's upload is B's: A cannot send or link it
    String attachmentB = uploadB.json().getString("id");
    assertThat(botSend(keyA, conversationA, new JsonObject().put("text", "x")
        .put("attachmentIds", new JsonArray().add(attachmentB))).status()).isEqualTo(400);
    assertThat(api.post(BusinessApi.BASE + "/media/" + attachmentB + "/link", Caller.bearer(keyA), new JsonObject())
        .status()).isEqualTo(404);
    assertThat(p.sql("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND body = 'from B'",
        conversationA).get(0).getLong("n")).isZero();
    // and an owner's session routes: another developer sees none of A
    TestUser other = p.developer("Stranger");
    assertThat(api.get("/api/businesses/" + a.getString("id"), other).status()).isEqualTo(404);
    assertThat(api.get("/api/businesses/" + a.getString("id") + "/keys", other).status()).isEqualTo(404);
    assertThat(api.post("/api/businesses/" + a.getString("id") + "/keys", other, new JsonObject().put("name", "x"))
        .status()).isEqualTo(404);
    assertThat(api.patch("/api/businesses/" + a.getString("id"), other, new JsonObject().put("name", "Mine"))
        .status()).isEqualTo(404);
  }

  /** Like the registry's contract test: every route of the API is an operation of its document, and the reverse. */
  @Test
  void theOpenApiDocument_describesEveryRoute_andWhatTheyAnswer() throws Exception {
    Reply served = api.get(BusinessApi.BASE + "/openapi.yaml", Caller.anonymous());
    assertThat(served.status()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    JsonObject document = new JsonObject(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
        .readValue(served.body(), Map.class));
    java.util.Set<String> documented = new java.util.TreeSet<>();
    document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).fieldNames().stream()
        .filter(m -> List.of("get", "post", "put", "patch", "delete").contains(m))
        .forEach(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
    java.util.Set<String> routed = new java.util.TreeSet<>();
    for (String route : Routes.of(p.platform().router())) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      if (path.startsWith(BusinessApi.BASE + "/") && !method.equals("ANY")) {
        routed.add(method + " " + path.substring(BusinessApi.BASE.length()).replaceAll(":([A-Za-z]+)", "{$1}"));
      }
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(routed);
    // and a real answer has what the document's Message requires
    JsonObject b = business("Contract Co", true);
    String key = key(b);
    String conversationId = start(api.signUp("Contract"), b, null).getJsonObject("conversation").getString("id");
    JsonObject message = botSend(key, conversationId, new JsonObject().put("text", "hi")).json();
    JsonObject schema = document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Message");
    assertThat(message.fieldNames()).containsAll(schema.getJsonArray("required").getList());
    assertThat(schema.getJsonObject("properties").fieldNames()).containsAll(message.fieldNames());
  }

  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 1, 0xff0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
