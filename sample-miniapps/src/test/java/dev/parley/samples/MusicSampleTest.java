package dev.parley.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.sdk.simulator.MemoryHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The music sample against an in-memory host: the catalogue is what the bundle ships (Ogg Opus
 * files, CC0, small enough), {@code /music} answers with a card that opens the page, and the
 * page calls drive one shared player per conversation: every change raises the version, is saved
 * and broadcast, and moves the now-playing card in place; hostile page arguments fail the call and
 * change nothing.
 */
class MusicSampleTest {

  private static final Set<String> GRANTED = Set.of("cards.post", "storage.conversation");

  private static Vertx vertx;
  private static MemoryHost host;
  private static MiniAppRuntime runtime;
  private static Bundle bundle;
  private static AppVersion app;
  private static JsonArray catalogue;
  private static int conversations;

  private String conversation;
  private int requests;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    host = new MemoryHost(Set.of("cards.post", "cards.update", "storage.get", "storage.set", "pages.broadcast",
        "media.get"));
    runtime = MiniAppRuntime.create(vertx, host);
    bundle = BundleReader.create().read(SampleBundles.zip("music"));
    app = await(runtime.load(bundle));
    catalogue = new JsonArray(new String(bundle.content("ui/catalogue.json").orElseThrow(), StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() throws Exception {
    runtime.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void freshConversation() {
    conversation = "c" + (++conversations);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void catalogue_isSmallCc0OggOpus_andTheServerKnowsEveryTrack() throws Exception {
    assertThat(SampleBundles.ids()).contains("music");
    assertThat(catalogue.size()).isBetween(5, 8);
    long total = 0;
    for (Object o : catalogue) {
      JsonObject t = (JsonObject) o;
      assertThat(t.getString("artist")).isEqualTo("Parley generated");
      assertThat(t.getLong("durationMs")).isBetween(20_000L, 60_000L);
      byte[] file = bundle.content("ui/" + t.getString("src")).orElseThrow(() -> new AssertionError("no file " + t));
      assertThat(file.length).as(t.getString("src")).isLessThan(5 << 20);
      assertThat(new String(file, 0, 4, StandardCharsets.ISO_8859_1)).as("an Ogg stream").isEqualTo("OggS");
      assertThat(new String(file, 28, 8, StandardCharsets.ISO_8859_1)).as("with Opus in it").isEqualTo("OpusHead");
      total += file.length;
      // The server's copy of the catalogue agrees with the page's.
      call("ann", new JsonObject().put("action", "enqueue").put("trackId", t.getString("id")));
      JsonObject added = last(host.lastState().getJsonArray("queue"));
      assertThat(added.getString("title")).isEqualTo(t.getString("title"));
      assertThat(added.getLong("durationMs")).isEqualTo(t.getLong("durationMs"));
      assertThat(added.getString("src")).isEqualTo(t.getString("src"));
    }
    assertThat(total).as("the tracks together").isLessThan(10L << 20);
    String licence = new String(bundle.content("ui/tracks/LICENCE.txt").orElseThrow(), StandardCharsets.UTF_8);
    assertThat(licence).contains("generated for the Parley project").contains("CC0");
  }

  @Test
  void musicCommand_answersWithACardThatOpensThePage() throws Exception {
    JsonObject answer = await(runtime.invoke(app, "music", new JsonObject().put("type", "command").put("text", ""),
        CallContext.of(app, "ann", conversation, "r-music", GRANTED)));
    JsonObject button = answer.getJsonObject("card").getJsonArray("buttons").getJsonObject(0);
    assertThat(button.getString("type")).isEqualTo("open_page");
    assertThat(answer.getJsonObject("card").getString("title")).isEqualTo("Listen together");
    assertThat(bundle.manifest().pages()).containsExactly("ui/index.html");
    assertThat(bundle.file("ui/index.html")).isPresent();
  }

  @Test
  void pageCalls_driveOneSharedPlayer_withARisingVersion_broadcasts_andANowPlayingCard() throws Exception {
    String first = catalogue.getJsonObject(0).getString("id");
    String second = catalogue.getJsonObject(1).getString("id");
    int postedBefore = host.posted.size();

    call("ann", new JsonObject().put("action", "enqueue").put("trackId", first));
    JsonObject s = host.lastState();
    assertThat(s.getInteger("v")).isEqualTo(1);
    assertThat(s.getInteger("index")).as("the first track is current").isZero();
    assertThat(s.getBoolean("playing")).isFalse();
    assertThat(host.posted).as("no card before anything plays").hasSize(postedBefore);

    call("bob", new JsonObject().put("action", "enqueue").put("trackId", second));
    long before = System.currentTimeMillis();
    call("bob", new JsonObject().put("action", "play"));
    long after = System.currentTimeMillis();
    s = host.lastState();
    assertThat(s.getInteger("v")).isEqualTo(3);
    assertThat(s.getBoolean("playing")).isTrue();
    assertThat(s.getLong("positionMs")).isZero();
    assertThat(s.getLong("updatedAtHostMs")).as("stamped with the host clock").isBetween(before, after);
    assertThat(s.getJsonArray("queue")).hasSize(2);
    assertThat(s.containsKey("cardId")).as("pages do not see the card's id").isFalse();
    assertThat(host.posted).as("the now-playing card, posted on the first play").hasSize(postedBefore + 1);
    String card = last(host.posted);
    assertThat(host.cards.get(card).getString("title")).contains("Now playing")
        .contains(catalogue.getJsonObject(0).getString("title"));
    assertThat(host.cards.get(card).getJsonArray("buttons").getJsonObject(0).getString("type")).isEqualTo("open_page");

    call("ann", new JsonObject().put("action", "play"));
    assertThat(host.lastState().getInteger("v")).as("playing already: no change, the state broadcast again")
        .isEqualTo(3);

    call("ann", new JsonObject().put("action", "pause"));
    s = host.lastState();
    assertThat(s.getInteger("v")).isEqualTo(4);
    assertThat(s.getBoolean("playing")).isFalse();
    assertThat(s.getLong("positionMs")).as("where it was when paused")
        .isBetween(0L, System.currentTimeMillis() - before);
    assertThat(host.cards.get(card).getString("title")).startsWith("Paused: ");

    call("ann", new JsonObject().put("action", "seek").put("positionMs", 12_345));
    assertThat(host.lastState().getLong("positionMs")).isEqualTo(12_345);
    assertThat(host.lastState().getInteger("v")).isEqualTo(5);

    call("bob", new JsonObject().put("action", "skip"));
    s = host.lastState();
    assertThat(s.getInteger("index")).isEqualTo(1);
    assertThat(s.getLong("positionMs")).isZero();
    assertThat(host.cards.get(card).getString("title")).contains(catalogue.getJsonObject(1).getString("title"));

    call("bob", new JsonObject().put("action", "play"));
    int v = host.lastState().getInteger("v");
    // Every page says the track ended; the stale one (track 0) changes nothing, the first current one stops the queue.
    call("ann", new JsonObject().put("action", "ended").put("index", 0));
    assertThat(host.lastState().getInteger("v")).isEqualTo(v);
    call("ann", new JsonObject().put("action", "ended").put("index", 1));
    call("bob", new JsonObject().put("action", "ended").put("index", 1));
    s = host.lastState();
    assertThat(s.getInteger("v")).as("the queue moved once").isEqualTo(v + 1);
    assertThat(s.getBoolean("playing")).as("past the last track the player stops").isFalse();
    assertThat(s.getInteger("index")).isEqualTo(1);

    call("ann", new JsonObject().put("action", "skip").put("index", 0));
    assertThat(host.lastState().getInteger("index")).isZero();
    assertThat(host.posted).as("one card, updated in place").hasSize(postedBefore + 1);
    assertThat(host.broadcasts.stream().allMatch(b -> b.getString("type").equals("state"))).isTrue();

    // What the pages saw is what a late joiner reads from storage.
    JsonObject saved = (JsonObject) host.stored(conversation, "player");
    assertThat(saved.getInteger("v")).isEqualTo(host.lastState().getInteger("v"));
    assertThat(saved.getString("cardId")).isEqualTo(card);
  }

  @Test
  void stateCall_tellsOnlyTheAskingPageWhetherItsUserMayUpload() throws Exception {
    call("ann", new JsonObject().put("action", "state").put("nonce", "page-1"));
    JsonObject b = last(host.broadcasts);
    assertThat(b.getJsonObject("reply")).isEqualTo(new JsonObject().put("nonce", "page-1").put("canUpload", false));
    assertThat(b.getJsonObject("state").getInteger("v")).isZero();

    await(runtime.invoke(app, "page", pageCall(new JsonObject().put("action", "state").put("nonce", "page-2")),
        CallContext.of(app, "bob", conversation, "r-up",
            Set.of("cards.post", "storage.conversation", "media.upload"))));
    assertThat(last(host.broadcasts).getJsonObject("reply").getBoolean("canUpload")).isTrue();
  }

  @Test
  void uploads_enterTheQueue_onlyWhenTheHostKnowsThemAsAudioOfThisConversation() throws Exception {
    host.media.put(conversation + "/up1", new JsonObject().put("id", "up1").put("url", "/media/up1")
        .put("contentType", "audio/ogg").put("size", 1234).put("name", "Our\u0007 song.ogg").put("uploadedBy", "ann"));
    host.media.put(conversation + "/doc1", new JsonObject().put("id", "doc1").put("url", "/media/doc1")
        .put("contentType", "application/pdf").put("size", 10).put("name", "x.pdf").put("uploadedBy", "ann"));

    call("ann", new JsonObject().put("action", "enqueue").put("mediaId", "up1"));
    JsonObject item = host.lastState().getJsonArray("queue").getJsonObject(0);
    assertThat(item.getString("kind")).isEqualTo("upload");
    assertThat(item.getString("title")).isEqualTo("Our  song");
    assertThat(item.getString("src")).isEqualTo("/media/up1");

    refused(new JsonObject().put("action", "enqueue").put("mediaId", "doc1"), "is not audio");
    refused(new JsonObject().put("action", "enqueue").put("mediaId", "nope"), "no upload");
  }

  @Test
  void hostilePageArguments_failTheCall_andChangeNothing() throws Exception {
    String track = catalogue.getJsonObject(0).getString("id");
    call("ann", new JsonObject().put("action", "enqueue").put("trackId", track));
    Object saved = ((JsonObject) host.stored(conversation, "player")).copy();
    int broadcasts = host.broadcasts.size();

    refused(new JsonObject(), "unknown action");
    refused(new JsonObject().put("action", "__proto__"), "unknown action");
    refused(new JsonObject().put("action", "constructor"), "unknown action");
    refused(new JsonObject().put("action", "toString"), "unknown action");
    refused(new JsonObject().put("action", 7), "unknown action");
    refused(new JsonObject().put("action", "seek"), "positionMs must be");
    refused(new JsonObject().put("action", "seek").put("positionMs", -1), "positionMs must be");
    refused(new JsonObject().put("action", "seek").put("positionMs", 1.5), "positionMs must be");
    refused(new JsonObject().put("action", "seek").put("positionMs", "100"), "positionMs must be");
    refused(new JsonObject().put("action", "seek").put("positionMs", 1e15), "positionMs must be");
    refused(new JsonObject().put("action", "seek").put("positionMs", 3_600_000), "positionMs must be");
    refused(new JsonObject().put("action", "skip").put("index", 1), "index must be");
    refused(new JsonObject().put("action", "skip").put("index", -1), "index must be");
    refused(new JsonObject().put("action", "skip").put("index", "0"), "index must be");
    refused(new JsonObject().put("action", "ended"), "index must be");
    refused(new JsonObject().put("action", "enqueue"), "either trackId or mediaId");
    refused(new JsonObject().put("action", "enqueue").put("trackId", track).put("mediaId", "x"),
        "either trackId or mediaId");
    refused(new JsonObject().put("action", "enqueue").put("trackId", "../../server.js"), "trackId must be");
    refused(new JsonObject().put("action", "enqueue").put("trackId", new JsonObject()), "trackId must be");
    refused(new JsonObject().put("action", "enqueue").put("trackId", "no-such-track"), "no track");
    refused(new JsonObject().put("action", "state").put("nonce", "x".repeat(65)), "nonce must be");

    assertThat(host.stored(conversation, "player")).as("nothing saved").isEqualTo(saved);
    assertThat(host.broadcasts).as("nothing broadcast").hasSize(broadcasts);

    // Not an object at all.
    assertThatThrownBy(() -> await(runtime.invoke(app, "page", new JsonObject().put("type", "page_call")
        .put("args", new JsonArray().add(1)), CallContext.of(app, "ann", conversation, "r-arr", GRANTED))))
        .hasMessageContaining("args must be an object");
  }

  @Test
  void theQueue_holdsAtMostThirtyTracks_andAnEmptyQueueCannotPlay() throws Exception {
    refused(new JsonObject().put("action", "play"), "the queue is empty");
    refused(new JsonObject().put("action", "skip"), "the queue is empty");
    String track = catalogue.getJsonObject(0).getString("id");
    for (int i = 0; i < 30; i++) {
      call("ann", new JsonObject().put("action", "enqueue").put("trackId", track));
    }
    refused(new JsonObject().put("action", "enqueue").put("trackId", track), "the queue is full");
    assertThat(host.lastState().getJsonArray("queue")).hasSize(30);
    assertThat(host.lastState().getInteger("v")).isEqualTo(30);
  }

  private void call(String user, JsonObject args) throws Exception {
    await(runtime.invoke(app, "page", pageCall(args),
        CallContext.of(app, user, conversation, "r" + (++requests), GRANTED)));
  }

  private void refused(JsonObject args, String message) {
    assertThatThrownBy(() -> call("mallory", args)).as("%s", args).isInstanceOf(ExecutionException.class)
        .hasMessageContaining(message);
  }

  private static JsonObject pageCall(JsonObject args) {
    return new JsonObject().put("type", "page_call").put("args", args);
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }

  private static JsonObject last(JsonArray array) {
    return array.getJsonObject(array.size() - 1);
  }
}
