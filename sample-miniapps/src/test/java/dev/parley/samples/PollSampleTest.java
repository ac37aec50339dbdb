package dev.parley.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.sdk.simulator.MemoryHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every sample reads as a valid bundle and passes the sandbox's checks; the poll sample posts a
 * poll, counts one vote per person (a second tap moves it) and answers bad input with its usage.
 * The samples' {@link MemoryHost} stands in for the platform's broker.
 */
class PollSampleTest {

  private static Vertx vertx;
  private static MemoryHost host;
  private static MiniAppRuntime runtime;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    host = new MemoryHost(Set.of("cards.post", "cards.update", "storage.get", "storage.set", "members.read"));
    runtime = MiniAppRuntime.create(vertx, host);
  }

  @AfterAll
  static void stop() throws Exception {
    runtime.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void everySample_isAValidBundle_thatTheSandboxAccepts() throws Exception {
    assertThat(SampleBundles.ids()).contains("poll");
    java.util.Set<String> appIds = new java.util.HashSet<>();
    for (Map.Entry<String, byte[]> sample : SampleBundles.zips().entrySet()) {
      Bundle bundle = BundleReader.create().read(sample.getValue());
      // A folder is named for its feature; the app id is the manifest's (the shop lives in "search").
      assertThat(appIds.add(bundle.manifest().appId())).as("app id of %s is unique", sample.getKey()).isTrue();
      await(runtime.verify(bundle));
      assertThat(SampleBundles.zip(sample.getKey())).as("the same files give the same zip")
          .isEqualTo(sample.getValue());
    }
  }

  @Test
  void poll_countsOneVotePerPerson_andExplainsItsUsage() throws Exception {
    Bundle bundle = BundleReader.create().read(SampleBundles.zip("poll"));
    AppVersion app = await(runtime.load(bundle));
    Set<String> granted = Set.of("cards.post", "storage.conversation");

    JsonObject usage = await(runtime.invoke(app, "poll", new JsonObject().put("text", "just a question"),
        CallContext.of(app, "ann", "c1", "r1", granted)));
    assertThat(usage.getString("text")).startsWith("Usage: /poll");

    await(runtime.invoke(app, "poll", new JsonObject().put("text", "Lunch? | Luigi's | Sushi"),
        CallContext.of(app, "ann", "c1", "r2", granted)));
    String messageId = host.posted.get(host.posted.size() - 1);
    assertThat(host.cards.get(messageId).getString("text")).as("without members.read: no names")
        .isEqualTo("0 votes");
    assertThat(host.cards.get(messageId).getJsonArray("buttons")).hasSize(2);

    vote(app, "ann", messageId, "vote-0", granted);
    vote(app, "bob", messageId, "vote-1", granted);
    vote(app, "bob", messageId, "vote-0", granted); // bob changes his mind: still one vote
    JsonObject card = host.cards.get(messageId);
    assertThat(card.getString("text")).isEqualTo("2 votes");
    assertThat(card.getJsonArray("fields").getJsonObject(0).getString("value")).isEqualTo("2");
    assertThat(card.getJsonArray("fields").getJsonObject(1).getString("value")).isEqualTo("0");
  }

  @Test
  void poll_saysWhoAsked_andEveryonesChoiceByName() throws Exception {
    host.members = new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("id", "ann").put("username", "ann").put("displayName", "Ann"))
        .add(new JsonObject().put("id", "bob").put("username", "bob").put("displayName", "Bob"))
        .add(new JsonObject().put("id", "cid").put("username", "cid").put("displayName", "Cid"));
    AppVersion app = await(runtime.load(BundleReader.create().read(SampleBundles.zip("poll"))));
    Set<String> granted = Set.of("cards.post", "storage.conversation", "members.read");
    await(runtime.invoke(app, "poll", new JsonObject().put("text", "Lunch? | Luigi's | Sushi"),
        CallContext.of(app, "ann", "c1", "r3", granted)));
    String messageId = host.posted.get(host.posted.size() - 1);
    assertThat(host.cards.get(messageId).getString("text")).isEqualTo("Asked by Ann · 0 votes");

    vote(app, "bob", messageId, "vote-1", granted);
    vote(app, "cid", messageId, "vote-1", granted);
    vote(app, "ann", messageId, "vote-0", granted);
    JsonObject card = host.cards.get(messageId);
    assertThat(card.getString("text")).isEqualTo("Asked by Ann · 3 votes");
    assertThat(card.getJsonArray("fields").getJsonObject(0).getString("value")).isEqualTo("1 — Ann");
    assertThat(card.getJsonArray("fields").getJsonObject(1).getString("value")).isEqualTo("2 — Bob, Cid");
  }

  private static void vote(AppVersion app, String user, String messageId, String actionId, Set<String> granted)
      throws Exception {
    await(runtime.invoke(app, "vote", new JsonObject().put("type", "card_action").put("actionId", actionId)
        .put("messageId", messageId), CallContext.of(app, user, "c1", "r-" + user + actionId, granted)));
  }
}
