package dev.parley.core.business;

import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Problems;
import dev.parley.core.common.web.QueryParams;
import dev.parley.core.common.web.RequestBodies;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Optional;

/**
 * The Business API for a company's own backend, {@code /api/business/v1/}: every call bears one of
 * the business's keys ({@code Authorization: Bearer pbk_…}) and acts only on that business's own
 * conversations (any other is "not found", as for one that does not exist). Mounted at the root,
 * before the session API: a key is no session or personal token, and the media upload reads its
 * own body. Described in {@code docs/business-api.yaml}.
 */
public final class BusinessApi implements RouteSet {

  /** The API's base path. */
  public static final String BASE = "/api/business/v1";
  /** The largest file of the one-request media upload. */
  public static final long MAX_MEDIA_BYTES = 16L * 1024 * 1024;
  private static final long MAX_JSON_BYTES = 64 * 1024;
  private static final String PRINCIPAL = "parley.business";
  /** The OpenAPI document of this API (a class-path resource; also docs/business-api.yaml). */
  public static final String DOCUMENT = "dev/parley/core/business/business-api.yaml";

  private final Businesses businesses;
  private final BusinessConversations conversations;

  private final dev.parley.core.business.consent.ConsentApi consent;

  /** Routes of other features behind the same key check (customer care's handover, issue 22). */
  public interface Extension {
    void mount(Router root, String base, java.util.function.Function<RoutingContext, String> businessId,
        io.vertx.core.Handler<RoutingContext> json);
  }

  private final List<Extension> extensions = new java.util.concurrent.CopyOnWriteArrayList<>();

  public BusinessApi(Businesses businesses, BusinessConversations conversations,
      dev.parley.core.business.consent.ConsentApi consent) {
    this.businesses = businesses;
    this.conversations = conversations;
    this.consent = consent;
  }

  /** Adds routes behind the key check; before {@link #mountRoot}. */
  public BusinessApi with(Extension extension) {
    extensions.add(java.util.Objects.requireNonNull(extension, "extension"));
    return this;
  }

  @Override
  public void mountRoot(Router root) {
    // The document is public (it names no business), so it comes before the key check.
    root.get(BASE + "/openapi.yaml").handler(ctx -> ctx.vertx().fileSystem().readFile(DOCUMENT)
        .onSuccess(yaml -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(yaml))
        .onFailure(ctx::fail));
    root.route(BASE + "/*").handler(this::authenticate);
    root.get(BASE + "/business").handler(Respond.json(ctx -> Future.succeededFuture(principal(ctx).business()
        .ownerJson().put("keyId", principal(ctx).keyId()))));
    String conversation = BASE + "/conversations/:conversationId";
    root.post(conversation + "/messages").handler(json()).handler(Respond.json(ctx -> conversations
        .send(principal(ctx), ctx.pathParam("conversationId"), JsonBody.object(ctx))
        .map(m -> dev.parley.core.common.web.Answer.createdOrOk(m.getBoolean("created"), without(m, "created")))));
    root.get(conversation + "/messages").handler(Respond.json(this::history));
    root.post(conversation + "/read").handler(json()).handler(Respond.json(ctx -> conversations
        .markRead(principal(ctx), ctx.pathParam("conversationId"), JsonBody.integer(JsonBody.object(ctx), "seq"))));
    root.post(conversation + "/typing").handler(json()).handler(Respond.json(this::typing));
    BodyHandler media = BodyHandler.create(false).setBodyLimit(MAX_MEDIA_BYTES);
    root.post(BASE + "/media").handler(ctx -> {
      Problems.onTooLarge(ctx, "a file sent to " + BASE + "/media may be at most " + MAX_MEDIA_BYTES + " bytes");
      media.handle(ctx);
    }).handler(Respond.json(this::upload));
    root.post(BASE + "/media/:attachmentId/link").handler(json()).handler(Respond.json(ctx -> conversations
        .mediaLink(principal(ctx), ctx.pathParam("attachmentId"))));
    // Templates and campaign counts (consent and pacing), behind the same key check.
    consent.mountBusinessApi(root, BASE, ctx -> principal(ctx).businessId(), json());
    extensions.forEach(e -> e.mount(root, BASE, ctx -> principal(ctx).businessId(), json()));
    root.route(BASE + "/*").handler(ctx -> {
      if (webhooksRoute(ctx)) {
        ctx.next(); // the webhooks' routes, mounted with the session API's public ones
        return;
      }
      ctx.fail(PlatformException.of(PlatformException.Reason.NOT_FOUND,
          "no Business API route " + ctx.request().method() + " " + ctx.request().path()));
    });
  }

  /** A JSON body of at most 64 KiB, refused unread (415) in any other type. */
  private static io.vertx.core.Handler<RoutingContext> json() {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_JSON_BYTES);
    return ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
        Problems.fail(ctx, 415, "this route takes a body of application/json (UTF-8)");
        return;
      }
      body.handle(ctx);
    };
  }

  /** Webhook endpoints are the webhooks' own routes ({@code WebhooksApi}), checked by {@link #key}. */
  private static boolean webhooksRoute(RoutingContext ctx) {
    return ctx.request().path().startsWith(BASE + "/webhooks");
  }

  /** The business whose key the request bears; 401 without a valid one (the webhooks' routes use it too). */
  public Future<BusinessPrincipal> key(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    String key = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    if (key == null) {
      return Future.failedFuture(PlatformException.of(PlatformException.Reason.UNAUTHENTICATED,
          "send a business API key: Authorization: Bearer pbk_…"));
    }
    return businesses.authenticate(key).compose(found -> found.isPresent()
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(PlatformException.of(PlatformException.Reason.UNAUTHENTICATED,
            "the business API key is unknown or revoked, or its business is not active")));
  }

  private void authenticate(RoutingContext ctx) {
    if (webhooksRoute(ctx)) {
      ctx.next();
      return;
    }
    RequestBodies.hold(ctx); // unread until the key is known good (a refusal drains or closes)
    String auth = ctx.request().getHeader("Authorization");
    String key = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    if (key == null) {
      ctx.fail(PlatformException.of(PlatformException.Reason.UNAUTHENTICATED,
          "send a business API key: Authorization: Bearer pbk_…"));
      return;
    }
    businesses.authenticate(key).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else if (done.result().isEmpty()) {
        ctx.fail(PlatformException.of(PlatformException.Reason.UNAUTHENTICATED,
            "the business API key is unknown or revoked, or its business is not active"));
      } else {
        ctx.put(PRINCIPAL, done.result().get());
        ctx.next();
      }
    });
  }

  private static BusinessPrincipal principal(RoutingContext ctx) {
    BusinessPrincipal p = ctx.get(PRINCIPAL);
    if (p == null) {
      throw new IllegalStateException("route is not behind the business key check");
    }
    return p;
  }

  private static JsonObject without(JsonObject json, String key) {
    JsonObject copy = json.copy();
    copy.remove(key);
    return copy;
  }

  private Future<JsonObject> history(RoutingContext ctx) {
    Optional<Long> before = QueryParams.integer(ctx, "before", 0, Long.MAX_VALUE);
    Optional<Long> after = QueryParams.integer(ctx, "after", 0, Long.MAX_VALUE);
    if (before.isPresent() && after.isPresent()) {
      throw PlatformException.invalid("after", "give either before or after, not both");
    }
    int limit = QueryParams.integer(ctx, "limit", 1, 200).map(Long::intValue).orElse(50);
    return conversations.history(principal(ctx), ctx.pathParam("conversationId"), before, after, limit);
  }

  private Future<Void> typing(RoutingContext ctx) {
    Object on = JsonBody.object(ctx).getValue("typing");
    if (!(on instanceof Boolean b)) {
      throw PlatformException.invalid("/typing", "typing must be true or false");
    }
    return conversations.typing(principal(ctx), ctx.pathParam("conversationId"), b);
  }

  private Future<dev.parley.core.common.web.Answer> upload(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String name = ctx.queryParams().get("name");
    return conversations.upload(principal(ctx), name, type, ctx.body().buffer() == null
        ? io.vertx.core.buffer.Buffer.buffer()
        : ctx.body().buffer()).map(dev.parley.core.common.web.Answer::created);
  }
}
