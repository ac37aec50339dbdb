package dev.parley.core.apps.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Caller;
import dev.parley.core.PlatformTestBase;
import dev.parley.core.Reply;
import dev.parley.core.TestApps;
import dev.parley.core.TestPlatform;
import dev.parley.core.TestUser;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Media uploads of apps' pages on both databases: a good file is stored once per content and
 * served on the app's origin with ranges, ETag and immutable caching; the wrong format, a body
 * over the limit (declared or streamed), no consent, no permission and a non-member are refused
 * with a clear message and leave nothing stored; {@code parley.media.get} sees only this app's
 * media of this conversation.
 */
class MediaUploadTest extends PlatformTestBase {

  /** Small, so that "too large" stays cheap. */
  static final long LIMIT = 64 * 1024;

  static final String SERVER_JS = """
      export async function track(event, ctx) {
        return { text: JSON.stringify(await parley.media.get({ id: event.text })) };
      }
      """;

  private TestUser admin;
  private TestUser dev;
  private String appId;
  private String otherAppId;
  private HttpClient http;

  @Override
  protected TestPlatform.Builder configure(TestPlatform.Builder builder) {
    return builder.platformOptions(o -> o.setMedia(new MediaOptions().setMaxUploadBytes(LIMIT)));
  }

  @Override
  protected void setUp() {
    admin = p.admin();
    dev = TestApps.developer(api, admin, "dj");
    http = p.vertx().createHttpClient();
    appId = publish("music", "media.upload");
    otherAppId = publish("noupload");
  }

  private String publish(String name, String... permissions) {
    String id = TestApps.appId(api, name);
    TestApps.createApp(api, dev, id);
    JsonObject manifest = TestApps.manifest(id, "1.0.0", permissions).put("commands", new JsonArray()
        .add(new JsonObject().put("name", "track").put("description", "reads a track").put("handler", "track")));
    Map<String, byte[]> files = TestApps.files(id, "1.0.0", permissions);
    files.put("manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
    files.put("server.js", SERVER_JS.getBytes(StandardCharsets.UTF_8));
    TestApps.publish(api, dev, admin, id, "1.0.0", TestApps.zip(files));
    return id;
  }

  /** A valid PCM WAV file: mono, 8 kHz, 16 bit, {@code samples} samples of a 440 Hz tone. */
  static byte[] wav(int samples) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
        .put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (Math.sin(2 * Math.PI * 440 * i / 8000.0) * 8000));
    }
    return b.array();
  }

  /** The first page of an Ogg Vorbis stream: the capture pattern and the Vorbis identification header. */
  static byte[] oggVorbis() {
    ByteBuffer b = ByteBuffer.allocate(58).order(ByteOrder.LITTLE_ENDIAN);
    b.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 2).putLong(0).putInt(1).putInt(0)
        .putInt(0).put((byte) 1).put((byte) 30);
    b.put((byte) 1).put("vorbis".getBytes(StandardCharsets.US_ASCII)).putInt(0).put((byte) 2).putInt(44100)
        .putInt(0).putInt(128000).putInt(0).put((byte) 0xb8).put((byte) 1);
    return b.array();
  }

  /** The first page of an Ogg Opus stream as opusenc writes it: the capture pattern and "OpusHead". */
  static byte[] oggOpus() {
    ByteBuffer b = ByteBuffer.allocate(47).order(ByteOrder.LITTLE_ENDIAN);
    b.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 2).putLong(0).putInt(7).putInt(0)
        .putInt(0).put((byte) 1).put((byte) 19);
    b.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 2).putShort((short) 312)
        .putInt(48000).putShort((short) 0).put((byte) 0);
    return b.array();
  }

  private String group(TestUser owner, TestUser... members) {
    String id = api.group(owner, "listening", members).getString("id");
    for (String app : new String[] {appId, otherAppId}) {
      Reply installed = api.post("/api/conversations/" + id + "/apps", owner, new JsonObject().put("appId", app));
      assertThat(installed.status()).as("%s", installed).isEqualTo(201);
    }
    return id;
  }

  private void consent(TestUser user, String app, String... permissions) {
    Reply r = api.post("/api/apps/" + app + "/consent", user,
        new JsonObject().put("permissions", new JsonArray(java.util.List.of(permissions))));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
  }

  private Reply upload(TestUser user, String conversationId, String app, byte[] bytes, String name) {
    return api.request(HttpMethod.POST, "/api/conversations/" + conversationId + "/apps/" + app + "/media?name="
        + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8), user, Buffer.buffer(bytes),
        "application/octet-stream");
  }

  private long stored() {
    return p.sql("SELECT COUNT(*) AS n FROM media").get(0).getLong("n") * 1000
        + p.sql("SELECT COUNT(*) AS n FROM media_blobs").get(0).getLong("n");
  }

  /** A GET on {@code <app>.apps.localhost:<port>} with the body as bytes. */
  private record Got(int status, MultiMap headers, Buffer body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private Got getOnAppOrigin(String app, String path, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setServer(SocketAddress.inetSocketAddress(p.port(), "127.0.0.1"))
        .setHost(app + ".apps.localhost").setPort(p.port()).setURI(path);
    for (int i = 0; i < headers.length; i += 2) {
      options.putHeader(headers[i], headers[i + 1]);
    }
    return ApiClient.await(http.request(options).compose(req -> req.send())
        .compose((HttpClientResponse r) -> r.body().map(b -> new Got(r.statusCode(),
            MultiMap.caseInsensitiveMultiMap().addAll(r.headers()), b))));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void aGoodFile_isStored_andServedOnTheAppsOrigin_withRangesETagAndImmutableCaching() throws Exception {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    String group = group(ann, bob);
    byte[] tone = wav(4000);

    Reply asked = upload(ann, group, appId, tone, "tone.wav");
    assertThat(asked.status()).as("%s", asked).isEqualTo(200);
    assertThat(asked.json().getString("status")).isEqualTo("consent_required");
    assertThat(asked.json().getJsonArray("permissions").encode()).contains("media.upload");
    consent(ann, appId, "media.upload");

    Reply up = upload(ann, group, appId, tone, "C:\\music\\tone.wav");
    assertThat(up.status()).as("%s", up).isEqualTo(201);
    JsonObject media = up.json();
    String id = media.getString("id");
    assertThat(media.getString("contentType")).isEqualTo("audio/wav");
    assertThat(media.getLong("size")).isEqualTo(tone.length);
    assertThat(media.getString("name")).isEqualTo("tone.wav");
    assertThat(media.getString("url")).startsWith("http://" + appId + ".apps.").endsWith("/media/" + id);

    Got whole = getOnAppOrigin(appId, "/media/" + id);
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.body().getBytes()).isEqualTo(tone);
    assertThat(whole.header("Content-Type")).isEqualTo("audio/wav");
    assertThat(whole.header("ETag")).isEqualTo("\"" + sha256(tone) + "\"");
    assertThat(whole.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    assertThat(whole.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(whole.header("Cross-Origin-Resource-Policy")).isEqualTo("same-origin");

    Got part = getOnAppOrigin(appId, "/media/" + id, "Range", "bytes=44-143");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.header("Content-Range")).isEqualTo("bytes 44-143/" + tone.length);
    assertThat(part.body().getBytes()).isEqualTo(java.util.Arrays.copyOfRange(tone, 44, 144));
    Got beyond = getOnAppOrigin(appId, "/media/" + id, "Range", "bytes=" + tone.length + "-");
    assertThat(beyond.status()).isEqualTo(416);
    assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + tone.length);
    Got cached = getOnAppOrigin(appId, "/media/" + id, "If-None-Match", whole.header("ETag"));
    assertThat(cached.status()).isEqualTo(304);
    assertThat(cached.body().length()).isZero();

    assertThat(getOnAppOrigin(otherAppId, "/media/" + id).status()).as("only on its own app's origin").isEqualTo(404);
    assertThat(getOnAppOrigin(appId, "/media/AAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(404);

    // The same bytes again (by another member): a new id, the content kept once.
    consent(bob, appId, "media.upload");
    Reply again = upload(bob, group, appId, tone, "same.wav");
    assertThat(again.status()).as("%s", again).isEqualTo(201);
    assertThat(again.json().getString("id")).isNotEqualTo(id);
    assertThat(p.sql("SELECT COUNT(*) AS n FROM media_blobs WHERE sha256 = ?", sha256(tone)).get(0).getLong("n"))
        .isEqualTo(1);

    Reply ogg = upload(ann, group, appId, oggVorbis(), "loop.ogg");
    assertThat(ogg.status()).as("%s", ogg).isEqualTo(201);
    assertThat(ogg.json().getString("contentType")).isEqualTo("audio/ogg");

    Reply opus = upload(ann, group, appId, oggOpus(), "loop.opus");
    assertThat(opus.status()).as("Ogg Opus (Tika alone says application/ogg): %s", opus).isEqualTo(201);
    assertThat(opus.json().getString("contentType")).isEqualTo("audio/ogg");
  }

  @Test
  void theWrongFormat_isRefusedByContent_whateverItsName_andNothingIsStored() {
    TestUser ann = api.signUp("ann");
    String group = group(ann);
    consent(ann, appId, "media.upload");
    long before = stored();

    Reply png = upload(ann, group, appId, TestApps.ICON, "song.mp3");
    assertThat(png.status()).as("%s", png).isEqualTo(400);
    assertThat(png.json().getString("detail")).contains("not audio of an accepted format").contains("image/png")
        .contains("audio/mpeg").contains("audio/ogg").contains("audio/wav");
    Reply text = upload(ann, group, appId, "just some words, honestly".getBytes(StandardCharsets.UTF_8), "song.mp3");
    assertThat(text.status()).as("%s", text).isEqualTo(400);
    assertThat(text.json().getString("detail")).contains("text/plain");
    Reply empty = upload(ann, group, appId, new byte[0], "nothing.wav");
    assertThat(empty.status()).as("%s", empty).isEqualTo(400);
    assertThat(empty.json().getString("detail")).contains("empty");
    assertThat(stored()).isEqualTo(before);
  }

  @Test
  void aFileOverTheLimit_isRefused_declaredOrStreamed_naming413AndTheLimit_andNothingIsStored() {
    TestUser ann = api.signUp("ann");
    String group = group(ann);
    consent(ann, appId, "media.upload");
    long before = stored();

    // A little over the limit: refused at once, and the connection still serves the next request.
    Reply declared = upload(ann, group, appId, wav((int) LIMIT / 2 + 2048), "long.wav");
    assertThat(declared.status()).as("%s", declared).isEqualTo(413);
    assertThat(declared.json().getString("detail")).contains("larger than 64 KiB");

    // Chunked, with no Content-Length: refused while it streams.
    byte[] big = wav((int) LIMIT / 2 + 2048);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost(api.host()).setPort(api.port())
        .setURI("/api/conversations/" + group + "/apps/" + appId + "/media?name=long.wav");
    ann.headers().forEach(options::putHeader);
    Reply streamed = ApiClient.await(http.request(options).compose(req -> {
      req.setChunked(true);
      for (int i = 0; i < big.length; i += 8192) {
        req.write(Buffer.buffer(java.util.Arrays.copyOfRange(big, i, Math.min(big.length, i + 8192))));
      }
      req.end();
      return req.response();
    }).compose(r -> r.body().map(b -> new Reply(r.statusCode(), r.headers(), b.toString()))));
    assertThat(streamed.status()).as("%s", streamed).isEqualTo(413);
    assertThat(streamed.json().getString("detail")).contains("larger than 64 KiB");
    assertThat(stored()).isEqualTo(before);
  }

  @Test
  void noConsent_noPermission_andNonMembers_areRefused_andNothingIsStored() {
    TestUser ann = api.signUp("ann");
    TestUser eve = api.signUp("eve");
    String group = group(ann);
    byte[] tone = wav(100);
    long before = stored();

    consent(ann, appId, "media.upload");
    Reply revoked = api.delete("/api/apps/" + appId + "/consent/media.upload", ann);
    assertThat(revoked.status()).isEqualTo(204);
    Reply refused = upload(ann, group, appId, tone, "a.wav");
    assertThat(refused.status()).as("%s", refused).isEqualTo(403);
    assertThat(refused.json().getString("detail")).contains("no permission 'media.upload'");

    Reply notAsked = upload(ann, group, otherAppId, tone, "a.wav");
    assertThat(notAsked.status()).as("an app that never asked for it: %s", notAsked).isEqualTo(403);

    Reply outsider = upload(eve, group, appId, tone, "a.wav");
    assertThat(outsider.status()).as("%s", outsider).isEqualTo(404);
    Reply anonymous = api.request(HttpMethod.POST, "/api/conversations/" + group + "/apps/" + appId + "/media",
        Caller.anonymous(), Buffer.buffer(tone), "application/octet-stream");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(stored()).isEqualTo(before);
  }

  @Test
  void mediaGet_seesOnlyThisAppsMediaOfThisConversation() {
    TestUser ann = api.signUp("ann");
    String group = group(ann);
    String elsewhere = group(ann);
    consent(ann, appId, "media.upload");
    String id = upload(ann, group, appId, wav(200), "tone.wav").json().getString("id");

    Reply here = api.post("/api/conversations/" + group + "/commands", ann,
        new JsonObject().put("text", "/track " + id));
    assertThat(here.status()).as("%s", here).isEqualTo(200);
    JsonObject seen = new JsonObject(here.json().getJsonArray("messages").getJsonObject(0).getString("text"));
    assertThat(seen.getString("id")).isEqualTo(id);
    assertThat(seen.getString("url")).isEqualTo("/media/" + id);
    assertThat(seen.getString("contentType")).isEqualTo("audio/wav");
    assertThat(seen.getString("name")).isEqualTo("tone.wav");
    assertThat(seen.getString("uploadedBy")).isEqualTo(ann.id());

    Reply there = api.post("/api/conversations/" + elsewhere + "/commands", ann,
        new JsonObject().put("text", "/track " + id));
    assertThat(there.json().getJsonArray("messages").getJsonObject(0).getString("text")).isEqualTo("null");
  }
}
