package dev.parley.core.chat;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Authn;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.QueryParams;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** HTTP routes of conversations and messages, and the live WebSocket. */
public final class ChatApi implements RouteSet {

  private final ChatService chat;
  private final LiveHub hub;
  private final Authn authn;
  private final Optional<String> publicOrigin;

  /**
   * @param publicBaseUrl the platform's public URL; WebSocket handshakes from pages of another
   *     origin are refused
   */
  public ChatApi(ChatService chat, LiveHub hub, Authn authn, Optional<String> publicBaseUrl) {
    this.chat = chat;
    this.hub = hub;
    this.authn = authn;
    this.publicOrigin = publicBaseUrl.map(ChatApi::origin);
  }

  @Override
  public void mount(Router api) {
    api.get("/conversations").handler(Respond.json(this::list));
    api.post("/conversations").handler(Respond.json(this::create));
    api.get("/conversations/:id").handler(Respond.json(this::get));
    api.patch("/conversations/:id").handler(Respond.json(this::rename));
    api.post("/conversations/:id/members").handler(Respond.json(this::addMembers));
    api.delete("/conversations/:id/members/:accountId").handler(Respond.json(this::removeMember));
    api.get("/conversations/:id/messages").handler(Respond.json(this::history));
    api.post("/conversations/:id/messages").handler(Respond.json(this::send));
    api.post("/conversations/:id/read").handler(Respond.json(this::read));
  }

  /** The live WebSocket, {@code /api/live}: before any body handler, it authenticates its own handshake. */
  @Override
  public void mountRoot(Router root) {
    root.get("/api/live").handler(this::live);
  }

  private void live(RoutingContext ctx) {
    if (!sameOrigin(ctx)) {
      ctx.fail(PlatformException.forbidden("live connections are accepted from the platform's own pages only"));
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
        ctx.fail(PlatformException.of(PlatformException.Reason.UNAUTHENTICATED, "sign in first"));
      } else {
        String clientAddress = authn.clientAddress(ctx.request());
        ctx.request().toWebSocket()
            .onSuccess(ws -> hub.accept(ws, result.result().get(), clientAddress))
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

  private Future<JsonArray> list(RoutingContext ctx) {
    return chat.list(me(ctx).id()).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(c -> out.add(c.toJson()));
      return out;
    });
  }

  private Future<Answer> create(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    String kind = JsonBody.string(body, "kind");
    return switch (kind) {
      case "group" -> chat.createGroup(me(ctx), JsonBody.string(body, "title"),
          JsonBody.strings(body, "memberIds", ChatService.MAX_MEMBERS))
          .map(c -> Answer.created(c.toJson()));
      case "direct" -> chat.openDirect(me(ctx), JsonBody.string(body, "memberId"))
          .map(o -> Answer.createdOrOk(o.created(), o.conversation().toJson()));
      default -> throw PlatformException.invalid("/kind", "kind must be 'group' or 'direct'");
    };
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    return chat.get(me(ctx).id(), ctx.pathParam("id")).map(Conversation::toJson);
  }

  /** Renames a group, sets who may install apps in it, its description and its rights. */
  private Future<JsonObject> rename(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    String id = ctx.pathParam("id");
    Future<Conversation> done = Future.succeededFuture();
    boolean other = body.containsKey("appInstallPolicy") || body.containsKey("description")
        || body.containsKey("rights");
    if (body.containsKey("title") || !other) {
      done = chat.rename(me(ctx), id, JsonBody.string(body, "title"));
    }
    if (body.containsKey("appInstallPolicy")) {
      String policy = JsonBody.string(body, "appInstallPolicy");
      done = done.compose(c -> chat.setAppInstallPolicy(me(ctx), id, policy));
    }
    // issue 17: a group's description and rights
    if (body.containsKey("description")) {
      if (!(body.getValue("description") instanceof String description)) {
        throw PlatformException.invalid("/description", "description must be a string");
      }
      done = done.compose(c -> chat.describe(me(ctx), id, description));
    }
    if (body.containsKey("rights")) {
      if (!(body.getValue("rights") instanceof JsonObject rights)) {
        throw PlatformException.invalid("/rights", "rights must be an object such as {\"pin\": \"admins\"}");
      }
      done = done.compose(c -> chat.setRights(me(ctx), id, rights));
    }
    return done.map(Conversation::toJson);
  }

  private Future<JsonObject> addMembers(RoutingContext ctx) {
    List<String> ids = JsonBody.strings(JsonBody.object(ctx), "accountIds", ChatService.MAX_MEMBERS);
    return chat.addMembers(me(ctx), ctx.pathParam("id"), ids).map(Conversation::toJson);
  }

  private Future<Void> removeMember(RoutingContext ctx) {
    return chat.removeMember(me(ctx), ctx.pathParam("id"), ctx.pathParam("accountId"));
  }

  private Future<JsonObject> history(RoutingContext ctx) {
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
      return aroundMessage(ctx, around, limit);
    }
    String viewer = me(ctx).id();
    return chat.history(viewer, ctx.pathParam("id"), before, after, limit)
        .compose(messages -> chat.view(viewer, messages).map(out -> {
          Long nextBefore = after.isEmpty() && !messages.isEmpty() && messages.get(messages.size() - 1).seq() > 1
              && messages.size() >= Math.max(1, Math.min(limit, ChatService.MAX_PAGE))
                  ? messages.get(messages.size() - 1).seq()
                  : null;
          return new JsonObject().put("messages", out).put("nextBefore", nextBefore);
        }));
  }

  /** {@code ?around=<messageId>}: the page around one message, oldest first, for a jump from search. */
  private Future<JsonObject> aroundMessage(RoutingContext ctx, String messageId, int limit) {
    String viewer = me(ctx).id();
    return chat.around(viewer, ctx.pathParam("id"), messageId, limit)
        .compose(page -> chat.view(viewer, page.messages()).map(out -> {
          List<Message> list = page.messages();
          Long nextBefore = page.older() && !list.isEmpty() ? list.get(0).seq() : null;
          Long nextAfter = page.newer() && !list.isEmpty() ? list.get(list.size() - 1).seq() : null;
          return new JsonObject().put("messages", out).put("targetSeq", page.targetSeq())
              .put("nextBefore", nextBefore).put("nextAfter", nextAfter);
        }));
  }

  private Future<Answer> send(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return chat.send(me(ctx), ctx.pathParam("id"), body)
        .map(sent -> Answer.createdOrOk(sent.created(), sent.message().toJson()));
  }

  private Future<Void> read(RoutingContext ctx) {
    long seq = JsonBody.integer(JsonBody.object(ctx), "seq");
    return chat.markRead(me(ctx).id(), ctx.pathParam("id"), seq);
  }

  private static Optional<Long> longParam(RoutingContext ctx, String name) {
    return QueryParams.integer(ctx, name, 0, Long.MAX_VALUE);
  }

}
