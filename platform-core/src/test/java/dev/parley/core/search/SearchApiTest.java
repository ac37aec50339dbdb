package dev.parley.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestSql;
import dev.parley.core.TestUser;
import dev.parley.core.apps.broker.BrokerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/search} on both databases: message hits only from the caller's conversations as
 * they are at the moment of the query (a non-member and a member who left find nothing), with
 * title, sender, time, snippet and highlight ranges; people, conversations and the directory; the
 * jump into a conversation around a hit; the 400s; and the fan-out to apps with a search entry
 * point: one call per app, a slow app reported late while the others are shown, a throwing app
 * failed (in its developer's log), a suspended app not asked, malformed results dropped.
 */
class SearchApiTest extends PlatformTestBase {

  /** The apps' deadline: generous, so that a cold sandbox answers in time on a busy machine. */
  static final long DEADLINE_MILLIS = 5_000;

  private TestUser admin;
  private TestUser dev;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setBroker(new BrokerOptions().setSearchMillis(DEADLINE_MILLIS)));
  }

  @Override
  protected void setUp() {
    admin = p.admin();
    dev = TestApps.developer(api, admin, "dev");
  }

  private Reply search(TestUser user, String q, String extra) {
    return api.get("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + extra, user);
  }

  private JsonObject ok(Reply reply) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    return reply.json();
  }

  // ---- messages ----

  @Test
  void messageHits_comeOnlyFromTheCallersConversations_withTitleSenderSnippetAndRanges() {
    TestUser ann = api.signUp("Ann");
    TestUser bob = api.signUp("Bob");
    TestUser carol = api.signUp("Carol");
    String word = "zanzibar" + api.uniqueName("w").replace("_", "");
    String group = api.group(ann, "Trip planning", bob).getString("id");
    JsonObject sent = api.send(bob, group, "Shall we fly to " + word.toUpperCase() + " in May?");
    api.send(carol, api.direct(carol, bob).getString("id"), "not for Ann: " + word);

    JsonArray hits = ok(search(ann, word, "&kinds=messages")).getJsonArray("messages");
    assertThat(hits).hasSize(1);
    JsonObject hit = hits.getJsonObject(0);
    assertThat(hit.getString("messageId")).isEqualTo(sent.getString("id"));
    assertThat(hit.getString("conversationId")).isEqualTo(group);
    assertThat(hit.getString("conversationTitle")).isEqualTo("Trip planning");
    assertThat(hit.getString("senderName")).isEqualTo("Bob");
    assertThat(hit.getLong("seq")).isEqualTo(sent.getLong("seq"));
    assertThat(hit.getString("sentAt")).isEqualTo(sent.getString("createdAt"));
    String snippet = hit.getString("snippet");
    JsonObject range = hit.getJsonArray("highlights").getJsonObject(0);
    assertThat(snippet.substring(range.getInteger("start"), range.getInteger("end"))).isEqualTo(word.toUpperCase());

    assertThat(ok(search(carol, word, "&kinds=messages")).getJsonArray("messages")).as("carol is not in the group")
        .extracting(h -> ((JsonObject) h).getString("conversationId")).doesNotContain(group);

    // Ann leaves: from that moment she finds nothing of the group, and cannot open it around the hit.
    assertThat(api.delete("/api/conversations/" + group + "/members/" + ann.id(), ann).status()).isEqualTo(204);
    assertThat(ok(search(ann, word, "&kinds=messages")).getJsonArray("messages")).isEmpty();
    Reply around = api.get("/api/conversations/" + group + "/messages?around=" + sent.getString("id"), ann);
    assertThat(around.status()).as("%s", around).isEqualTo(404);
  }

  @Test
  void around_loadsTheMessagesEitherSideOfAHit_oldestFirst() {
    TestUser ann = api.signUp("Ann");
    String group = api.group(ann, "Long history").getString("id"); // seq 1: "created the group"
    String target = null;
    for (int i = 1; i <= 30; i++) {
      JsonObject m = api.send(ann, group, "message " + i);
      if (i == 15) {
        target = m.getString("id");
      }
    }
    JsonObject page = ok(api.get("/api/conversations/" + group + "/messages?around=" + target + "&limit=9", ann));
    JsonArray messages = page.getJsonArray("messages");
    assertThat(messages).hasSize(9);
    assertThat(messages.stream().map(m -> ((JsonObject) m).getLong("seq")).toList())
        .containsExactly(12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
    assertThat(page.getLong("targetSeq")).isEqualTo(16L);
    assertThat(page.getLong("nextBefore")).isEqualTo(12L);
    assertThat(page.getLong("nextAfter")).isEqualTo(20L);

    JsonObject end = ok(api.get("/api/conversations/" + group + "/messages?around=" + target + "&limit=200", ann));
    assertThat(end.getJsonArray("messages")).hasSize(31);
    assertThat(end.getValue("nextBefore")).isNull();
    assertThat(end.getValue("nextAfter")).isNull();

    String other = api.group(ann, "Other").getString("id");
    assertThat(api.get("/api/conversations/" + other + "/messages?around=" + target, ann).status())
        .as("a message of another conversation").isEqualTo(404);
    assertThat(api.get("/api/conversations/" + group + "/messages?around=" + target, api.signUp("Eve")).status())
        .as("a non-member").isEqualTo(404);
    Reply both = api.get("/api/conversations/" + group + "/messages?around=" + target + "&before=3", ann);
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.json().getString("field")).isEqualTo("around");
  }

  // ---- the other sections ----

  @Test
  void peopleConversationsAndApps_areFound_withRangesOfTheirNames() {
    String tag = api.uniqueName("q").replace("_", "");
    TestUser ann = api.signUp("Ann");
    TestUser quentin = api.signUp("Quentin" + tag);
    String group = api.group(ann, "Quiz night " + tag, quentin).getString("id");
    api.group(api.signUp("Zed"), "Quiz night " + tag + " (not Ann's)");

    JsonObject all = ok(search(ann, "quiz night " + tag, ""));
    assertThat(all.fieldNames()).contains("messages", "people", "conversations", "apps", "appResults");
    JsonArray conversations = all.getJsonArray("conversations");
    assertThat(conversations).hasSize(1);
    assertThat(conversations.getJsonObject(0).getString("id")).isEqualTo(group);
    assertThat(conversations.getJsonObject(0).getJsonArray("highlights")).hasSize(3);

    JsonArray people = ok(search(ann, "quentin" + tag, "&kinds=people,conversations")).getJsonArray("people");
    assertThat(people).hasSize(1);
    assertThat(people.getJsonObject(0).getString("id")).isEqualTo(quentin.id());
    assertThat(people.getJsonObject(0).getJsonArray("highlights").getJsonObject(0).getInteger("end"))
        .isEqualTo(("Quentin" + tag).length());

    String appId = TestApps.appId(api, "quizzer");
    TestApps.createApp(api, dev, appId);
    TestApps.publish(api, dev, admin, appId, "1.0.0");
    JsonObject found = ok(search(ann, appId, "&kinds=apps"));
    assertThat(found.fieldNames()).containsOnly("query", "apps");
    assertThat(found.getJsonArray("apps").getJsonObject(0).getString("id")).isEqualTo(appId);
  }

  @Test
  void badQueries_areClear400s() {
    TestUser ann = api.signUp("Ann");
    Reply missing = api.get("/api/search", ann);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getString("field")).isEqualTo("q");
    assertThat(search(ann, "   ", "").status()).isEqualTo(400);
    Reply tooLong = search(ann, "x".repeat(SearchApi.MAX_QUERY + 1), "");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().getString("detail")).contains("at most " + SearchApi.MAX_QUERY);
    Reply kind = search(ann, "hello", "&kinds=messages,files");
    assertThat(kind.status()).isEqualTo(400);
    assertThat(kind.json().getString("field")).isEqualTo("kinds");
    assertThat(kind.json().getString("detail")).contains("'files'");
    assertThat(search(ann, "hello", "&limit=0").json().getString("field")).isEqualTo("limit");
    assertThat(search(ann, "hello", "&limit=51").status()).isEqualTo(400);
    assertThat(api.get("/api/search?q=hello", Caller.anonymous()).status()).isEqualTo(401);
  }

  // ---- apps ----

  /** Publishes an app whose {@code search} handler is {@code body}; returns its id. */
  private String searchApp(String name, String body, Map<String, byte[]> extraFiles) {
    String appId = TestApps.appId(api, name);
    TestApps.createApp(api, dev, appId);
    JsonObject manifest = TestApps.manifest(appId, "1.0.0", "storage.user")
        .put("search", new JsonObject().put("handler", "search").put("placeholder", "Search " + name))
        .put("storage", new JsonObject().put("user_bytes", 1000));
    Map<String, byte[]> files = TestApps.files(appId, "1.0.0");
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", (TestApps.SERVER_JS + "\nexport async function search(event, ctx) {\n" + body + "\n}\n")
        .getBytes(StandardCharsets.UTF_8));
    files.putAll(extraFiles);
    TestApps.publish(api, dev, admin, appId, "1.0.0", TestApps.zip(files));
    return appId;
  }

  private void install(TestUser user, String conversationId, String appId) {
    Reply r = api.post("/api/conversations/" + conversationId + "/apps", user, new JsonObject().put("appId", appId));
    assertThat(r.status()).as("%s", r).isIn(200, 201);
  }

  private static List<String> ids(JsonArray apps) {
    return apps.stream().map(a -> ((JsonObject) a).getString("id")).toList();
  }

  @Test
  void appFanOut_showsWhatCameBackInTime_namesLateAndFailedApps_skipsSuspended_dropsMalformedResults()
      throws Exception {
    TestUser ann = api.signUp("Ann");
    String older = api.group(ann, "Older").getString("id");
    String newer = api.group(ann, "Newer").getString("id");
    String fast = searchApp("fast", "return { results: [{ title: 'Found ' + event.query, subtitle: ctx.conversationId,"
        + " start: 'item-' + event.limit }] };", Map.of());
    String slow = searchApp("slow", "await parley.storage.delete({ scope: 'user', key: 'gate' });"
        + " return { results: [{ title: 'too late' }] };", Map.of());
    String throwing = searchApp("throwing", "throw new Error('search exploded');", Map.of());
    String suspended = searchApp("suspended", "return { results: [{ title: 'must not be asked' }] };", Map.of());
    String sloppy = searchApp("sloppy", "return { results: [{ title: 'kept' }, { title: 5 }, { subtitle: 'no title' },"
        + " { title: 'bad start', start: 'no spaces allowed' }, { title: 'script', image: 'javascript:alert(1)' },"
        + " { title: 'x'.repeat(101) }, { title: 'picture', image: 'ui/pic.png' }, 'not an object'] };",
        Map.of("ui/pic.png", TestApps.ICON));
    String plain = TestApps.appId(api, "plain"); // installed, but without a search entry: never asked
    TestApps.createApp(api, dev, plain);
    TestApps.publish(api, dev, admin, plain, "1.0.0");
    for (String app : List.of(fast, slow, throwing, suspended, sloppy, plain)) {
      install(ann, older, app);
    }
    install(ann, newer, fast); // in two conversations: still asked once, for the newer one
    api.send(ann, newer, "now the newest conversation");
    api.post("/api/admin/apps/" + suspended + "/suspend", admin, new JsonObject().put("reason", "abuse"));
    // A search never asks for consent: it runs with what was granted (here, the slow app's storage).
    assertThat(api.post("/api/apps/" + slow + "/consent", ann, new JsonObject()
        .put("permissions", new JsonArray().add("storage.user"))).status()).isEqualTo(200);

    // The slow app's storage call waits for a row this test holds locked: it cannot answer in time.
    p.sql("INSERT INTO app_storage (app_id, scope, owner_id, item_key, item_value, size, updated_at) "
        + "VALUES (?, 'user', ?, 'gate', '1', 5, 0)", slow, ann.id());
    SqlConnection conn = ApiClient.await(p.platform().database().pool().getConnection());
    JsonObject answer;
    try {
      Transaction tx = ApiClient.await(conn.begin());
      ApiClient.await(TestSql.query(p.platform().database(), conn, "UPDATE app_storage SET size = 6 WHERE app_id = ? "
          + "AND owner_id = ? AND item_key = 'gate'", slow, ann.id()));
      answer = ok(search(ann, "shoes", "&kinds=appResults")).getJsonObject("appResults");
      ApiClient.await(tx.rollback());
    } finally {
      conn.close();
    }

    List<JsonObject> answered = answer.getJsonArray("apps").stream().map(a -> (JsonObject) a).toList();
    assertThat(answered).extracting(a -> a.getJsonObject("app").getString("id")).containsExactlyInAnyOrder(fast,
        sloppy);
    JsonObject fastAnswer = answered.stream().filter(a -> a.getJsonObject("app").getString("id").equals(fast))
        .findFirst().orElseThrow();
    assertThat(fastAnswer.getString("conversationId")).isEqualTo(newer);
    assertThat(fastAnswer.getJsonObject("app").getString("placeholder")).isEqualTo("Search fast");
    JsonObject result = fastAnswer.getJsonArray("results").getJsonObject(0);
    assertThat(result.getString("title")).isEqualTo("Found shoes");
    assertThat(result.getString("subtitle")).as("ctx.conversationId").isEqualTo(newer);
    assertThat(result.getString("start")).isEqualTo("item-" + SearchApi.APP_RESULTS);

    JsonArray kept = answered.stream().filter(a -> a.getJsonObject("app").getString("id").equals(sloppy))
        .findFirst().orElseThrow().getJsonArray("results");
    assertThat(kept.stream().map(r -> ((JsonObject) r).getString("title")).toList()).containsExactly("kept", "picture");
    assertThat(kept.getJsonObject(1).getString("image")).startsWith("/static/apps/" + sloppy + "/")
        .endsWith("/ui/pic.png");

    assertThat(ids(answer.getJsonArray("late"))).as("%s; the slow app's log: %s", answer,
        api.get("/api/developer/apps/" + slow + "/logs", dev).body()).containsExactly(slow);
    assertThat(ids(answer.getJsonArray("failed"))).containsExactly(throwing);
    assertThat(answer.encode()).doesNotContain(suspended).doesNotContain(plain).doesNotContain("must not be asked");

    String throwingLog = api.get("/api/developer/apps/" + throwing + "/logs", dev).array().encode();
    assertThat(throwingLog).contains("search exploded");
    String sloppyLog = api.get("/api/developer/apps/" + sloppy + "/logs", dev).array().encode();
    assertThat(sloppyLog).contains("search results dropped").contains("results[1].title must be a string")
        .contains("results[3].start").contains("results[4].image").contains("results[7] is not an object");
    TestApps.eventually("the late answer noted in the slow app's log", java.time.Duration.ofSeconds(30),
        () -> api.get("/api/developer/apps/" + slow + "/logs", dev).array().encode().contains("past the"));
  }

  @Test
  void searchingFasterThanTheUsersRate_skipsTheApps_butTheOtherSectionsAnswer() {
    TestUser cal = api.signUp("Cal");
    List<io.vertx.core.Future<Reply>> burst = new java.util.ArrayList<>();
    for (int i = 0; i < 4 * BrokerOptions.DEFAULT_USER_RATE; i++) { // twice the bucket's burst, all at once
      burst.add(api.requestAsync(io.vertx.core.http.HttpMethod.GET, "/api/search?q=burst&kinds=appResults,people", cal,
          null, null));
    }
    List<JsonObject> answers = burst.stream().map(f -> ok(ApiClient.await(f))).toList();
    assertThat(answers).allSatisfy(a -> assertThat(a.getJsonArray("people")).isNotNull());
    assertThat(answers).anySatisfy(a -> assertThat(a.getJsonObject("appResults").getBoolean("limited")).isTrue());
  }

  @Test
  void pinnedApp_installedNowhere_isAskedWithoutAConversation() {
    TestUser bea = api.signUp("Bea");
    String app = searchApp("pinned", "return { results: [{ title: 'pinned ' + (ctx.conversationId === null) }] };",
        Map.of());
    assertThat(api.request(io.vertx.core.http.HttpMethod.PUT, "/api/me/pins/" + app, bea, null, null).status())
        .isEqualTo(204);
    JsonObject answer = ok(search(bea, "anything", "&kinds=appResults")).getJsonObject("appResults");
    JsonObject only = answer.getJsonArray("apps").getJsonObject(0);
    assertThat(only.getValue("conversationId")).isNull();
    assertThat(only.getJsonArray("results").getJsonObject(0).getString("title")).isEqualTo("pinned true");
  }
}
