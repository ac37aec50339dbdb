package dev.parley.core.links;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.net.FetchRefused;
import dev.parley.core.common.net.PublicFetch;
import dev.parley.core.common.storage.Database;
import dev.parley.core.ratelimit.RateLimits;
import io.github.bucket4j.BucketConfiguration;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jsoup.Jsoup;

/**
 * Makes and caches link previews. A preview (or the failure to make one) is kept in memory
 * (Caffeine) and in {@code link_previews} until it expires (a day; ten minutes for a failure), so
 * a URL is fetched once per day whatever the number of people and nodes that show it; concurrent
 * asks for one URL on a node share one fetch. Pages and images come through {@link PublicFetch};
 * parsing and re-encoding run on workers.
 */
public final class LinkPreviews {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LinkPreviews.class);
  static final int MAX_URL = 2048;
  private static final Set<String> PAGE_TYPES = Set.of("text/html", "application/xhtml+xml");
  private static final String USER_AGENT = "Mozilla/5.0 (compatible; ParleyLinkPreview/1.0)";

  /** A cached answer: a preview with its image bytes, or the words of a failure. */
  private record Cached(Optional<LinkPreview> preview, Optional<String> failure, Optional<Buffer> image,
      long expiresAt) {
  }

  private final Vertx vertx;
  private final Database db;
  private final Clock clock;
  private final LinkPreviewOptions options;
  private final PublicFetch fetch;
  private final Cache<String, Cached> cache;
  private final RateLimits.Buckets buckets;
  private final BucketConfiguration budget;
  private final Map<String, Future<Cached>> inFlight = new ConcurrentHashMap<>();

  public LinkPreviews(Vertx vertx, Database db, Clock clock, LinkPreviewOptions options) {
    this(vertx, db, clock, options, RateLimits.local());
  }

  public LinkPreviews(Vertx vertx, Database db, Clock clock, LinkPreviewOptions options, RateLimits rateLimits) {
    this.buckets = rateLimits.buckets("link-previews", Caffeine.newBuilder().maximumSize(100_000)
        .expireAfterAccess(Duration.ofMinutes(10)), null);
    this.budget = BucketConfiguration.builder().addLimit(l -> l.capacity(options.getPerMinute())
        .refillGreedy(options.getPerMinute(), Duration.ofMinutes(1))).build();
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.options = new LinkPreviewOptions(options);
    this.fetch = new PublicFetch(vertx, options.getAddressPolicy(), options.getTimeoutMillis());
    this.cache = Caffeine.newBuilder().maximumSize(10_000)
        .expireAfterWrite(Duration.ofMillis(options.getTtlMillis())).build();
  }

  /** Whether previews are made at all (setting {@code linkPreviews.enabled}). */
  public boolean enabled() {
    return options.isEnabled();
  }

  /**
   * The preview of {@code url} for an account that asked for it: 400 naming {@code url} for a URL
   * that is not http(s), 429 past the account's rate, 422 {@code link-preview-unavailable} with the
   * reason when the page cannot be previewed.
   */
  public Future<LinkPreview> preview(String accountId, String url) {
    if (!options.isEnabled()) {
      return Future.failedFuture(PlatformException.notFound("link previews (they are turned off here)"));
    }
    URI uri;
    try {
      uri = parse(url);
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    URI target = uri;
    return acquire(accountId).compose(v -> cached(target)).compose(c -> c.preview().isPresent()
        ? Future.succeededFuture(c.preview().get())
        : Future.failedFuture(PlatformException.of(PlatformException.Reason.PREVIEW_UNAVAILABLE,
            "no preview of this page: " + c.failure().orElse("it could not be read"))));
  }

  /** The preview a message gains, or none when it cannot be made (a message never fails for it). */
  Future<Optional<LinkPreview>> forMessage(String accountId, String url) {
    return preview(accountId, url).map(Optional::of).otherwise(Optional.empty());
  }

  /** A preview's re-encoded JPEG by its key; empty when there is none. */
  public Future<Optional<Buffer>> image(String key) {
    if (!key.matches("[0-9a-f]{64}")) {
      return Future.succeededFuture(Optional.empty());
    }
    Cached c = cache.getIfPresent(key);
    if (c != null && c.image().isPresent()) {
      return Future.succeededFuture(c.image());
    }
    return LinkPreviewRepository.image(db.pool(), key);
  }

  /** The send body field {@code linkPreview} as a {@link dev.parley.core.chat.MessageExtension}. */
  public dev.parley.core.chat.MessageExtension messageExtension() {
    return new LinkPreviewExtension(this);
  }

  /** Removes expired rows; the platform calls it now and then. */
  public Future<Integer> purgeExpired() {
    return LinkPreviewRepository.purge(db.pool(), clock.millis());
  }

  static URI parse(String url) {
    if (url == null || url.isBlank() || url.length() > MAX_URL) {
      throw PlatformException.invalid("url", "url must be an http:// or https:// URL of at most " + MAX_URL
          + " characters");
    }
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
        throw PlatformException.invalid("url", "url must be an http:// or https:// URL with a host and no user name");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw PlatformException.invalid("url", "url is not a valid URL: " + e.getReason());
    }
  }

  private Future<Void> acquire(String accountId) {
    return RateLimits.take(buckets.get(accountId, () -> budget),
        "you are asking for link previews too fast; try again in {seconds} s");
  }

  static String key(String url) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** From memory, else from the table, else fetched (once per URL on this node at a time). */
  private Future<Cached> cached(URI uri) {
    String url = uri.toString();
    String key = key(url);
    Cached inMemory = cache.getIfPresent(key);
    if (inMemory != null && inMemory.expiresAt() > clock.millis()) {
      return Future.succeededFuture(inMemory);
    }
    io.vertx.core.Promise<Cached> loading = io.vertx.core.Promise.promise();
    Future<Cached> prior = inFlight.putIfAbsent(key, loading.future());
    if (prior != null) {
      return prior;
    }
    LinkPreviewRepository.find(db.pool(), key)
        .compose(row -> row.filter(r -> r.expiresAt() > clock.millis() && r.url().equals(url)).isPresent()
            ? Future.succeededFuture(fromRow(row.get()))
            : fetchAndStore(uri, key))
        .onComplete(result -> {
          inFlight.remove(key);
          if (result.succeeded()) {
            cache.put(key, result.result());
          }
          loading.handle(result);
        });
    return loading.future();
  }

  private static Cached fromRow(LinkPreviewRepository.Row row) {
    return new Cached(row.preview().map(p -> LinkPreview.fromJson(new JsonObject(p))), row.failure(), row.image(),
        row.expiresAt());
  }

  private Future<Cached> fetchAndStore(URI uri, String key) {
    String url = uri.toString();
    return make(uri, key)
        .map(made -> new Cached(Optional.of(made.preview()), Optional.empty(), made.image(),
            clock.millis() + options.getTtlMillis()))
        .recover(f -> {
          if (!(f instanceof FetchRefused)) {
            LOG.info("link preview failed url=\"{}\"", url, f);
          }
          String why = f instanceof FetchRefused ? f.getMessage() : "the page could not be read";
          return Future.succeededFuture(new Cached(Optional.empty(), Optional.of(why), Optional.empty(),
              clock.millis() + options.getFailureTtlMillis()));
        })
        .compose(c -> db.pool().withTransaction(tx -> LinkPreviewRepository.replace(tx,
            new LinkPreviewRepository.Row(key, url, c.preview().map(p -> p.toJson().encode()), c.failure(),
                c.image(), c.expiresAt())))
            .map(c)
            .recover(f -> {
              // Another node stored it meanwhile, or the table is unreachable: this answer still stands.
              LOG.debug("link preview not stored url=\"{}\"", url, f);
              return Future.succeededFuture(c);
            }));
  }

  private record Made(LinkPreview preview, Optional<Buffer> image) {
  }

  private Future<Made> make(URI uri, String key) {
    return fetch.fetch(PublicFetch.get(uri).header("User-Agent", USER_AGENT)
        .header("Accept", "text/html,application/xhtml+xml;q=0.9").maxRedirects(3)
        .maxBytes(options.getMaxPageBytes(), true).contentTypes(PAGE_TYPES::contains))
        .compose(page -> {
          if (page.status() / 100 != 2) {
            return Future.failedFuture(new FetchRefused("the site answered " + page.status()));
          }
          return vertx.executeBlocking(() -> metadata(page), false);
        })
        .compose(meta -> {
          if (meta.title().isEmpty() && meta.description().isEmpty()) {
            return Future.failedFuture(new FetchRefused("the page has neither a title nor a description"));
          }
          Future<Optional<Buffer>> image = meta.image().isEmpty()
              ? Future.succeededFuture(Optional.empty())
              : image(meta.image().get());
          return image.map(bytes -> new Made(new LinkPreview(uri.toString(), meta.title(), meta.description(),
              meta.siteName(), bytes.map(b -> key)), bytes));
        });
  }

  private static PageMetadata metadata(PublicFetch.Response page) throws IOException {
    String charset = charset(page.headers().get("Content-Type"));
    // jsoup takes the header's charset, else a BOM or a <meta charset>, else UTF-8.
    return PageMetadata.of(Jsoup.parse(new ByteArrayInputStream(page.body().getBytes()), charset,
        page.url().toString()), page.url());
  }

  private static @org.jspecify.annotations.Nullable String charset(
      @org.jspecify.annotations.Nullable String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String part : contentType.split(";")) {
      String p = part.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        String name = p.substring(8).replace("\"", "").strip();
        return java.nio.charset.Charset.isSupported(name) ? name : null;
      }
    }
    return null;
  }

  /** The page's image, re-encoded; none when it cannot be fetched or decoded (the preview stands without). */
  private Future<Optional<Buffer>> image(URI src) {
    return fetch.fetch(PublicFetch.get(src).header("User-Agent", USER_AGENT).header("Accept", "image/*")
        .maxRedirects(3).maxBytes(options.getMaxImageBytes(), false).contentTypes(PreviewImages.TYPES::contains))
        .compose(response -> response.status() / 100 != 2
            ? Future.failedFuture(new FetchRefused("the image answered " + response.status()))
            : vertx.executeBlocking(() -> Buffer.buffer(PreviewImages.reencode(response.body().getBytes())), false))
        .map(Optional::of)
        .otherwise(f -> {
          LOG.debug("link preview image left out src=\"{}\": {}", src, f.getMessage());
          return Optional.empty();
        });
  }
}
