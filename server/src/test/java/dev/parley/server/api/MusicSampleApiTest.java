package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.LiveClient;
import dev.parley.core.Reply;
import dev.parley.core.TestDatabases.Kind;
import dev.parley.core.TestUser;
import dev.parley.server.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The music sample on a real server: it is published at start; {@code /music} answers with a card
 * that opens the page; page calls through the broker change the shared player, and every member's
 * live socket gets each new state as a page broadcast; the page reads the saved state for a late
 * joiner; the now-playing card appears; a hostile call changes nothing; the bundle's tracks are
 * served on the app's origin as Ogg with range requests and caching headers.
 */
class MusicSampleApiTest {

  private static TestServer server;
  private static ApiClient api;

  @BeforeAll
  static void start() {
    server = TestServer.create(Kind.H2, o -> { }).start();
    api = server.api();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void pageCalls_changeTheSharedPlayer_andReachEveryMembersSocket() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = api.group(ann, "music", bob).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", "music"));
    assertThat(installed.status()).as("%s", installed).isEqualTo(201);
    for (TestUser u : List.of(ann, bob)) {
      Reply consent = api.post("/api/apps/music/consent", u, new JsonObject().put("permissions",
          new JsonArray().add("storage.conversation").add("cards.post").add("media.upload")));
      assertThat(consent.status()).as("%s", consent).isEqualTo(200);
    }

    Reply command = api.post("/api/conversations/" + group + "/commands", ann, new JsonObject().put("text", "/music"));
    assertThat(command.status()).as("%s", command).isEqualTo(200);
    JsonObject card = command.json().getJsonArray("messages").getJsonObject(0).getJsonObject("card");
    assertThat(card.getJsonArray("buttons").getJsonObject(0).getString("type")).isEqualTo("open_page");

    try (LiveClient bobLive = api.live(bob)) {
      assertThat(server(ann, group, new JsonObject().put("action", "enqueue").put("trackId", "night-tram")).status())
          .isEqualTo(200);
      JsonObject event = bobLive.next("page_broadcast");
      assertThat(event.getString("appId")).isEqualTo("music");
      assertThat(event.getString("conversationId")).isEqualTo(group);
      assertThat(event.getJsonObject("data").getJsonObject("state").getInteger("v")).isEqualTo(1);

      Reply play = server(bob, group, new JsonObject().put("action", "play"));
      assertThat(play.status()).as("%s", play).isEqualTo(200);
      JsonObject state = bobLive.next("page_broadcast").getJsonObject("data").getJsonObject("state");
      assertThat(state.getBoolean("playing")).isTrue();
      assertThat(state.getInteger("v")).isEqualTo(2);
      JsonObject nowPlaying = bobLive.nextMessage();
      assertThat(nowPlaying.getJsonObject("card").getString("title")).isEqualTo("Now playing: Night Tram");

      Reply hostile = server(ann, group, new JsonObject().put("action", "seek").put("positionMs", -5));
      assertThat(hostile.status()).as("%s", hostile).isEqualTo(502);

      // A late joiner's page reads the saved state through the SDK's host call.
      Reply saved = api.post("/api/conversations/" + group + "/apps/music/calls", bob, new JsonObject()
          .put("capability", "storage.get").put("args", new JsonObject().put("scope", "conversation").put("key", "player")));
      assertThat(saved.status()).as("%s", saved).isEqualTo(200);
      JsonObject stored = saved.json().getJsonObject("result");
      assertThat(stored.getInteger("v")).as("the hostile seek changed nothing").isEqualTo(2);
      assertThat(stored.getBoolean("playing")).isTrue();

      Reply hello = server(bob, group, new JsonObject().put("action", "state").put("nonce", "bobs-page"));
      assertThat(hello.status()).isEqualTo(200);
      JsonObject reply = bobLive.next("page_broadcast").getJsonObject("data").getJsonObject("reply");
      assertThat(reply).isEqualTo(new JsonObject().put("nonce", "bobs-page").put("canUpload", true));
    }
  }

  @Test
  void theBundlesTracks_areServedOnTheAppOrigin_withRangesAndCaching() {
    HttpClient http = server.vertx().createHttpClient();
    try {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
          .setServer(SocketAddress.inetSocketAddress(api.port(), "127.0.0.1"))
          .setHost("music.apps.localhost").setPort(api.port()).setURI("/tracks/glass-rain.ogg")
          .putHeader("Range", "bytes=0-99");
      Got got = ApiClient.await(http.request(options).compose(HttpClientRequest::send)
          .compose(r -> r.body().map(b -> new Got(r, b))));
      HttpClientResponse r = got.response();
      Buffer body = got.body();
      assertThat(r.statusCode()).isEqualTo(206);
      assertThat(r.getHeader("Content-Type")).startsWith("audio/ogg");
      assertThat(r.getHeader("Content-Range")).startsWith("bytes 0-99/");
      assertThat(r.getHeader("ETag")).isNotBlank();
      assertThat(r.getHeader("Cache-Control")).isNotBlank();
      assertThat(body.length()).isEqualTo(100);
      assertThat(body.getString(0, 4)).isEqualTo("OggS");
    } finally {
      http.close();
    }
  }

  private record Got(HttpClientResponse response, Buffer body) {
  }

  private static Reply server(TestUser user, String group, JsonObject args) {
    return api.post("/api/conversations/" + group + "/apps/music/calls", user,
        new JsonObject().put("capability", "server").put("args", args));
  }
}
