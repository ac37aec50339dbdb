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
import java.nio.charset.StandardCharsets;
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
    server = TestServer.create(Kind.H2, o -> {}).start();
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
          .put("capability", "storage.get")
          .put("args", new JsonObject().put("scope", "conversation").put("key", "player")));
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
    Got got = appOrigin("/tracks/glass-rain.ogg", "bytes=0-99");
    HttpClientResponse r = got.response();
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.getHeader("Content-Type")).startsWith("audio/ogg");
    assertThat(r.getHeader("Content-Range")).startsWith("bytes 0-99/");
    assertThat(r.getHeader("ETag")).isNotBlank();
    assertThat(r.getHeader("Cache-Control")).isNotBlank();
    assertThat(got.body().length()).isEqualTo(100);
    assertThat(got.body().getString(0, 4)).isEqualTo("OggS");
  }

  @Test
  void anUploadedTrack_entersTheQueue_andPlaysFromTheAppOrigin() {
    TestUser ann = api.signUp("ann");
    String group = api.group(ann, "uploads").getString("id");
    assertThat(api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", "music")).status())
        .isEqualTo(201);
    api.post("/api/apps/music/consent", ann, new JsonObject().put("permissions",
        new JsonArray().add("storage.conversation").add("cards.post").add("media.upload")));
    byte[] wav = wav(8000, 2);
    Reply uploaded = api.request(HttpMethod.POST,
        "/api/conversations/" + group + "/apps/music/media?name=Our%20song.wav",
        ann, Buffer.buffer(wav), "application/octet-stream");
    assertThat(uploaded.status()).as("%s", uploaded).isEqualTo(201);
    String id = uploaded.json().getString("id");
    assertThat(uploaded.json().getString("contentType")).isEqualTo("audio/wav");

    try (LiveClient live = api.live(ann)) {
      Reply added = server(ann, group, new JsonObject().put("action", "enqueue").put("mediaId", id));
      assertThat(added.status()).as("%s", added).isEqualTo(200);
      JsonObject item = live.next("page_broadcast").getJsonObject("data").getJsonObject("state").getJsonArray("queue")
          .getJsonObject(0);
      assertThat(item.getString("title")).isEqualTo("Our song");
      assertThat(item.getString("kind")).isEqualTo("upload");
      assertThat(item.getString("src")).isEqualTo("/media/" + id);
    }
    Got got = appOrigin("/media/" + id, "bytes=100-199");
    assertThat(got.response().statusCode()).isEqualTo(206);
    assertThat(got.response().getHeader("Content-Type")).startsWith("audio/wav");
    assertThat(got.body().getBytes()).isEqualTo(java.util.Arrays.copyOfRange(wav, 100, 200));

    Reply unknown = server(ann, group, new JsonObject().put("action", "enqueue").put("mediaId", "no-such-upload"));
    assertThat(unknown.status()).as("an id the host does not know is refused").isEqualTo(502);
  }

  /** A mono 16-bit PCM WAV of {@code seconds} of a 440 Hz tone at {@code rate} Hz. */
  private static byte[] wav(int rate, int seconds) {
    int samples = rate * seconds;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + 2 * samples).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
        .putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate).putShort((short) 2)
        .putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
    }
    return b.array();
  }

  /** A GET on the music app's origin ({@code Host: music.apps.localhost}) with a {@code Range}. */
  private static Got appOrigin(String path, String range) {
    HttpClient http = server.vertx().createHttpClient();
    try {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
          .setServer(SocketAddress.inetSocketAddress(api.port(), "127.0.0.1"))
          .setHost("music.apps.localhost").setPort(api.port()).setURI(path).putHeader("Range", range);
      return ApiClient.await(http.request(options).compose(HttpClientRequest::send)
          .compose(r -> r.body().map(b -> new Got(r, b))));
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
