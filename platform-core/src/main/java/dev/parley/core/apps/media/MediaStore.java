package dev.parley.core.apps.media;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Uploaded media in the database: the bytes once per content ({@code media_blobs}, by SHA-256) and
 * a row per upload ({@code media}) for one app in one conversation, both in one transaction so a
 * failure leaves nothing. Content is checked before anything is written. Served bytes are cached
 * by digest (weighed by size); a digest's bytes never change, so the cache needs no invalidation.
 */
public final class MediaStore {

  /** At most this many characters of the name a file came with are kept. */
  static final int MAX_NAME = 200;

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final IdGenerator ids;
  private final MediaOptions options;
  private final AsyncCache<String, Buffer> contents;

  public MediaStore(Vertx vertx, Database db, Clock clock, IdGenerator ids, MediaOptions options) {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.ids = ids;
    this.options = new MediaOptions(options);
    this.contents = Caffeine.newBuilder().maximumWeight(this.options.getCacheBytes())
        .weigher((String k, Buffer b) -> b.length()).recordStats().buildAsync();
  }

  /** The content cache in {@code /metrics} as {@code media_contents}. */
  public void registerMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics.monitor(registry, contents.synchronous(),
        "media_contents");
  }

  public MediaOptions options() {
    return new MediaOptions(options);
  }

  /** The refusal of a body over the limit, naming it. */
  public PlatformException tooLarge() {
    return PlatformException.of(PlatformException.Reason.TOO_LARGE,
        "the file is larger than " + MediaOptions.describe(options.getMaxUploadBytes())
            + ", the most an app may upload");
  }

  /**
   * Checks and stores one upload: its format by content (one of {@link AudioFormats#ALLOWED}, else
   * 400 naming what it is), then blob and row in one transaction.
   */
  public Future<MediaItem> store(String appId, String conversationId, String userId, String name, Buffer body) {
    if (body.length() == 0) {
      return Future.failedFuture(PlatformException.invalid("/body", "the file is empty"));
    }
    if (body.length() > options.getMaxUploadBytes()) {
      return Future.failedFuture(tooLarge());
    }
    String cleanName = cleanName(name);
    byte[] bytes = body.getBytes();
    return vertx.executeBlocking(() -> new Checked(AudioFormats.detect(bytes), sha256(bytes)), false)
        .compose(checked -> {
          Optional<String> type = AudioFormats.accepted(checked.detected());
          if (type.isEmpty()) {
            return Future.failedFuture(PlatformException.of(PlatformException.Reason.INVALID,
                "the file is not audio of an accepted format: its content is " + checked.detected()
                    + "; accepted are " + AudioFormats.ALLOWED));
          }
          MediaItem item = new MediaItem(ids.newId(), appId, conversationId, checked.sha256(), cleanName, type.get(),
              bytes.length, userId, Instant.ofEpochMilli(clock.millis()));
          return insert(item, body).recover(f -> Database.isUniqueViolation(f)
              ? insert(item, body) // another upload of the same bytes won the blob's insert: it exists now
              : Future.failedFuture(f));
        });
  }

  private record Checked(String detected, String sha256) {
  }

  private Future<MediaItem> insert(MediaItem item, Buffer body) {
    return db.pool().withTransaction(tx -> MediaRepository.insert(tx, item, body)).map(r -> item);
  }

  /** The media {@code id} of {@code appId}, whatever its conversation (for serving on the app's origin). */
  public Future<Optional<MediaItem>> find(String appId, String id) {
    if (!IdGenerator.isId(id)) {
      return Future.succeededFuture(Optional.empty());
    }
    return MediaRepository.find(db.pool(), appId, id);
  }

  /** The media {@code id} of {@code appId} in {@code conversationId}, or empty. */
  public Future<Optional<MediaItem>> find(String appId, String conversationId, String id) {
    return find(appId, id).map(found -> found.filter(m -> m.conversationId().equals(conversationId)));
  }

  /** The bytes of a digest, from the cache or the database. */
  public Future<Buffer> content(String sha256) {
    CompletableFuture<Buffer> cached = contents.get(sha256, (key, executor) -> MediaRepository.content(db.pool(), key)
        .map(found -> found.orElseThrow(() -> PlatformException.notFound("media " + key)))
        .toCompletionStage().toCompletableFuture());
    return Future.fromCompletionStage(cached);
  }

  /** The name as given, without control characters or path, at most {@link #MAX_NAME} characters; "audio" when none is left. */
  static String cleanName(String name) {
    String n = name == null ? "" : name;
    n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
    n = n.codePoints().filter(c -> !Character.isISOControl(c))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    if (n.length() > MAX_NAME) {
      n = n.substring(0, MAX_NAME);
      if (Character.isHighSurrogate(n.charAt(MAX_NAME - 1))) {
        n = n.substring(0, MAX_NAME - 1);
      }
    }
    return n.isEmpty() ? "audio" : n;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
