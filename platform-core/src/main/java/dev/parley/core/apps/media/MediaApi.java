package dev.parley.core.apps.media;

import dev.parley.core.accounts.Actor;
import dev.parley.core.accounts.Authn;
import dev.parley.core.apps.broker.Broker;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import dev.parley.runtime.Permission;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiFunction;

/**
 * {@code POST /api/conversations/:id/apps/:appId/media}: an app's page uploads a file (the raw
 * body; its name in {@code ?name=}). Mounted before the API's body handler so the body is read
 * here, after every check (member, installed, not suspended, consent, the permission
 * {@code media.upload}), and never beyond the limit: a {@code Content-Length} over it is refused
 * at once, a body that grows past it is refused as it streams, both 413 naming the limit.
 */
public final class MediaApi implements RouteSet {

  /** The route, under the root router. */
  public static final String PATH = "/api/conversations/:id/apps/:appId/media";

  private final Broker broker;
  private final MediaStore store;
  private final Authn authn;
  private final BiFunction<RoutingContext, String, String> appOrigin;

  /**
   * @param appOrigin the origin of an app's pages for a request, {@code (ctx, appId) → https://<appId>.apps.<host>}
   */
  public MediaApi(Broker broker, MediaStore store, Authn authn, BiFunction<RoutingContext, String, String> appOrigin) {
    this.broker = broker;
    this.store = store;
    this.authn = authn;
    this.appOrigin = appOrigin;
  }

  /** The upload route, at the root before any body handler: it reads its body itself. */
  @Override
  public void mountRoot(Router root) {
    // Held until the checks are done: nothing of the body is read, or lost, before.
    root.post(PATH).handler(ctx -> {
      ctx.request().pause();
      ctx.next();
    });
    root.post(PATH).handler(authn::required).handler(this::upload).failureHandler(this::refusal);
  }

  /**
   * Every refusal answers at once (the failure handler at the edge writes it). The rest of a
   * refused body is read and dropped, so the client (still sending) gets the answer and the
   * connection serves its next request, but only up to the limit again: past that, or when the
   * declared length is past it, the connection is closed.
   */
  private void refusal(RoutingContext ctx) {
    dropRest(ctx);
    ctx.next();
  }

  /** After an early answer: the rest of the body is read and dropped, up to twice the limit. */
  private void dropRest(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (request.isEnded()) {
      return;
    }
    long cap = 2 * store.options().getMaxUploadBytes();
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && (!declared.matches("\\d{1,18}") || Long.parseLong(declared) > cap)) {
      if (!ctx.response().headWritten()) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      }
      return;
    }
    long[] dropped = {0};
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > cap) {
        request.connection().close();
      }
    });
    request.exceptionHandler(e -> {});
    request.endHandler(v -> {});
    request.resume();
  }

  private void upload(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    long limit = store.options().getMaxUploadBytes();
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > limit) {
      refuseUnread(ctx, store.tooLarge());
      return;
    }
    String conversationId = ctx.pathParam("id");
    String appId = ctx.pathParam("appId");
    String userId = Authn.principal(ctx).accountId();
    String name = request.getParam("name", "");
    broker.pageAccess(Actor.of(Authn.principal(ctx), ctx), userId, conversationId, appId).onComplete(checked -> {
      if (checked.failed()) {
        refuseUnread(ctx, checked.cause());
        return;
      }
      Broker.PageAccess access = checked.result();
      if (access.consentRequired().isPresent()) {
        dropRest(ctx);
        Respond.send(ctx, access.consentRequired().get());
        return;
      }
      if (!access.context().permissions().contains(Permission.MEDIA_UPLOAD.permissionName())) {
        refuseUnread(ctx, PlatformException.forbidden("the app has no permission 'media.upload' ("
            + Permission.MEDIA_UPLOAD.description()
            + "): it must ask for it in its manifest and the user must allow it"));
        return;
      }
      readBody(ctx, limit, body -> store.store(appId, conversationId, userId, name, body)
          .onSuccess(item -> Respond.send(ctx, Answer.created(item.toJson(appOrigin.apply(ctx, appId)))))
          .onFailure(ctx::fail));
    });
  }

  /** Reads the body into memory, failing with 413 as soon as it passes {@code limit}. */
  private void readBody(RoutingContext ctx, long limit, java.util.function.Consumer<Buffer> then) {
    HttpServerRequest request = ctx.request();
    Buffer body = Buffer.buffer();
    boolean[] over = {false};
    request.handler(chunk -> {
      if (over[0]) {
        return;
      }
      if ((long) body.length() + chunk.length() > limit) {
        over[0] = true;
        refuseUnread(ctx, store.tooLarge());
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(e -> {}); // a client that went away: nothing was stored
    request.endHandler(v -> {
      if (!over[0]) {
        then.accept(body);
      }
    });
    request.resume();
  }

  /** Answers at once; {@link #refusal} deals with the rest of the body. */
  private static void refuseUnread(RoutingContext ctx, Throwable failure) {
    if (!ctx.response().ended()) {
      ctx.fail(failure);
    }
  }
}
