package dev.parley.core.attachments;

import dev.parley.core.accounts.Authn;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Reading attachments: metadata, content and preview (to the uploader and members of a conversation
 * holding a non-deleted message with it, or through a signed link), signed links, a conversation's
 * "Media and files", and the caller's storage. Content and preview are at the root so that a signed
 * link works without the session cookie; without a signature they authenticate as any route does.
 */
public final class AttachmentsApi implements RouteSet {

  private final Attachments attachments;
  private final Authn authn;

  public AttachmentsApi(Attachments attachments, Authn authn) {
    this.attachments = attachments;
    this.authn = authn;
  }

  @Override
  public void mountRoot(Router root) {
    for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
      root.route(method, "/api/attachments/:id/content").handler(this::signedOrAuthenticated)
          .handler(ctx -> bytes(ctx, false));
      root.route(method, "/api/attachments/:id/preview").handler(this::signedOrAuthenticated)
          .handler(ctx -> bytes(ctx, true));
    }
  }

  @Override
  public void mount(Router api) {
    api.get("/attachments/:id").handler(Respond.json(ctx -> attachments
        .visible(Authn.principal(ctx).accountId(), ctx.pathParam("id")).map(Attachment::toJson)));
    api.post("/attachments/:id/link").handler(Respond.json(ctx -> attachments
        .link(Authn.principal(ctx).accountId(), ctx.pathParam("id"))));
    api.get("/conversations/:id/attachments").handler(Respond.json(ctx -> {
      int limit;
      try {
        limit = Integer.parseInt(ctx.request().getParam("limit", "50"));
      } catch (NumberFormatException e) {
        return Future
            .failedFuture(PlatformException.invalid("/limit", "limit must be a number 1-" + Attachments.MAX_PAGE));
      }
      return attachments.list(Authn.principal(ctx).accountId(), ctx.pathParam("id"),
          Attachments.kinds(ctx.request().getParam("kinds", "")), ctx.request().getParam("before", ""), limit);
    }));
    api.get("/me/storage").handler(Respond.json(ctx -> attachments.storage(Authn.principal(ctx).accountId())));
  }

  /** A signed link needs no session; otherwise the caller authenticates. */
  private void signedOrAuthenticated(RoutingContext ctx) {
    String sig = ctx.request().getParam("sig");
    if (sig == null) {
      authn.required(ctx);
      return;
    }
    attachments.byLink(ctx.pathParam("id"), ctx.request().getParam("exp"), sig).onComplete(found -> {
      if (found.failed()) {
        ctx.fail(found.cause());
        return;
      }
      ctx.put("parley.attachment", found.result());
      ctx.next();
    });
  }

  private void bytes(RoutingContext ctx, boolean preview) {
    Attachment signed = ctx.get("parley.attachment");
    Future<Attachment> found = signed != null
        ? Future.succeededFuture(signed)
        : attachments.visible(Authn.principal(ctx).accountId(), ctx.pathParam("id"));
    found.onComplete(result -> {
      if (result.failed()) {
        ctx.fail(result.cause());
        return;
      }
      Attachment a = result.result();
      if (preview) {
        if (a.previewSha256() == null) {
          ctx.fail(PlatformException.notFound("a preview of this attachment"));
          return;
        }
        attachments.store().size(a.previewSha256()).onComplete(size -> {
          if (size.failed()) {
            ctx.fail(PlatformException.notFound("a preview of this attachment"));
            return;
          }
          ContentResponses.serve(ctx, attachments.store(), a.previewSha256(), size.result(),
              a.previewType() == null ? "image/webp" : a.previewType(), true, "preview-" + a.name());
        });
        return;
      }
      ContentResponses.serve(ctx, attachments.store(), a.sha256(), a.size(), a.contentType(), a.inline(), a.name());
    });
  }
}
