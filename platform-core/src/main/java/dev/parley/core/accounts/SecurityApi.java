package dev.parley.core.accounts;

import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP routes of account security: the password, the list of sessions, two-factor sign-in, and
 * one-time reset links (an admin issues one; anyone holding it sets a new password once).
 */
public final class SecurityApi implements RouteSet {

  private final AccountSecurity security;
  private final Authn authn;

  public SecurityApi(AccountSecurity security, Authn authn) {
    this.security = security;
    this.authn = authn;
  }

  @Override
  public void mountPublic(Router api) {
    api.post("/auth/reset").handler(Respond.json(this::reset));
  }

  @Override
  public void mount(Router api) {
    api.post("/me/password").handler(Respond.json(this::changePassword));
    api.get("/me/sessions").handler(Respond.json(this::sessions));
    api.post("/me/sessions/sign-out-others").handler(Respond.json(this::signOutOthers));
    api.delete("/me/sessions/:id").handler(Respond.json(this::endSession));
    api.get("/me/two-factor").handler(Respond.json(this::twoFactor));
    api.post("/me/two-factor/setup").handler(Respond.json(this::setUp));
    api.post("/me/two-factor/enable").handler(Respond.json(this::enable));
    api.post("/me/two-factor/disable").handler(Respond.json(this::disable));

    api.post("/admin/accounts/:id/reset-link").handler(Authn.role(Role.ADMIN))
        .handler(Respond.json(this::issueResetLink));
  }

  private Future<Void> reset(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return security.resetPassword(JsonBody.string(body, "token"), JsonBody.string(body, "password"),
        authn.clientAddress(ctx.request()));
  }

  private Future<Void> changePassword(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return security.changePassword(Authn.principal(ctx), Actor.of(Authn.principal(ctx), ctx),
        JsonBody.string(body, "currentPassword"), JsonBody.string(body, "newPassword"), Authn.clientAddress(ctx));
  }

  private Future<JsonArray> sessions(RoutingContext ctx) {
    return security.sessions(Authn.principal(ctx));
  }

  private Future<JsonObject> signOutOthers(RoutingContext ctx) {
    return security.endOtherSessions(Authn.principal(ctx), Actor.of(Authn.principal(ctx), ctx))
        .map(n -> new JsonObject().put("ended", n));
  }

  private Future<Void> endSession(RoutingContext ctx) {
    return security.endSession(Authn.principal(ctx), Actor.of(Authn.principal(ctx), ctx), ctx.pathParam("id"));
  }

  private Future<JsonObject> twoFactor(RoutingContext ctx) {
    return security.twoFactorStatus(Authn.principal(ctx).accountId());
  }

  private Future<JsonObject> setUp(RoutingContext ctx) {
    return security.beginTwoFactor(Authn.principal(ctx));
  }

  private Future<JsonObject> enable(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return security.enableTwoFactor(Authn.principal(ctx), Actor.of(Authn.principal(ctx), ctx),
        JsonBody.string(body, "code"), Authn.clientAddress(ctx))
        .map(codes -> new JsonObject().put("recoveryCodes", codes));
  }

  private Future<Void> disable(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return security.disableTwoFactor(Authn.principal(ctx), Actor.of(Authn.principal(ctx), ctx),
        JsonBody.string(body, "password"), Authn.clientAddress(ctx));
  }

  private Future<Answer> issueResetLink(RoutingContext ctx) {
    return security.issueResetLink(Actor.of(Authn.principal(ctx), ctx), ctx.pathParam("id"))
        // The secret rides in the fragment: browsers send it neither to the server's log nor in a Referer.
        .map(link -> Answer.created(new JsonObject().put("token", link.token())
            .put("path", "/#reset=" + link.token()).put("expiresAt", link.expiresAt().toString())));
  }
}
