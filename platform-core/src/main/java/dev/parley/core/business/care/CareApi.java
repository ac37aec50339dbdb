package dev.parley.core.business.care;

import dev.parley.core.accounts.Account;
import dev.parley.core.accounts.Authn;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.QueryParams;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Customer care's session routes: the inbox under {@code /api/care/businesses/:businessId} (agents,
 * supervisors and the business's owner), {@code GET /api/care/inboxes}, and the customer's
 * {@code POST /api/conversations/:conversationId/agent-request} and {@code …/rating}. The bot's
 * handover routes are in the Business API ({@link #mountBusinessApi}).
 */
public final class CareApi implements RouteSet {

  private static final String BASE = "/care/businesses/:businessId";
  private static final String CONVERSATION = BASE + "/conversations/:conversationId";

  private final Care care;

  public CareApi(Care care) {
    this.care = care;
  }

  @Override
  public void mount(Router api) {
    CareSettings s = care.settings();
    api.get("/care/inboxes").handler(Respond.json(ctx -> care.inboxes(me(ctx))));
    // Who may use the inbox is checked before any body is read: strangers get 404 whatever they send.
    api.route(BASE + "/*").handler(ctx -> care.requireAccess(me(ctx), biz(ctx)).onSuccess(v -> ctx.next())
        .onFailure(ctx::fail));
    api.get(BASE + "/agents").handler(Respond.json(ctx -> s.agents(me(ctx), biz(ctx))));
    api.post(BASE + "/agents").handler(Respond.json(ctx -> s.addAgent(me(ctx), biz(ctx), JsonBody.object(ctx))
        .map(Answer::created)));
    api.patch(BASE + "/agents/:agentId").handler(Respond.json(ctx -> s.updateAgent(me(ctx), biz(ctx),
        ctx.pathParam("agentId"), JsonBody.object(ctx))));
    api.delete(BASE + "/agents/:agentId").handler(Respond.json(ctx -> s.removeAgent(me(ctx), biz(ctx),
        ctx.pathParam("agentId"))));
    api.put(BASE + "/me/availability").handler(Respond.json(ctx -> s.availability(me(ctx), biz(ctx),
        JsonBody.object(ctx))));
    api.get(BASE + "/teams").handler(Respond.json(ctx -> s.teams(me(ctx), biz(ctx))));
    api.post(BASE + "/teams").handler(Respond.json(ctx -> s.createTeam(me(ctx), biz(ctx), JsonBody.object(ctx))
        .map(Answer::created)));
    api.patch(BASE + "/teams/:teamId").handler(Respond.json(ctx -> s.updateTeam(me(ctx), biz(ctx),
        ctx.pathParam("teamId"), JsonBody.object(ctx))));
    api.delete(BASE + "/teams/:teamId").handler(Respond.json(ctx -> s.deleteTeam(me(ctx), biz(ctx),
        ctx.pathParam("teamId"))));
    api.get(BASE + "/sla-policies").handler(Respond.json(ctx -> s.policies(me(ctx), biz(ctx))));
    api.post(BASE + "/sla-policies").handler(Respond.json(ctx -> s.createPolicy(me(ctx), biz(ctx),
        JsonBody.object(ctx)).map(Answer::created)));
    api.patch(BASE + "/sla-policies/:policyId").handler(Respond.json(ctx -> s.updatePolicy(me(ctx), biz(ctx),
        ctx.pathParam("policyId"), JsonBody.object(ctx))));
    api.get(BASE + "/canned-replies").handler(Respond.json(ctx -> s.cannedReplies(me(ctx), biz(ctx))));
    api.post(BASE + "/canned-replies").handler(Respond.json(ctx -> s.createCanned(me(ctx), biz(ctx),
        JsonBody.object(ctx)).map(Answer::created)));
    api.patch(BASE + "/canned-replies/:replyId").handler(Respond.json(ctx -> s.updateCanned(me(ctx), biz(ctx),
        ctx.pathParam("replyId"), JsonBody.object(ctx))));
    api.delete(BASE + "/canned-replies/:replyId").handler(Respond.json(ctx -> s.deleteCanned(me(ctx), biz(ctx),
        ctx.pathParam("replyId"))));
    api.post(BASE + "/canned-replies/:replyId/render").handler(Respond.json(this::render));
    api.get(BASE + "/reports").handler(Respond.json(ctx -> s.report(me(ctx), biz(ctx),
        Optional.ofNullable(ctx.queryParams().get("from")), Optional.ofNullable(ctx.queryParams().get("to")),
        Optional.ofNullable(ctx.queryParams().get("groupBy")).orElse("agent"))));

    api.get(BASE + "/conversations").handler(Respond.json(this::list));
    api.get(CONVERSATION).handler(Respond.json(ctx -> care.get(me(ctx), biz(ctx), conv(ctx))));
    api.get(CONVERSATION + "/messages").handler(Respond.json(ctx -> care.messages(me(ctx), biz(ctx), conv(ctx),
        QueryParams.integer(ctx, "before", 0, Long.MAX_VALUE),
        QueryParams.integer(ctx, "limit", 1, 200).map(Long::intValue).orElse(50))));
    api.post(CONVERSATION + "/messages").handler(Respond.json(ctx -> care.reply(me(ctx), biz(ctx), conv(ctx),
        JsonBody.object(ctx)).map(Answer::created)));
    api.post(CONVERSATION + "/take").handler(Respond.json(ctx -> care.take(me(ctx), biz(ctx), conv(ctx))));
    api.post(CONVERSATION + "/release").handler(Respond.json(ctx -> care.release(me(ctx), biz(ctx), conv(ctx))));
    api.post(CONVERSATION + "/resolve").handler(Respond.json(ctx -> care.resolve(me(ctx), biz(ctx), conv(ctx))));
    api.post(CONVERSATION + "/reopen").handler(Respond.json(ctx -> care.reopen(me(ctx), biz(ctx), conv(ctx))));
    api.post(CONVERSATION + "/snooze").handler(Respond.json(ctx -> care.snooze(me(ctx), biz(ctx), conv(ctx),
        JsonBody.object(ctx))));
    api.post(CONVERSATION + "/assign").handler(Respond.json(ctx -> care.assign(me(ctx), biz(ctx), conv(ctx),
        JsonBody.object(ctx))));
    api.put(CONVERSATION + "/labels").handler(Respond.json(ctx -> care.labels(me(ctx), biz(ctx), conv(ctx),
        JsonBody.object(ctx).getValue("labels"))));
    api.post(CONVERSATION + "/notes").handler(Respond.json(ctx -> care.addNote(me(ctx), biz(ctx), conv(ctx),
        JsonBody.object(ctx)).map(Answer::created)));
    api.get(CONVERSATION + "/notes").handler(Respond.json(ctx -> care.notes(me(ctx), biz(ctx), conv(ctx))));
    api.post(CONVERSATION + "/typing").handler(Respond.json(ctx -> care.typing(me(ctx), biz(ctx), conv(ctx),
        JsonBody.object(ctx))));
    api.post(CONVERSATION + "/read").handler(Respond.json(ctx -> care.read(me(ctx), biz(ctx), conv(ctx),
        JsonBody.object(ctx))));

    // the customer's side
    api.post("/conversations/:conversationId/agent-request").handler(Respond.json(ctx -> care
        .agentRequest(me(ctx), conv(ctx))));
    api.get("/conversations/:conversationId/care").handler(Respond.json(ctx -> care
        .customerView(me(ctx), conv(ctx))));
    api.post("/conversations/:conversationId/rating").handler(Respond.json(ctx -> care
        .rate(me(ctx), conv(ctx), JsonBody.object(ctx)).map(Answer::created)));
  }

  /** The bot's handover routes, behind the Business API's key check. */
  public void mountBusinessApi(Router root, String base,
      java.util.function.Function<RoutingContext, String> businessId,
      io.vertx.core.Handler<RoutingContext> json) {
    String path = base + "/conversations/:conversationId/handover";
    root.get(path).handler(Respond.json(ctx -> care.botHandover(businessId.apply(ctx), conv(ctx))));
    root.post(path).handler(json).handler(Respond.json(ctx -> care.botAction(businessId.apply(ctx), conv(ctx),
        JsonBody.object(ctx))));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Map<String, String> query = new HashMap<>();
    for (String name : List.of("status", "assignee", "team", "label", "q", "before")) {
      String v = ctx.queryParams().get(name);
      if (v != null && !v.isEmpty()) {
        query.put(name, v);
      }
    }
    int limit = QueryParams.integer(ctx, "limit", 1, 200).map(Long::intValue).orElse(50);
    return care.list(me(ctx), biz(ctx), query, limit);
  }

  private Future<JsonObject> render(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return care.renderCanned(me(ctx), biz(ctx), ctx.pathParam("replyId"), JsonBody.string(body, "conversationId"))
        .map(text -> new JsonObject().put("text", text));
  }

  private static Account me(RoutingContext ctx) {
    return Authn.principal(ctx).account();
  }

  private static String biz(RoutingContext ctx) {
    return ctx.pathParam("businessId");
  }

  private static String conv(RoutingContext ctx) {
    return ctx.pathParam("conversationId");
  }
}
