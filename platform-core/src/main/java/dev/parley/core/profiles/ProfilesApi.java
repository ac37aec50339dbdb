package dev.parley.core.profiles;

import dev.parley.core.accounts.Authn;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP routes of profiles: the me-object ({@code GET/PATCH /api/me}), the username, the avatar
 * (a picture body, not JSON: mounted at the root with its own size limit), and other people's
 * profiles and avatar pictures.
 */
public final class ProfilesApi implements RouteSet {

  /** The largest avatar upload. */
  public static final int MAX_AVATAR_BYTES = 10 * 1024 * 1024;

  private final Profiles profiles;
  private final Authn authn;

  public ProfilesApi(Profiles profiles, Authn authn) {
    this.profiles = profiles;
    this.authn = authn;
  }

  @Override
  public void mountRoot(Router root) {
    // The picture stays unread until the caller is known; then at most MAX_AVATAR_BYTES are read.
    root.put("/api/me/avatar").handler(ctx -> {
      ctx.request().pause();
      ctx.next();
    }).handler(authn::required).handler(ProfilesApi::readPicture).handler(Respond.json(this::setAvatar));
  }

  private static final String PICTURE = "parley.avatarUpload";

  /** Reads the picture (at most {@link #MAX_AVATAR_BYTES}) once the caller is known. */
  private static void readPicture(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    PlatformException tooLarge = PlatformException.of(PlatformException.Reason.TOO_LARGE,
        "the picture is larger than " + MAX_AVATAR_BYTES + " bytes");
    if (declared != null && (!declared.matches("[0-9]{1,18}") || Long.parseLong(declared) > MAX_AVATAR_BYTES)) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      ctx.fail(tooLarge);
      return;
    }
    Buffer picture = Buffer.buffer();
    boolean[] failed = {false};
    request.handler(chunk -> {
      if (failed[0]) {
        return;
      }
      if (picture.length() + chunk.length() > MAX_AVATAR_BYTES) {
        failed[0] = true;
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        ctx.fail(tooLarge);
        return;
      }
      picture.appendBuffer(chunk);
    });
    request.exceptionHandler(e -> {
      if (!failed[0]) {
        failed[0] = true;
        ctx.fail(e);
      }
    });
    request.endHandler(v -> {
      if (!failed[0]) {
        ctx.put(PICTURE, picture);
        ctx.next();
      }
    });
    request.resume();
  }

  @Override
  public void mount(Router api) {
    api.get("/me").handler(Respond.json(ctx -> profiles.me(Authn.principal(ctx).accountId())));
    api.patch("/me").handler(Respond.json(ctx -> profiles.update(Authn.principal(ctx).accountId(),
        JsonBody.object(ctx))));
    api.put("/me/username").handler(Respond.json(ctx -> profiles.rename(Authn.principal(ctx).accountId(),
        JsonBody.string(JsonBody.object(ctx), "username"))));
    api.delete("/me/avatar").handler(Respond.json(ctx -> profiles.removeAvatar(Authn.principal(ctx).accountId())));
    api.get("/people/:id").handler(Respond.json(ctx -> profiles.person(Authn.principal(ctx).accountId(),
        ctx.pathParam("id"))));
    api.get("/people/:id/avatar/:size").handler(this::picture);
  }

  private Future<JsonObject> setAvatar(RoutingContext ctx) {
    Buffer body = ctx.get(PICTURE);
    if (body == null || body.length() == 0) {
      return Future.failedFuture(PlatformException.invalid("/file", "send the picture as the request body"));
    }
    int x;
    int y;
    int side;
    try {
      x = param(ctx, "x");
      y = param(ctx, "y");
      side = param(ctx, "size");
    } catch (PlatformException e) {
      return Future.failedFuture(e);
    }
    return profiles.setAvatar(Authn.principal(ctx).accountId(), body.getBytes(), x, y, side);
  }

  private static int param(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isEmpty()) {
      return 0;
    }
    if (!v.matches("[0-9]{1,6}")) {
      throw PlatformException.invalid("/crop", name + " must be a whole number of pixels (0..999999)");
    }
    return Integer.parseInt(v);
  }

  private void picture(RoutingContext ctx) {
    profiles.picture(ctx.pathParam("id"), ctx.pathParam("size")).onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
        return;
      }
      // The URL carries the version: a new avatar gets a new URL, so this one never changes.
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/jpeg")
          .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=31536000, immutable")
          .putHeader("X-Content-Type-Options", "nosniff")
          .end(result.result().bytes());
    });
  }
}
