package dev.parley.core.links;

import dev.parley.core.accounts.Authn;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.ByteResponses;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * {@code GET /api/link-preview?url=} (a page's preview) and {@code GET /api/link-preview/image/:key}
 * (its image as the server re-encoded it), for signed-in accounts.
 */
public final class LinkPreviewApi implements RouteSet {

  private final LinkPreviews previews;

  public LinkPreviewApi(LinkPreviews previews) {
    this.previews = previews;
  }

  @Override
  public void mount(Router api) {
    api.get("/link-preview").handler(Respond.json(this::preview));
    api.get("/link-preview/image/:key").handler(this::image);
  }

  private Future<JsonObject> preview(RoutingContext ctx) {
    String url = ctx.queryParams().get("url");
    if (url == null) {
      throw PlatformException.invalid("url", "url is required");
    }
    return previews.preview(Authn.principal(ctx).account().id(), url).map(LinkPreview::toJson);
  }

  private void image(RoutingContext ctx) {
    previews.image(ctx.pathParam("key")).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
      } else if (result.result().isEmpty()) {
        ctx.fail(PlatformException.notFound("link preview image"));
      } else {
        var bytes = result.result().get();
        String etag;
        try {
          etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.getBytes())) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
          ctx.fail(e);
          return;
        }
        // Our own JPEG, never the site's bytes; private: it is served to signed-in accounts only.
        ctx.response().putHeader("Cache-Control", "private, max-age=86400")
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        ByteResponses.send(ctx, bytes, etag, "image/jpeg");
      }
    });
  }
}
