package dev.parley.core.apps.registry;

import dev.parley.core.accounts.Authn;
import dev.parley.core.accounts.Principal;
import dev.parley.core.accounts.Role;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.ByteResponses;
import dev.parley.runtime.Bundle;
import dev.parley.runtime.BundleFile;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves the files of a version at {@code /static/apps/<appId>/<digest>/<path>}. The digest makes
 * the URL immutable: {@code Cache-Control: immutable}, a strong ETag (the file's SHA-256) with
 * {@code If-None-Match}, and single byte ranges. The page files ({@code ui/...}) and icons of
 * approved versions of active apps are public; everything else (the server code, the manifest, any
 * other file), drafts and versions in review only to the owner and admins (the review console
 * reads them); a suspended app's only to admins. The files come from third parties, so they are
 * served in a CSP sandbox: nothing in them can run script in the messenger's origin.
 */
public final class VersionFiles {

  static final String PREFIX = "/static/apps/";
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
  private static final String UI = "ui/";

  private final RegistryService registry;
  private final Authn authn;

  VersionFiles(RegistryService registry, Authn authn) {
    this.registry = registry;
    this.authn = authn;
  }

  /** The URL of one file of a version. */
  public static String url(String appId, String digest, String path) {
    StringBuilder out = new StringBuilder(PREFIX).append(appId).append('/').append(digest);
    for (String segment : path.split("/")) {
      out.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }

  /** Handles {@code GET|HEAD /static/apps/:appId/:digest/*}. */
  void serve(RoutingContext ctx) {
    String appId = ctx.pathParam("appId");
    String digest = ctx.pathParam("digest");
    String path = ctx.pathParam("*") == null ? "" : ctx.pathParam("*"); // already percent-decoded by the router
    if (!AppIds.isValid(appId) || !DIGEST.matcher(digest).matches() || path.isEmpty()) {
      ctx.fail(PlatformException.notFound("file"));
      return;
    }
    registry.digestState(appId, digest).compose(state -> {
      if (state.isEmpty()) {
        return Future.failedFuture(PlatformException.notFound("file"));
      }
      return registry.bundle(digest).compose(bundle -> allowed(ctx, state.get(), isPublic(bundle, path))
          .map(publicly -> {
            send(ctx, bundle, path, publicly);
            return null;
          }));
    }).onFailure(ctx::fail);
  }

  /**
   * Whether a file is meant for everyone once its version is live: the app's pages and their assets
   * under {@code ui/}, and its icons. The server code is the developer's; users never need it.
   */
  static boolean isPublic(Bundle bundle, String path) {
    return path.startsWith(UI) || bundle.manifest().icons().stream().anyMatch(icon -> icon.src().equals(path));
  }

  /** Whether the caller may read the file; true when it is public. Fails with 404 otherwise. */
  private Future<Boolean> allowed(RoutingContext ctx, RegistryService.DigestState state, boolean publicFile) {
    if (publicFile && state.approved() && !state.app().suspended()) {
      return Future.succeededFuture(true);
    }
    return authn.resolve(ctx.request()).map(p -> {
      Optional<Principal> caller = p;
      boolean admin = caller.map(c -> c.account().has(Role.ADMIN)).orElse(false);
      boolean owner = caller.map(c -> c.accountId().equals(state.app().owner().id())).orElse(false);
      if (admin || (owner && !state.app().suspended())) {
        return false;
      }
      throw PlatformException.notFound("file");
    });
  }

  private static void send(RoutingContext ctx, Bundle bundle, String path, boolean publicly) {
    Optional<BundleFile> file = bundle.file(path);
    if (file.isEmpty()) {
      throw PlatformException.notFound("file '" + path + "'");
    }
    byte[] content = bundle.content(path).orElseThrow();
    ctx.response()
        .putHeader(HttpHeaders.CACHE_CONTROL, (publicly ? "public" : "private") + ", max-age=31536000, immutable")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self' data:; "
            + "style-src 'unsafe-inline'; media-src 'self'")
        .putHeader("Cross-Origin-Resource-Policy", "same-site");
    ByteResponses.send(ctx, Buffer.buffer(content), "\"" + file.get().sha256() + "\"", contentType(path));
  }

  static boolean isText(String path) {
    String type = MimeMapping.mimeTypeForFilename(path);
    return type == null
        ? path.endsWith(".md") || path.endsWith(".txt") || !path.contains(".")
        : type.startsWith("text/") || type.endsWith("json") || type.endsWith("javascript") || type.endsWith("xml")
            || type.equals("image/svg+xml");
  }

  private static String contentType(String path) {
    String type = MimeMapping.mimeTypeForFilename(path);
    if (type == null) {
      return isText(path) ? "text/plain; charset=utf-8" : "application/octet-stream";
    }
    return type.startsWith("text/") || type.endsWith("javascript") || type.endsWith("json")
        ? type + "; charset=utf-8"
        : type;
  }
}
