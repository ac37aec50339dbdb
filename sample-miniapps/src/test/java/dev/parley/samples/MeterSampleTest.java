package dev.parley.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.runtime.AppVersion;
import dev.parley.runtime.BundleReader;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppRuntime;
import dev.parley.sdk.simulator.MemoryHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The meter sample asks for a photo with a request_file button, and answers the photo it gets
 * (event.files) with a card that shows it, its time and its format read from its first bytes.
 */
class MeterSampleTest {

  private static Vertx vertx;
  private static MemoryHost host;
  private static MiniAppRuntime runtime;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    host = new MemoryHost(Set.of("cards.post", "cards.update", "files.read"));
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
  void meter_asksForAPhoto_andShowsTheOneItGets_withItsTime() throws Exception {
    AppVersion app = await(runtime.load(BundleReader.create().read(SampleBundles.zip("meter"))));
    Set<String> granted = Set.of("cards.post", "files.receive");
    await(runtime.invoke(app, "ask", new JsonObject().put("type", "command"),
        CallContext.of(app, "ann", "c1", "r1", granted)));
    JsonObject asking = host.cards.get(host.posted.get(host.posted.size() - 1));
    JsonObject button = asking.getJsonArray("buttons").getJsonObject(0);
    assertThat(button.getString("type")).isEqualTo("request_file");
    assertThat(button.getString("accept")).isEqualTo("image/*");

    host.files.put("f1", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3});
    JsonObject event = new JsonObject().put("type", "card_action").put("actionId", "photo").put("messageId", "m1")
        .put("files", new JsonArray().add(new JsonObject().put("id", "f1").put("name", "meter.jpg")
            .put("contentType", "image/jpeg").put("size", 7).put("sha256", "ab".repeat(32))
            .put("sentAt", "2026-12-06T15:00:00Z")));
    JsonObject answer = await(runtime.invoke(app, "photo", event, CallContext.of(app, "ann", "c1", "r2", granted)));
    JsonObject card = answer.getJsonObject("card");
    assertThat(card.getString("text")).contains("2026-12-06T15:00:00Z");
    assertThat(card.getJsonArray("fields").getJsonObject(2).getString("value")).isEqualTo("JPEG");
    assertThat(card.getJsonArray("files").getJsonObject(0).getString("attachmentId")).isEqualTo("f1");
  }
}
