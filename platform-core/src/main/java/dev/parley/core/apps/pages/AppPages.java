package dev.parley.core.apps.pages;

import static java.util.Objects.requireNonNull;

import dev.parley.core.apps.registry.DevCspReports;
import dev.parley.core.apps.registry.DevVersions.DevPage;
import dev.parley.core.apps.registry.RegistryService;
import dev.parley.core.apps.registry.Version;
import dev.parley.core.common.web.ByteResponses;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleFile;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.MimeMapping;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves mini-app pages on the app's own origin, {@code <appId>.apps.<host>}: mounted first on the
 * platform's router, it acts only on requests whose {@code Host} matches {@link #APP_HOST} and lets
 * every other request fall through untouched.
 *
 * <p>On an app host it answers everything itself, never calling the next handler: {@code /} is
 * the live version's start page ({@code pages[0]} of the manifest), {@code /<path>} the file
 * {@code ui/<path>} of the live bundle (the page's folder is the origin's root, so the start
 * page's relative links work), {@code /parley-sdk.js} and {@code /parley-sdk.d.ts} the SDK (also
 * under {@code /sdk/}), and {@code /api/*} is 404: no API route, and so no session cookie, works
 * on an app's origin (the messenger's cookie is host-only and is not even sent there).
 *
 * <p>Every answer carries a strict {@code Content-Security-Policy}: scripts, styles, images,
 * media (and {@code blob:} media) and fonts from the app's origin only, {@code connect-src} to the origin and the https
 * domains of the manifest's {@code network.allowed_domains} ({@code *.} wildcards kept),
 * {@code frame-ancestors} the messenger's origin. That origin is the configured public base URL's
 * when there is one, else the request's scheme and host with the {@code <appId>.apps.} prefix
 * removed ({@code http://x.apps.localhost:8080} is framed by {@code http://localhost:8080}).
 *
 * <p>Files are revalidated on each load ({@code Cache-Control: no-cache}, the live version can
 * change) with a strong ETag, the file's SHA-256, and answer single byte ranges (audio seeks).
 * {@code /media/<id>} is a file the app's pages uploaded ({@link MediaSource}): immutable, and
 * only on this app's origin. A suspended app answers 403, an unknown app or one without a live
 * version 404, each with a small page.
 */
public final class AppPages implements Handler<RoutingContext> {

  /** The host of an app's origin; group 1 is the app id. */
  public static final Pattern APP_HOST = Pattern.compile("^([a-z][a-z0-9-]{1,30}[a-z0-9])\\.apps\\.");
  /** The SDK's file names, served at the root of every app origin (and under {@code /sdk/}). */
  public static final String SDK_JS = "parley-sdk.js";
  public static final String SDK_TYPES = "parley-sdk.d.ts";

  private static final String PAGE_FOLDER = "ui/";
  private static final Map<String, Resource> SDK = Map.of(
      "/" + SDK_JS, Resource.load(SDK_JS, "text/javascript; charset=utf-8"),
      "/sdk/" + SDK_JS, Resource.load(SDK_JS, "text/javascript; charset=utf-8"),
      "/" + SDK_TYPES, Resource.load(SDK_TYPES, "application/typescript; charset=utf-8"),
      "/sdk/" + SDK_TYPES, Resource.load(SDK_TYPES, "application/typescript; charset=utf-8"));

  /** Where {@code /media/<id>} comes from: the file of that id uploaded for the app, if any. */
  @FunctionalInterface
  public interface MediaSource {
    /** The bytes, ETag digest and type of {@code appId}'s media {@code id}; empty when the app has none of that id. */
    Future<Optional<MediaFile>> find(String appId, String id);

    /** No media at all. */
    MediaSource NONE = (appId, id) -> Future.succeededFuture(Optional.empty());
  }

  /** One media file as served: its bytes, the SHA-256 that is its ETag, and its content type. */
  public record MediaFile(Buffer content, String sha256, String contentType) {
  }

  private static final String MEDIA_PREFIX = "/media/";
  /** Where a development version's page lives: {@code /dev/<token>/} (see {@link DevPages}). */
  public static final String DEV_PREFIX = "/dev/";

  /**
   * The development version a page token opens ({@code DevVersions.page}): only for a member of
   * its development conversation; empty for anyone else.
   */
  @FunctionalInterface
  public interface DevPages {
    Future<Optional<DevPage>> find(String appId, String token);

    /** No development versions. */
    DevPages NONE = (appId, token) -> Future.succeededFuture(Optional.empty());
  }

  private final RegistryService registry;
  private final Optional<String> messengerOrigin;
  private final MediaSource media;
  private final DevPages devPages;

  private AppPages(RegistryService registry, Optional<String> messengerOrigin, MediaSource media, DevPages devPages) {
    this.registry = registry;
    this.messengerOrigin = messengerOrigin;
    this.media = media;
    this.devPages = devPages;
  }

  /**
   * Serves the pages of the apps in {@code registry}.
   *
   * @param publicBaseUrl the messenger's public URL, if configured; its origin is the only one
   *     allowed to frame app pages. Without it, the origin is derived from each request's host.
   */
  public static AppPages create(RegistryService registry, Optional<String> publicBaseUrl) {
    return create(registry, publicBaseUrl, MediaSource.NONE);
  }

  /** Serves the pages of the apps in {@code registry} and their uploaded media at {@code /media/<id>}. */
  public static AppPages create(RegistryService registry, Optional<String> publicBaseUrl, MediaSource media) {
    return create(registry, publicBaseUrl, media, DevPages.NONE);
  }

  /** Also serves development versions' pages at {@code /dev/<token>/} to the members {@code devPages} lets in. */
  public static AppPages create(RegistryService registry, Optional<String> publicBaseUrl, MediaSource media,
      DevPages devPages) {
    requireNonNull(registry, "registry");
    return new AppPages(registry, requireNonNull(publicBaseUrl, "publicBaseUrl").map(AppPages::originOf),
        requireNonNull(media, "media"), requireNonNull(devPages, "devPages"));
  }

  /** The app id of a request's host ({@code payments.apps.example.com:443} → {@code payments}), if it is an app host. */
  public static Optional<String> appIdOf(String host) {
    if (host == null) {
      return Optional.empty();
    }
    Matcher m = APP_HOST.matcher(host.toLowerCase(Locale.ROOT));
    return m.find() && m.end() < host.length() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The origin of an app's pages for a messenger at {@code messengerOrigin}:
   * {@code appOrigin("payments", "https://chat.example.com")} is {@code https://payments.apps.chat.example.com}.
   */
  public static String appOrigin(String appId, String messengerOrigin) {
    URI uri = URI.create(requireNonNull(messengerOrigin, "messengerOrigin"));
    return uri.getScheme() + "://" + requireNonNull(appId, "appId") + ".apps." + appsHost(uri.getHost())
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  /**
   * The host under which app origins live for a messenger's host: the host itself, but
   * {@code localhost} for a loopback address. {@code x.apps.127.0.0.1} is no host name (browsers
   * read a name ending in a number as a malformed IPv4 address), while every {@code *.localhost}
   * name resolves to the loopback interface (RFC 6761), so a messenger opened at
   * {@code 127.0.0.1} or {@code [::1]} frames pages from {@code x.apps.localhost}.
   */
  public static String appsHost(String messengerHost) {
    String h = requireNonNull(messengerHost, "messengerHost").toLowerCase(Locale.ROOT);
    return isLoopbackLiteral(h) ? "localhost" : h;
  }

  private static boolean isLoopbackLiteral(String h) {
    return h.matches("127(\\.\\d{1,3}){3}") || h.equals("[::1]") || h.equals("::1") || h.equals("0.0.0.0");
  }

  /** Whether a host is an IP address literal, under which no app origin can live. */
  public static boolean isIpLiteral(String host) {
    return host != null && (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.startsWith("[") || host.contains(":"));
  }

  @Override
  public void handle(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    String host = authority == null ? null : authority.host();
    Optional<String> appId = appIdOf(host);
    if (appId.isEmpty()) {
      ctx.next();
      return;
    }
    String framer = messengerOrigin.orElseGet(() -> requestMessengerOrigin(ctx, authority, appId.get()));
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      problemPage(ctx, 405, "Only GET and HEAD are served here.", framer);
      return;
    }
    String path = decoded(ctx.normalizedPath());
    if (path == null) {
      problemPage(ctx, 404, "No such file.", framer);
      return;
    }
    if (path.equals("/api") || path.startsWith("/api/")) {
      problemPage(ctx, 404, "There is no API on an app's origin.", framer);
      return;
    }
    Resource sdk = SDK.get(path);
    if (sdk != null) {
      send(ctx, sdk.bytes(), sdk.sha256(), sdk.contentType(), basePolicy("'self'", framer));
      return;
    }
    if (path.startsWith(DEV_PREFIX)) {
      serveDev(ctx, appId.get(), path.substring(DEV_PREFIX.length()), framer);
      return;
    }
    registry.listing(appId.get()).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      if (found.result().isEmpty() || found.result().get().live().isEmpty()) {
        problemPage(ctx, 404, "This app does not exist or has no published version.", framer);
        return;
      }
      if (found.result().get().app().suspended()) {
        problemPage(ctx, 403, "This app is suspended.", framer);
        return;
      }
      Version live = found.result().get().live().get();
      if (path.startsWith(MEDIA_PREFIX)) {
        serveMedia(ctx, appId.get(), path.substring(MEDIA_PREFIX.length()), live, framer);
        return;
      }
      registry.bundle(live.digest()).onSuccess(bundle -> serveFile(ctx, bundle, path, "", policy(live, framer),
          framer)).onFailure(ctx::fail);
    });
  }

  /**
   * {@code /dev/<token>/<path>}: the file of the development version, when the token's account
   * is a member of its development conversation; 404 for anyone else, as for a file that is not
   * there. Never cached ({@code no-store}: the next save replaces it), and its policy reports
   * violations to the developer's log ({@link DevCspReports}).
   */
  private void serveDev(RoutingContext ctx, String appId, String rest, String framer) {
    int slash = rest.indexOf('/');
    String token = slash < 0 ? rest : rest.substring(0, slash);
    devPages.find(appId, token).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      if (found.result().isEmpty()) {
        problemPage(ctx, 404, "No such file: this development version is only for its development conversation.",
            framer);
        return;
      }
      String prefix = DEV_PREFIX + token;
      if (slash < 0) { // the folder's own URL, so that relative links resolve inside it
        ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, prefix + "/" + query(ctx))
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
        return;
      }
      DevPage dev = found.result().get();
      String reportTo = framer.split(" ")[0] + DevCspReports.pathOf(appId);
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      serveFile(ctx, dev.bundle(), rest.substring(slash), prefix, policy(dev.version(), framer)
          + "; report-uri " + reportTo, framer);
    });
  }

  private static String query(RoutingContext ctx) {
    String query = ctx.request().query();
    return query == null ? "" : "?" + query;
  }

  private void serveFile(RoutingContext ctx, Bundle bundle, String path, String prefix, String policy,
      String framer) {
    String file;
    if (path.equals("/")) {
      List<String> pages = bundle.manifest().pages();
      if (pages.isEmpty()) {
        problemPage(ctx, 404, "This app has no page.", framer);
        return;
      }
      String start = pages.get(0);
      String inFolder = start.substring(PAGE_FOLDER.length());
      if (inFolder.contains("/")) {
        // A start page in a sub-folder: load it from its own URL so its relative links resolve.
        ctx.response().setStatusCode(302)
            .putHeader(HttpHeaders.LOCATION, prefix + "/" + inFolder + query(ctx))
            .putHeader(HttpHeaders.CACHE_CONTROL, prefix.isEmpty() ? "no-cache" : "no-store").end();
        return;
      }
      file = start;
    } else {
      String relative = path.substring(1);
      file = PAGE_FOLDER + (relative.endsWith("/") || relative.isEmpty() ? relative + "index.html" : relative);
    }
    Optional<BundleFile> entry = bundle.file(file);
    Optional<byte[]> content = bundle.content(file);
    if (entry.isEmpty() || content.isEmpty()) {
      problemPage(ctx, 404, "No such file.", framer);
      return;
    }
    send(ctx, content.get(), entry.get().sha256(), contentType(file), policy);
  }

  /**
   * An uploaded file of this app: immutable (a new upload is a new id), only for this app's
   * origin ({@code Cross-Origin-Resource-Policy: same-origin}, so no other site's page can play it).
   */
  private void serveMedia(RoutingContext ctx, String appId, String id, Version live, String framer) {
    media.find(appId, id).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      if (found.result().isEmpty()) {
        problemPage(ctx, 404, "No such file.", framer);
        return;
      }
      MediaFile file = found.result().get();
      headers(ctx, policy(live, framer)).putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable")
          .putHeader("Cross-Origin-Resource-Policy", "same-origin");
      ByteResponses.send(ctx, file.content(), "\"" + file.sha256() + "\"", file.contentType());
    });
  }

  /** The page policy: the base plus the manifest's domains for {@code connect-src}. */
  static String policy(Version live, String framer) {
    StringBuilder connect = new StringBuilder("'self'");
    for (String domain : live.allowedDomains()) {
      // The manifest's schema allows only [a-z0-9.-] and a leading "*.": nothing that could end the directive.
      if (domain.matches("(\\*\\.)?[a-z0-9.-]+")) {
        connect.append(" https://").append(domain);
      }
    }
    return basePolicy(connect.toString(), framer);
  }

  private static String basePolicy(String connectSrc, String framer) {
    return "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "media-src 'self' blob:; font-src 'self'; connect-src " + connectSrc + "; frame-ancestors " + framer
        + "; base-uri 'none'; form-action 'self'";
  }

  /**
   * A file of the live bundle or the SDK: revalidated on each use ({@code no-cache}: the live
   * version can change under the same URL) against its strong ETag, with single ranges (audio
   * and video seek with them).
   */
  private static void send(RoutingContext ctx, byte[] content, String sha256, String contentType, String policy) {
    if (!ctx.response().headers().contains(HttpHeaders.CACHE_CONTROL)) {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    }
    headers(ctx, policy);
    ByteResponses.send(ctx, Buffer.buffer(content), "\"" + sha256 + "\"", contentType);
  }

  private static HttpServerResponse headers(RoutingContext ctx, String policy) {
    return ctx.response()
        .putHeader("Content-Security-Policy", policy)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
  }

  private static void problemPage(RoutingContext ctx, int status, String text, String framer) {
    String html = "<!doctype html><meta charset=utf-8><title>" + status + "</title>"
        + "<style>body{font:16px system-ui,sans-serif;margin:2em;color:#444}</style><p>" + text + "</p>\n";
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors "
            + framer + "; base-uri 'none'; form-action 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .end(ctx.request().method() == HttpMethod.HEAD ? "" : html);
  }

  private static String contentType(String path) {
    String type = MimeMapping.mimeTypeForFilename(path);
    if (type == null) {
      return "application/octet-stream";
    }
    return type.startsWith("text/") || type.endsWith("javascript") || type.endsWith("json")
        || type.equals("image/svg+xml") ? type + "; charset=utf-8" : type;
  }

  /** The path with its percent-escapes decoded ({@code +} stays a plus), or null when malformed. */
  private static String decoded(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    try {
      return new URI("http", "h", null, null).resolve(path).getPath();
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return null;
    }
  }

  /** The request's scheme and host without the {@code <appId>.apps.} prefix, with the port. */
  private static String requestMessengerOrigin(RoutingContext ctx, HostAndPort authority, String appId) {
    String host = authority.host().toLowerCase(Locale.ROOT).substring(appId.length() + ".apps.".length());
    int port = authority.port();
    String scheme = ctx.request().scheme() == null ? "http" : ctx.request().scheme();
    boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    String p = defaultPort ? "" : ":" + port;
    if (host.equals("localhost")) { // the messenger may be open at any loopback address (see appsHost)
      return scheme + "://localhost" + p + " " + scheme + "://127.0.0.1" + p + " " + scheme + "://[::1]" + p;
    }
    return scheme + "://" + host + p;
  }

  private static String originOf(String url) {
    URI uri = URI.create(url);
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("publicBaseUrl must be an absolute http(s) URL: " + url);
    }
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  /** A file of the SDK on the class path, read once. */
  private record Resource(byte[] bytes, String sha256, String contentType) {

    static Resource load(String name, String contentType) {
      try (InputStream in = AppPages.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("missing resource dev/parley/core/apps/pages/" + name);
        }
        byte[] bytes = in.readAllBytes();
        return new Resource(bytes, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
            contentType);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
