package dev.parley.core.business.care;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Caller;
import dev.parley.core.LiveClient;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import dev.parley.core.business.BusinessApi;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Customer care end to end on H2 and PostgreSQL: the handover from the bot to an agent and back,
 * every illegal transition refused, assignment under concurrent arrivals within caps, the honest
 * out-of-hours line, SLA timers on the injected clock, CSAT once per episode, live events to the
 * inbox, webhook events and the audit log.
 */
class CareTest extends PlatformTestBase {

  record Event(String businessId, String type, JsonObject data) {
  }

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private TestUser admin;
  private TestUser owner;

  @Override
  protected void setUp() {
    p.platform().care().events((businessId, type, data) -> events.add(new Event(businessId, type, data.copy())));
    admin = p.admin();
    owner = p.developer("Owner");
  }

  /** A verified business of {@code owner}, with its key. */
  private Biz business(String name) {
    String handle = ("c" + UUID.randomUUID().toString().replace("-", "")).substring(0, 20);
    Reply created = api.post("/api/businesses", owner, new JsonObject().put("handle", handle).put("name", name)
        .put("category", "utilities").put("privacyUrl", "https://example.com/privacy"));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(api.post("/api/admin/businesses/" + id + "/review", admin, new JsonObject().put("decision", "approve"))
        .status()).isEqualTo(200);
    String key = api.post("/api/businesses/" + id + "/keys", owner, new JsonObject().put("name", "bot")).json()
        .getString("key");
    return new Biz(id, handle, name, key);
  }

  record Biz(String id, String handle, String name, String key) {
    String base() {
      return "/api/care/businesses/" + id;
    }
  }

  private String conversation(TestUser customer, Biz b) {
    Reply reply = api.post("/api/directory/businesses/" + b.handle() + "/conversations", customer, new JsonObject());
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.json().getJsonObject("conversation").getString("id");
  }

  private TestUser agent(Biz b, String name, int maxOpen) {
    TestUser user = api.signUp(name);
    Reply added = api.post(b.base() + "/agents", owner, new JsonObject().put("username", user.username())
        .put("role", "agent").put("maxOpen", maxOpen));
    assertThat(added.status()).as("%s", added).isEqualTo(201);
    return user;
  }

  private Reply handover(Biz b, String conversationId, String action) {
    return api.post(BusinessApi.BASE + "/conversations/" + conversationId + "/handover", Caller.bearer(b.key()),
        new JsonObject().put("action", action));
  }

  private Reply act(Biz b, TestUser who, String conversationId, String action) {
    return api.post(b.base() + "/conversations/" + conversationId + "/" + action, who, new JsonObject());
  }

  private String state(Biz b, String conversationId) {
    return api.get(BusinessApi.BASE + "/conversations/" + conversationId + "/handover", Caller.bearer(b.key())).json()
        .getString("state");
  }

  private List<JsonObject> history(TestUser customer, String conversationId) {
    JsonArray messages = api.get("/api/conversations/" + conversationId + "/messages?limit=100", customer).json()
        .getJsonArray("messages");
    List<JsonObject> out = new ArrayList<>();
    messages.forEach(m -> out.add((JsonObject) m));
    return out;
  }

  private static void assertProblem(Reply reply, String type) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(409);
    assertThat(reply.json().getString("type")).as("%s", reply).isEqualTo("https://parley.dev/problems/" + type);
  }

  @Test
  void aCustomerAsksForAPerson_anAgentTakesRepliesAndResolves_andTheCustomerRatesOnce() {
    Biz b = business("Acme Energy");
    TestUser dana = agent(b, "Dana", 3);
    TestUser customer = api.signUp("Customer");
    String conv = conversation(customer, b);
    assertThat(api.post(BusinessApi.BASE + "/conversations/" + conv + "/messages", Caller.bearer(b.key()),
        new JsonObject().put("text", "Hi, I am the bot")).status()).isEqualTo(201);
    assertThat(api.get("/api/care/inboxes", dana).array()).anyMatch(i -> ((JsonObject) i).getJsonObject("business")
        .getString("id").equals(b.id()));
    LiveClient live = api.live(dana);

    // the customer types AGENT: queued and assigned to Dana (the only available agent)
    api.send(customer, conv, "AGENT");
    Awaitility.await().until(() -> "waiting_for_agent".equals(state(b, conv)));
    Awaitility.await().until(() -> api.get(b.base() + "/conversations/" + conv, dana).json()
        .getJsonObject("assignee") != null);
    JsonObject item = api.get(b.base() + "/conversations?assignee=me", dana).json().getJsonArray("conversations")
        .getJsonObject(0);
    assertThat(item.getString("conversationId")).isEqualTo(conv);
    assertThat(item.getString("status")).isEqualTo("open");
    assertThat(item.getJsonObject("customer").getString("id")).startsWith("cus_");
    assertThat(live.next("care.conversation").getString("businessId")).isEqualTo(b.id());

    // Dana takes it: "Dana from Acme Energy joined", agent.joined, and the bot must stop
    Reply taken = act(b, dana, conv, "take");
    assertThat(taken.status()).as("%s", taken).isEqualTo(200);
    assertThat(taken.json().getString("state")).isEqualTo("agent");
    Awaitility.await().until(() -> history(customer, conv).stream().anyMatch(m -> m.getString("text")
        .equals("Dana from Acme Energy joined")));
    assertThat(events).anyMatch(e -> e.type().equals("agent.joined") && e.data().getString("conversationId")
        .equals(conv) && e.data().getJsonObject("agent").getString("name").equals("Dana"));
    assertProblem(api.post(BusinessApi.BASE + "/conversations/" + conv + "/messages", Caller.bearer(b.key()),
        new JsonObject().put("text", "bot still talking")), "care-agent-holds");
    assertThat(api.get(BusinessApi.BASE + "/conversations/" + conv + "/handover", Caller.bearer(b.key())).json()
        .getJsonObject("assignee").getString("name")).isEqualTo("Dana");

    // a customer's message reaches Dana's live inbox
    api.send(customer, conv, "My meter reads 12345");
    Awaitility.await().until(() -> {
      JsonObject frame = live.next("care.message");
      return "My meter reads 12345".equals(frame.getJsonObject("message").getString("text"))
          && "customer".equals(frame.getJsonObject("message").getString("from"));
    });

    // a canned reply with variables, sent as Dana: the customer sees it as a person's, labelled with the business
    String canned = api.post(b.base() + "/canned-replies", owner, new JsonObject().put("shortcut", "thanks")
        .put("text", "Thanks, I am {{agent.name}} from {{business.name}}.")).json().getString("id");
    assertThat(api.post(b.base() + "/canned-replies/" + canned + "/render", dana, new JsonObject()
        .put("conversationId", conv)).json().getString("text")).isEqualTo("Thanks, I am Dana from Acme Energy.");
    Reply sent = api.post(b.base() + "/conversations/" + conv + "/messages", dana, new JsonObject()
        .put("cannedReplyId", canned));
    assertThat(sent.status()).as("%s", sent).isEqualTo(201);
    JsonObject reply = history(customer, conv).stream().filter(m -> m.getString("text")
        .equals("Thanks, I am Dana from Acme Energy.")).findFirst().orElseThrow();
    assertThat(reply.getString("senderKind")).isEqualTo("person");
    assertThat(reply.getJsonObject("agent").getString("name")).isEqualTo("Dana");
    assertThat(reply.getJsonObject("business").getString("handle")).isEqualTo(b.handle());

    // a private note: in the inbox, never in the customer's conversation
    assertThat(api.post(b.base() + "/conversations/" + conv + "/notes", dana, new JsonObject()
        .put("text", "customer is nice")).status()).isEqualTo(201);
    JsonArray items = api.get(b.base() + "/conversations/" + conv + "/messages", dana).json().getJsonArray("items");
    assertThat(items.stream().map(JsonObject.class::cast)).anyMatch(i -> "note".equals(i.getString("kind")));
    assertThat(items.stream().map(JsonObject.class::cast)).anyMatch(i -> "agent".equals(i.getString("from")));
    assertThat(history(customer, conv)).noneMatch(m -> m.getString("text").contains("customer is nice"));

    // labels
    Reply labelled = api.request(HttpMethod.PUT, b.base() + "/conversations/" + conv + "/labels", dana,
        Buffer.buffer("{\"labels\":[\"meter\",\"billing\"]}"), "application/json");
    assertThat(labelled.status()).as("%s", labelled).isEqualTo(200);
    assertThat(api.get(b.base() + "/conversations?label=meter", dana).json().getJsonArray("conversations"))
        .hasSize(1);

    // resolved: the rating request; the customer rates once
    assertThat(api.post("/api/conversations/" + conv + "/rating", customer, new JsonObject().put("score", 5)))
        .satisfies(r -> assertProblem(r, "care-rating-closed"));
    assertThat(act(b, dana, conv, "resolve").json().getString("state")).isEqualTo("resolved");
    Awaitility.await().until(() -> history(customer, conv).stream().anyMatch(m -> m.getValue("careRating") != null));
    Reply rated = api.post("/api/conversations/" + conv + "/rating", customer, new JsonObject().put("score", 4)
        .put("comment", "quick"));
    assertThat(rated.status()).as("%s", rated).isEqualTo(201);
    assertProblem(api.post("/api/conversations/" + conv + "/rating", customer, new JsonObject().put("score", 1)),
        "care-already-rated");
    TestUser stranger = api.signUp("Stranger");
    assertThat(api.post("/api/conversations/" + conv + "/rating", stranger, new JsonObject().put("score", 1))
        .status()).isEqualTo(404);
    assertThat(events).anyMatch(e -> e.type().equals("agent.left") && e.data().getString("conversationId")
        .equals(conv));

    // the report and the audit log
    JsonObject report = api.get(b.base() + "/reports?groupBy=agent", owner).json();
    JsonObject row = report.getJsonArray("rows").stream().map(JsonObject.class::cast)
        .filter(r -> dana.id().equals(r.getString("agentId"))).findFirst().orElseThrow();
    assertThat(row.getLong("conversations")).isEqualTo(1);
    assertThat(row.getLong("resolved")).isEqualTo(1);
    assertThat(row.getLong("csatCount")).isEqualTo(1);
    assertThat(row.getDouble("csatAverage")).isEqualTo(4.0);
    assertThat(p.sql("SELECT action FROM audit_log WHERE target_id = ? ORDER BY at", conv).stream()
        .map(r -> r.getString("action")).toList()).contains("care.handover", "care.assigned", "care.taken",
            "care.note", "care.resolved");

    // the customer writes again: back to the bot, which may answer again
    api.send(customer, conv, "one more thing");
    Awaitility.await().until(() -> "bot".equals(state(b, conv)));
    assertThat(api.post(BusinessApi.BASE + "/conversations/" + conv + "/messages", Caller.bearer(b.key()),
        new JsonObject().put("text", "The bot again")).status()).isEqualTo(201);
    // a stranger sees no inbox
    assertThat(api.get(b.base() + "/conversations", stranger).status()).isEqualTo(404);
    assertThat(api.post(b.base() + "/agents", stranger, new JsonObject()).status()).isEqualTo(404);
    assertThat(api.post(b.base() + "/teams", dana, new JsonObject().put("name", "x")).status()).isEqualTo(403);
    live.close();
  }

  @Test
  void everyIllegalHandoverTransition_isRefused() {
    Biz b = business("Strict Co");
    TestUser dana = agent(b, "Dana", 5);
    TestUser customer = api.signUp("Customer");
    String conv = conversation(customer, b);
    api.send(customer, conv, "hello");
    Awaitility.await().until(() -> state(b, conv).equals("bot"));
    // bot: no release, resolve, reopen; the bot cannot take back what it has
    for (String action : List.of("release", "resolve", "reopen")) {
      assertProblem(act(b, dana, conv, action), "care-transition");
    }
    assertProblem(handover(b, conv, "take_back"), "care-transition");
    assertProblem(api.post(b.base() + "/conversations/" + conv + "/assign", owner, new JsonObject()
        .put("agentId", dana.id())), "care-transition");
    // bot → waiting (offered); waiting: no resolve, release, reopen, no second offer
    assertThat(handover(b, conv, "offer").json().getString("state")).isEqualTo("waiting_for_agent");
    for (String action : List.of("release", "resolve", "reopen")) {
      assertProblem(act(b, dana, conv, action), "care-transition");
    }
    assertProblem(handover(b, conv, "offer"), "care-transition");
    assertProblem(handover(b, conv, "request_agent"), "care-transition");
    // waiting → bot (taken back), then → waiting → agent
    assertThat(handover(b, conv, "take_back").json().getString("state")).isEqualTo("bot");
    assertThat(api.get(b.base() + "/agents", owner).array().getJsonObject(0).getInteger("open")).isZero();
    handover(b, conv, "request_agent");
    assertThat(act(b, dana, conv, "take").json().getString("state")).isEqualTo("agent");
    // agent: no offer, no reopen; take_back refused while the agent holds it
    assertProblem(handover(b, conv, "offer"), "care-transition");
    assertProblem(handover(b, conv, "take_back"), "care-agent-holds");
    assertProblem(act(b, dana, conv, "reopen"), "care-transition");
    assertProblem(api.post(b.base() + "/conversations/" + conv + "/assign", owner, new JsonObject()
        .putNull("agentId")), "care-transition");
    // agent → resolved; resolved: no release, resolve, take, offer
    assertThat(act(b, dana, conv, "resolve").json().getString("state")).isEqualTo("resolved");
    for (String action : List.of("release", "resolve")) {
      assertProblem(act(b, dana, conv, action), "care-transition");
    }
    assertProblem(handover(b, conv, "offer"), "care-transition");
    assertProblem(api.post(b.base() + "/conversations/" + conv + "/messages", dana, new JsonObject()
        .put("text", "after the end")), "care-transition");
    // resolved → bot → … → agent by reopening; agent → bot by releasing (agent.left)
    assertThat(act(b, dana, conv, "reopen").json().getString("state")).isEqualTo("agent");
    assertThat(act(b, dana, conv, "release").json().getString("state")).isEqualTo("bot");
    assertThat(api.get(b.base() + "/agents", owner).array().getJsonObject(0).getInteger("open")).isZero();
    assertThat(Handover.allowed("bot", "agent")).isFalse();
    assertThat(Handover.allowed("waiting_for_agent", "resolved")).isFalse();
    assertThat(Handover.allowed("resolved", "agent")).isFalse();
    for (String from : Handover.STATES) {
      for (String to : Handover.STATES) {
        boolean legal = switch (from + ">" + to) {
          case "bot>waiting_for_agent", "waiting_for_agent>agent", "waiting_for_agent>bot", "agent>resolved",
              "agent>bot", "resolved>bot" ->
            true;
          default -> false;
        };
        assertThat(Handover.allowed(from, to)).as("%s → %s", from, to).isEqualTo(legal);
      }
    }
  }

  @Test
  void concurrentArrivals_areAssignedOnce_andNoAgentGoesOverTheCap() {
    Biz b = business("Busy Bank");
    List<TestUser> agents = List.of(agent(b, "Ann", 2), agent(b, "Ben", 3), agent(b, "Cat", 4));
    int arrivals = 14;
    List<String> conversations = new ArrayList<>();
    for (int i = 0; i < arrivals; i++) {
      conversations.add(conversation(api.signUp("C" + i), b));
    }
    List<Future<Reply>> offers = new ArrayList<>();
    for (String conv : conversations) {
      offers.add(api.postAsync(BusinessApi.BASE + "/conversations/" + conv + "/handover", Caller.bearer(b.key()),
          new JsonObject().put("action", "offer")));
    }
    dev.parley.core.ApiClient.await(Future.join(offers));
    offers.forEach(f -> assertThat(f.result().status()).as("%s", f.result()).isEqualTo(200));
    List<JsonObject> rows = p.sql("SELECT assignee_id FROM care_conversations WHERE business_id = ?", b.id());
    assertThat(rows).hasSize(arrivals);
    long assigned = rows.stream().filter(r -> r.getString("assignee_id") != null).count();
    assertThat(assigned).as("every seat filled, none twice").isEqualTo(9);
    JsonArray list = api.get(b.base() + "/agents", owner).array();
    int[] caps = {2, 3, 4};
    for (int i = 0; i < agents.size(); i++) {
      String id = agents.get(i).id();
      long held = rows.stream().filter(r -> id.equals(r.getString("assignee_id"))).count();
      JsonObject agent = list.stream().map(JsonObject.class::cast).filter(a -> a.getString("id").equals(id))
          .findFirst().orElseThrow();
      assertThat(held).as("%s's conversations", agent.getString("name")).isEqualTo(caps[i]);
      assertThat(agent.getInteger("open")).isEqualTo(caps[i]);
    }
    // the ones left wait unassigned, and were told so
    assertThat(api.get(b.base() + "/conversations?assignee=unassigned", owner).json()
        .getJsonArray("conversations")).hasSize(arrivals - 9);
  }

  /** Offers every conversation to people at once, and answers how many each agent was given. */
  private java.util.Map<String, Long> burst(Biz b, int arrivals) {
    List<String> conversations = new ArrayList<>();
    for (int i = 0; i < arrivals; i++) {
      conversations.add(conversation(api.signUp("R" + i), b));
    }
    List<Future<Reply>> offers = new ArrayList<>();
    for (String conv : conversations) {
      offers.add(api.postAsync(BusinessApi.BASE + "/conversations/" + conv + "/handover", Caller.bearer(b.key()),
          new JsonObject().put("action", "offer")));
    }
    dev.parley.core.ApiClient.await(Future.join(offers));
    offers.forEach(f -> assertThat(f.result().status()).as("%s", f.result()).isEqualTo(200));
    List<JsonObject> rows = p.sql("SELECT assignee_id FROM care_conversations WHERE business_id = ?", b.id());
    assertThat(rows).hasSize(arrivals).allMatch(r -> r.getString("assignee_id") != null);
    // each conversation once in the audit of automatic assignments: never assigned twice
    assertThat(p.sql("SELECT target_id FROM audit_log WHERE action = 'care.assigned' AND target_id IN "
        + "(SELECT conversation_id FROM care_conversations WHERE business_id = ?)", b.id()))
        .hasSize(arrivals).doesNotHaveDuplicates();
    java.util.Map<String, Long> counts = new java.util.TreeMap<>();
    rows.forEach(r -> counts.merge(r.getString("assignee_id"), 1L, Long::sum));
    return counts;
  }

  @Test
  void roundRobinUnderABurst_isFairWithinCaps_andNeverAssignsTwice() {
    // a team's round-robin: 3 agents, 11 arrivals at once, caps wide enough
    Biz team = business("Fair Team");
    List<TestUser> agents = List.of(agent(team, "Ann", 10), agent(team, "Ben", 10), agent(team, "Cat", 10));
    String desk = api.post(team.base() + "/teams", owner, new JsonObject().put("name", "Desk")
        .put("assignment", "round_robin")).json().getString("id");
    agents.forEach(a -> api.patch(team.base() + "/agents/" + a.id(), owner, new JsonObject()
        .put("teamIds", new JsonArray().add(desk))));
    java.util.Map<String, Long> counts = burst(team, 11);
    assertThat(counts).hasSize(3);
    assertThat(java.util.Collections.max(counts.values()) - java.util.Collections.min(counts.values()))
        .as("%s", counts).isLessThanOrEqualTo(1);
    // no team (every agent of the business): the same, and a small cap is still a cap
    Biz plain = business("Fair Plain");
    TestUser small = agent(plain, "Dot", 2);
    agent(plain, "Eve", 10);
    agent(plain, "Fay", 10);
    java.util.Map<String, Long> spread = burst(plain, 10);
    assertThat(spread.get(small.id())).isEqualTo(2);
    List<Long> others = spread.entrySet().stream().filter(e -> !e.getKey().equals(small.id()))
        .map(java.util.Map.Entry::getValue).toList();
    assertThat(others).containsExactlyInAnyOrder(4L, 4L);
  }

  @Test
  void outOfHours_theCustomerIsToldWhenSomeoneAnswers_neverWhileTheBotHandlesIt() {
    Biz b = business("Night Shop");
    // hours on one day only, which is not today (UTC): closed now
    DayOfWeek today = Instant.ofEpochMilli(p.clock().millis()).atZone(ZoneOffset.UTC).getDayOfWeek();
    DayOfWeek open = today.plus(2);
    String day = open.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT);
    Reply team = api.post(b.base() + "/teams", owner, new JsonObject().put("name", "Support")
        .put("hours", new JsonObject().put("timezone", "UTC").put("weekly", new JsonObject()
            .put(day, new JsonArray().add(new JsonArray().add("09:00").add("17:00")))))
        .put("outOfHoursMessage", "We are closed.").put("assignment", "round_robin"));
    assertThat(team.status()).as("%s", team).isEqualTo(201);
    assertThat(api.post(b.base() + "/teams", owner, new JsonObject().put("name", "Bad")
        .put("hours", new JsonObject().put("timezone", "Mars/Base").put("weekly", new JsonObject())))
        .json().getString("field")).isEqualTo("/hours/timezone");
    TestUser customer = api.signUp("Late");
    String conv = conversation(customer, b);
    api.send(customer, conv, "hello bot");
    Awaitility.await().until(() -> "bot".equals(state(b, conv)));
    assertThat(history(customer, conv)).noneMatch(m -> m.getString("text").contains("answers again"));
    Reply asked = api.post("/api/conversations/" + conv + "/agent-request", customer, new JsonObject());
    assertThat(asked.json().getString("state")).isEqualTo("waiting_for_agent");
    String name = open.getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH);
    Awaitility.await().until(() -> history(customer, conv).stream().anyMatch(m -> m.getString("text")
        .contains("Our team answers again " + name + " 09:00 (UTC)")
        && m.getString("text").contains("We are closed.")));
    assertThat(events).anyMatch(e -> e.type().equals("handover.changed") && "waiting_for_agent"
        .equals(e.data().getString("state")));
  }

  @Test
  void theCustomerReadsTheirOwnHandover_placeInTheQueueAndNextOpening_nothingOfTheInbox() {
    Biz b = business("Queue Co");
    TestUser dana = agent(b, "Dana", 5);
    DayOfWeek open = Instant.ofEpochMilli(p.clock().millis()).atZone(ZoneOffset.UTC).getDayOfWeek().plus(2);
    String day = open.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT);
    String team = api.post(b.base() + "/teams", owner, new JsonObject().put("name", "Desk").put("assignment", "manual")
        .put("hours", new JsonObject().put("timezone", "Europe/Paris").put("weekly", new JsonObject()
            .put(day, new JsonArray().add(new JsonArray().add("09:00").add("17:00")))))
        .put("outOfHoursMessage", "Closed tonight.")).json().getString("id");
    api.patch(b.base() + "/agents/" + dana.id(), owner, new JsonObject().put("teamIds", new JsonArray().add(team)));
    TestUser first = api.signUp("First");
    TestUser second = api.signUp("Second");
    String one = conversation(first, b);
    String two = conversation(second, b);
    JsonObject bot = api.get("/api/conversations/" + one + "/care", first).json();
    assertThat(bot.getString("state")).isEqualTo("bot");
    assertThat(bot.getValue("waiting")).isNull();

    JsonObject asked = api.post("/api/conversations/" + one + "/agent-request", first, new JsonObject()).json();
    assertThat(asked.getJsonObject("waiting").getLong("position")).isEqualTo(1);
    p.clock().advance(1000);
    api.post("/api/conversations/" + two + "/agent-request", second, new JsonObject());
    api.post(b.base() + "/conversations/" + one + "/notes", dana, new JsonObject().put("text", "secret note"));
    // a reload: the second customer is second in the queue, told when the team answers again
    Reply view = api.get("/api/conversations/" + two + "/care", second);
    assertThat(view.status()).as("%s", view).isEqualTo(200);
    JsonObject waiting = view.json().getJsonObject("waiting");
    assertThat(view.json().getString("state")).isEqualTo("waiting_for_agent");
    assertThat(waiting.getLong("position")).isEqualTo(2);
    assertThat(waiting.getString("timezone")).isEqualTo("Europe/Paris");
    assertThat(Instant.parse(waiting.getString("nextOpenAt"))).isAfter(Instant.ofEpochMilli(p.clock().millis()));
    assertThat(waiting.getString("note")).isEqualTo("Closed tonight.");
    assertThat(waiting.getJsonObject("business").getString("name")).isEqualTo("Queue Co");
    // another customer's conversation is not theirs; the business's side is never in it
    assertThat(api.get("/api/conversations/" + one + "/care", second).status()).isEqualTo(404);
    act(b, dana, one, "take");
    JsonObject held = api.get("/api/conversations/" + one + "/care", first).json();
    assertThat(held.getString("state")).isEqualTo("agent");
    assertThat(held.getJsonObject("assignee").fieldNames()).containsExactly("name");
    assertThat(held.getJsonObject("assignee").getString("name")).isEqualTo("Dana");
    assertThat(held.encode()).doesNotContain(dana.id(), "secret note", team, "cus_");
    assertThat(api.get("/api/conversations/" + two + "/care", second).json().getJsonObject("waiting")
        .getLong("position")).isEqualTo(1);
  }

  @Test
  void businessHours_countOnlyOpenTime() {
    BusinessHours hours = BusinessHours.parse(new JsonObject("{\"timezone\":\"Europe/Berlin\",\"weekly\":{"
        + "\"mon\":[[\"09:00\",\"17:00\"]],\"fri\":[[\"09:00\",\"17:00\"]]}}"), "/hours");
    Instant fridayLate = Instant.parse("2026-01-09T15:30:00Z"); // Friday 16:30 in Berlin
    assertThat(hours.isOpen(fridayLate)).isTrue();
    assertThat(hours.plusBusinessMinutes(fridayLate, 60)).isEqualTo(Instant.parse("2026-01-12T08:30:00Z"));
    Instant saturday = Instant.parse("2026-01-10T12:00:00Z");
    assertThat(hours.isOpen(saturday)).isFalse();
    assertThat(hours.describe(hours.nextOpen(saturday).orElseThrow())).isEqualTo("Monday 09:00 (Europe/Berlin)");
    assertThat(BusinessHours.ALWAYS.plusBusinessMinutes(saturday, 5)).isEqualTo(saturday.plusSeconds(300));
  }

  @Test
  void slaTimers_runOnTheInjectedClock_andLateRepliesAreBreaches() {
    Biz b = business("Timely Air");
    TestUser dana = agent(b, "Dana", 5);
    String policy = api.post(b.base() + "/sla-policies", owner, new JsonObject().put("name", "Gold")
        .put("firstResponseMinutes", 10).put("nextResponseMinutes", 5).put("resolutionMinutes", 60)).json()
        .getString("id");
    String team = api.post(b.base() + "/teams", owner, new JsonObject().put("name", "All").put("slaPolicyId", policy)
        .put("assignment", "manual")).json().getString("id");
    assertThat(api.patch(b.base() + "/agents/" + dana.id(), owner, new JsonObject().put("teamIds",
        new JsonArray().add(team))).json().getJsonArray("teamIds")).containsExactly(team);
    TestUser customer = api.signUp("Customer");
    String conv = conversation(customer, b);
    long before = p.clock().millis();
    assertThat(api.post("/api/conversations/" + conv + "/agent-request", customer, new JsonObject()).status())
        .isEqualTo(200);
    JsonObject sla = api.get(b.base() + "/conversations/" + conv, dana).json().getJsonObject("sla");
    long due = Instant.parse(sla.getString("firstResponseDueAt")).toEpochMilli();
    assertThat(due - before).isBetween(10 * 60_000L, 10 * 60_000L + 60_000);
    assertThat(sla.getJsonArray("breaches")).isEmpty();
    p.clock().advance(11 * 60_000);
    JsonObject late = api.get(b.base() + "/conversations?status=open", dana).json().getJsonArray("conversations")
        .getJsonObject(0);
    assertThat(late.getJsonObject("sla").getJsonArray("breaches").getJsonObject(0).getString("kind"))
        .isEqualTo("first_response");
    assertThat(api.post(b.base() + "/conversations/" + conv + "/messages", dana, new JsonObject()
        .put("text", "Sorry for the wait")).status()).isEqualTo(201);
    JsonObject after = api.get(b.base() + "/conversations/" + conv, dana).json().getJsonObject("sla");
    assertThat(after.getJsonArray("breaches").stream().map(JsonObject.class::cast)
        .filter(x -> x.getString("metAt") != null).map(x -> x.getString("kind")).toList())
        .containsExactly("first_response");
    assertThat(after.getString("firstResponseDueAt")).isNull();
    // the customer writes: the next response is due in 5 minutes; answered in 2, no breach
    api.send(customer, conv, "still there?");
    Awaitility.await().until(() -> api.get(b.base() + "/conversations/" + conv, dana).json().getJsonObject("sla")
        .getString("nextResponseDueAt") != null);
    p.clock().advance(2 * 60_000);
    api.post(b.base() + "/conversations/" + conv + "/messages", dana, new JsonObject().put("text", "yes"));
    JsonObject report = api.get(b.base() + "/reports?groupBy=team", owner).json();
    assertThat(report.getJsonArray("rows").getJsonObject(0).getLong("slaBreaches")).isEqualTo(1);
    assertThat(report.getJsonArray("rows").getJsonObject(0).getString("teamId")).isEqualTo(team);
  }

  /** The breaches of a report over its rows, by the row's agent (or team) id ("" for none). */
  private java.util.Map<String, Long> breachesBy(Biz b, String query, String idField) {
    JsonObject report = api.get(b.base() + "/reports?" + query, owner).json();
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    report.getJsonArray("rows").stream().map(JsonObject.class::cast).filter(r -> r.getLong("slaBreaches") > 0)
        .forEach(r -> out.put(r.getString(idField) == null ? "" : r.getString(idField), r.getLong("slaBreaches")));
    return out;
  }

  @Test
  void overdueTargets_countInTheReportOnce_whetherOpen_metLate_orLapsedUnmet() {
    Biz b = business("Late Gas");
    TestUser dana = agent(b, "Dana", 5);
    String policy = api.post(b.base() + "/sla-policies", owner, new JsonObject().put("name", "Std")
        .put("firstResponseMinutes", 10).put("resolutionMinutes", 600)).json().getString("id");
    String team = api.post(b.base() + "/teams", owner, new JsonObject().put("name", "Desk").put("slaPolicyId", policy)
        .put("assignment", "manual")).json().getString("id");
    api.patch(b.base() + "/agents/" + dana.id(), owner, new JsonObject().put("teamIds", new JsonArray().add(team)));
    long start = p.clock().millis();
    // three customers wait; Dana takes the third but does not answer
    List<String> convs = new ArrayList<>();
    for (String name : List.of("Ada", "Bo", "Cy")) {
      String conv = conversation(api.signUp(name), b);
      assertThat(handover(b, conv, "request_agent").status()).isEqualTo(200);
      convs.add(conv);
    }
    assertThat(act(b, dana, convs.get(2), "take").status()).isEqualTo(200);
    assertThat(breachesBy(b, "groupBy=team", "teamId")).isEmpty();

    // past the first-response target: all three are breaches in the report while still open
    p.clock().advance(11 * 60_000);
    assertThat(breachesBy(b, "groupBy=team", "teamId")).containsExactly(java.util.Map.entry(team, 3L));
    assertThat(breachesBy(b, "groupBy=agent", "agentId")).containsExactly(java.util.Map.entry("", 2L),
        java.util.Map.entry(dana.id(), 1L));

    // met late by Dana, taken back by the bot unanswered, resolved unanswered: still three, each once
    assertThat(api.post(b.base() + "/conversations/" + convs.get(0) + "/messages", dana, new JsonObject()
        .put("text", "Sorry for the wait")).status()).isEqualTo(201);
    assertThat(handover(b, convs.get(1), "take_back").status()).isEqualTo(200);
    assertThat(act(b, dana, convs.get(2), "resolve").status()).isEqualTo(200);
    assertThat(breachesBy(b, "groupBy=team", "teamId")).containsExactly(java.util.Map.entry(team, 3L));
    assertThat(breachesBy(b, "groupBy=agent", "agentId")).containsExactly(java.util.Map.entry("", 1L),
        java.util.Map.entry(dana.id(), 2L));
    assertThat(p.sql("SELECT kind, met_at FROM care_sla_breaches WHERE business_id = ?", b.id()))
        .hasSize(3).filteredOn(r -> r.getValue("met_at") == null).hasSize(2);
    // the lapsed one is listed on the conversation as never met
    assertThat(api.get(b.base() + "/conversations/" + convs.get(2), dana).json().getJsonObject("sla")
        .getJsonArray("breaches").getJsonObject(0).getString("metAt")).isNull();

    // a breach belongs to the period its target fell due in
    String before = Instant.ofEpochMilli(start + 5 * 60_000).toString();
    assertThat(breachesBy(b, "groupBy=team&to=" + before, "teamId")).isEmpty();
    assertThat(breachesBy(b, "groupBy=team&from=" + before, "teamId")).containsExactly(
        java.util.Map.entry(team, 3L));
  }

  @Test
  void aRatingAfterTheServiceWindow_isClosed() {
    Biz b = business("Slow Rater");
    TestUser dana = agent(b, "Dana", 5);
    TestUser customer = api.signUp("Customer");
    String conv = conversation(customer, b);
    api.post("/api/conversations/" + conv + "/agent-request", customer, new JsonObject());
    act(b, dana, conv, "take");
    act(b, dana, conv, "resolve");
    p.clock().advance(25L * 3600 * 1000);
    assertProblem(api.post("/api/conversations/" + conv + "/rating", customer, new JsonObject().put("score", 3)),
        "care-rating-closed");
    assertThat(api.post("/api/conversations/" + conv + "/rating", customer, new JsonObject().put("score", 9))
        .status()).isEqualTo(400);
  }
}
