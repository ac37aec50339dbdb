package dev.parley.core.chat;

import dev.parley.core.PlatformException;
import dev.parley.core.accounts.Account;
import dev.parley.core.web.Authn;
import dev.parley.core.web.Json;
import dev.parley.core.web.JsonBody;
import dev.parley.core.web.Problems;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** HTTP routes of conversations and messages, and the live WebSocket. */
public final class ChatApi {

  private final Vertx vertx;
  private final ChatService chat;
  private final LiveHub hub;
  private final Authn authn;
  private final Optional<String> publicOrigin;

  /**
   * @param publicBaseUrl the platform's public URL; WebSocket handshakes from pages of another
   *     origin are refused
   */
  public ChatApi(Vertx vertx, ChatService chat, LiveHub hub, Authn authn, Optional<String> publicBaseUrl) {
    this.vertx = vertx;
    this.chat = chat;
    this.hub = hub;
    this.authn = authn;
    this.publicOrigin = publicBaseUrl.map(ChatApi::origin);
  }

  /** Routes that need an account; mount under {@code /api} behind {@link Authn#required}. */
  public Router router() {
    Router router = Router.router(vertx);
    router.get("/conversations").handler(this::list);
    router.post("/conversations").handler(this::create);
    router.get("/conversations/:id").handler(this::get);
    router.patch("/conversations/:id").handler(this::rename);
    router.post("/conversations/:id/members").handler(this::addMembers);
    router.delete("/conversations/:id/members/:accountId").handler(this::removeMember);
    router.get("/conversations/:id/messages").handler(this::history);
    router.post("/conversations/:id/messages").handler(this::send);
    router.post("/conversations/:id/read").handler(this::read);
    return router;
  }

  /** The WebSocket upgrade handler for {@code /api/live}; mount before any body handler. */
  public void live(RoutingContext ctx) {
    if (!sameOrigin(ctx)) {
      Problems.send(ctx, 403, "live connections are accepted from the platform's own pages only");
      return;
    }
    // The session lookup may go to the database; meanwhile the paused request is not read to its
    // end, which toWebSocket() refuses ("Request has already been read").
    ctx.request().pause();
    authn.resolve(ctx.request()).onComplete(result -> {
      if (result.failed()) {
        ctx.request().resume();
        ctx.fail(result.cause());
      } else if (result.result().isEmpty()) {
        ctx.request().resume();
        Problems.send(ctx, 401, "sign in first");
      } else {
        ctx.request().toWebSocket()
            .onSuccess(ws -> hub.accept(ws, result.result().get()))
            .onFailure(ctx::fail);
      }
    });
  }

  private boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      return true; // not a browser: no ambient cookie risk from another site
    }
    if (publicOrigin.isPresent() && publicOrigin.get().equalsIgnoreCase(origin)) {
      return true;
    }
    String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
    return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
  }

  private static String origin(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getRawAuthority();
  }

  private static Account me(RoutingContext ctx) {
    return Authn.principal(ctx).account();
  }

  private void list(RoutingContext ctx) {
    chat.list(me(ctx).id()).onSuccess(list -> {
      JsonArray out = new JsonArray();
      list.forEach(c -> out.add(c.toJson()));
      Json.send(ctx, 200, out);
    }).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    String kind = JsonBody.string(body, "kind");
    switch (kind) {
      case "group" -> chat.createGroup(me(ctx), JsonBody.string(body, "title"), JsonBody.strings(body, "memberIds", ChatService.MAX_MEMBERS))
          .onSuccess(c -> Json.send(ctx, 201, c.toJson())).onFailure(ctx::fail);
      case "direct" -> chat.openDirect(me(ctx), JsonBody.string(body, "memberId"))
          .onSuccess(o -> Json.send(ctx, o.created() ? 201 : 200, o.conversation().toJson())).onFailure(ctx::fail);
      default -> throw PlatformException.invalid("/kind", "kind must be 'group' or 'direct'");
    }
  }

  private void get(RoutingContext ctx) {
    chat.get(me(ctx).id(), ctx.pathParam("id")).onSuccess(c -> Json.send(ctx, 200, c.toJson())).onFailure(ctx::fail);
  }

  /** Renames a group and/or sets who may install apps in it. */
  private void rename(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    String id = ctx.pathParam("id");
    Future<Conversation> done = Future.succeededFuture();
    if (body.containsKey("title") || !body.containsKey("appInstallPolicy")) {
      done = chat.rename(me(ctx), id, JsonBody.string(body, "title"));
    }
    if (body.containsKey("appInstallPolicy")) {
      String policy = JsonBody.string(body, "appInstallPolicy");
      done = done.compose(c -> chat.setAppInstallPolicy(me(ctx), id, policy));
    }
    done.onSuccess(c -> Json.send(ctx, 200, c.toJson())).onFailure(ctx::fail);
  }

  private void addMembers(RoutingContext ctx) {
    List<String> ids = JsonBody.strings(JsonBody.object(ctx), "accountIds", ChatService.MAX_MEMBERS);
    chat.addMembers(me(ctx), ctx.pathParam("id"), ids).onSuccess(c -> Json.send(ctx, 200, c.toJson())).onFailure(ctx::fail);
  }

  private void removeMember(RoutingContext ctx) {
    chat.removeMember(me(ctx), ctx.pathParam("id"), ctx.pathParam("accountId"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    Optional<Long> before = longParam(ctx, "before");
    Optional<Long> after = longParam(ctx, "after");
    if (before.isPresent() && after.isPresent()) {
      throw PlatformException.invalid("after", "give either before or after, not both");
    }
    int limit = longParam(ctx, "limit").map(n -> (int) Math.min(n, ChatService.MAX_PAGE)).orElse(50);
    String around = ctx.queryParams().get("around");
    if (around != null) {
      if (before.isPresent() || after.isPresent()) {
        throw PlatformException.invalid("around", "give around alone, without before or after");
      }
      aroundMessage(ctx, around, limit);
      return;
    }
    chat.history(me(ctx).id(), ctx.pathParam("id"), before, after, limit).onSuccess(messages -> {
      JsonArray out = new JsonArray();
      messages.forEach(m -> out.add(m.toJson()));
      Long nextBefore = after.isEmpty() && !messages.isEmpty() && messages.get(messages.size() - 1).seq() > 1
          && messages.size() >= Math.max(1, Math.min(limit, ChatService.MAX_PAGE))
          ? messages.get(messages.size() - 1).seq() : null;
      Json.send(ctx, 200, new JsonObject().put("messages", out).put("nextBefore", nextBefore));
    }).onFailure(ctx::fail);
  }

  /** {@code ?around=<messageId>}: the page around one message, oldest first, for a jump from search. */
  private void aroundMessage(RoutingContext ctx, String messageId, int limit) {
    chat.around(me(ctx).id(), ctx.pathParam("id"), messageId, limit).onSuccess(page -> {
      JsonArray out = new JsonArray();
      page.messages().forEach(m -> out.add(m.toJson()));
      List<Message> list = page.messages();
      Long nextBefore = page.older() && !list.isEmpty() ? list.get(0).seq() : null;
      Long nextAfter = page.newer() && !list.isEmpty() ? list.get(list.size() - 1).seq() : null;
      Json.send(ctx, 200, new JsonObject().put("messages", out).put("targetSeq", page.targetSeq())
          .put("nextBefore", nextBefore).put("nextAfter", nextAfter));
    }).onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    chat.send(me(ctx), ctx.pathParam("id"), JsonBody.string(body, "clientId"), JsonBody.string(body, "text"))
        .onSuccess(sent -> Json.send(ctx, sent.created() ? 201 : 200, sent.message().toJson()))
        .onFailure(ctx::fail);
  }

  private void read(RoutingContext ctx) {
    long seq = JsonBody.integer(JsonBody.object(ctx), "seq");
    chat.markRead(me(ctx).id(), ctx.pathParam("id"), seq)
        .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private static Optional<Long> longParam(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    if (v == null) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return Optional.of(n);
    } catch (NumberFormatException e) {
      throw PlatformException.invalid(name, name + " must be a non-negative integer");
    }
  }
}
