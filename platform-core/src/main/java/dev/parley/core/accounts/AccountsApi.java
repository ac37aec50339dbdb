package dev.parley.core.accounts;

import dev.parley.core.accounts.AccountService.SignedIn;
import dev.parley.core.audit.Actor;
import dev.parley.core.web.Authn;
import dev.parley.core.web.Json;
import dev.parley.core.web.JsonBody;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP routes for sign-up, sign-in, sessions, people search, roles and API tokens. */
public final class AccountsApi {

  private final Vertx vertx;
  private final AccountService accounts;
  private final Authn authn;
  private final RoleAudit audit;

  public AccountsApi(Vertx vertx, AccountService accounts, Authn authn, RoleAudit audit) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.authn = authn;
    this.audit = audit;
  }

  /** Routes reachable without an account; mount under {@code /api}. */
  public Router publicRouter() {
    Router router = Router.router(vertx);
    router.post("/auth/signup").handler(this::signUp);
    router.post("/auth/signin").handler(this::signIn);
    router.post("/setup/admin").handler(this::setUpAdmin);
    return router;
  }

  /** Routes that need an account; mount under {@code /api} behind {@link Authn#required}. */
  public Router router() {
    Router router = Router.router(vertx);
    router.get("/session").handler(this::session);
    router.post("/auth/signout").handler(this::signOut);
    router.get("/accounts").handler(this::search);

    router.route("/admin/*").handler(Authn.role(Role.ADMIN));
    router.get("/admin/accounts").handler(this::adminSearch);
    router.post("/admin/accounts/:id/roles").handler(this::grant);
    router.delete("/admin/accounts/:id/roles/:role").handler(this::revoke);

    router.route("/tokens*").handler(Authn.role(Role.DEVELOPER));
    router.get("/tokens").handler(this::listTokens);
    router.post("/tokens").handler(this::createToken);
    router.delete("/tokens/:id").handler(this::revokeToken);
    return router;
  }

  private void signUp(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    accounts.signUp(JsonBody.string(body, "username"), JsonBody.string(body, "displayName"),
        JsonBody.string(body, "password"))
        .onSuccess(signedIn -> signedIn(ctx, 201, signedIn))
        .onFailure(ctx::fail);
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    accounts.signIn(JsonBody.string(body, "username"), JsonBody.string(body, "password"),
        ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress())
        .onSuccess(signedIn -> signedIn(ctx, 200, signedIn))
        .onFailure(ctx::fail);
  }

  private void setUpAdmin(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    accounts.setUpAdmin(JsonBody.string(body, "token"), JsonBody.string(body, "username"),
        JsonBody.string(body, "displayName"), JsonBody.string(body, "password"))
        .onSuccess(signedIn -> signedIn(ctx, 201, signedIn))
        .onFailure(ctx::fail);
  }

  private void signedIn(RoutingContext ctx, int status, SignedIn signedIn) {
    authn.setCookie(ctx, signedIn.sessionToken());
    Json.send(ctx, status, new JsonObject().put("account", signedIn.account().toJson()).put("csrfToken", signedIn.csrfToken()));
  }

  private void session(RoutingContext ctx) {
    Principal p = Authn.principal(ctx);
    Json.send(ctx, 200, new JsonObject().put("account", p.account().toJson()).put("csrfToken", p.csrf().orElse(null)));
  }

  private void signOut(RoutingContext ctx) {
    accounts.signOut(Authn.principal(ctx)).onSuccess(v -> {
      authn.clearCookie(ctx);
      ctx.response().setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  private void search(RoutingContext ctx) {
    accounts.search(ctx.queryParams().get("q"), 20).onSuccess(list -> {
      JsonArray out = new JsonArray();
      list.forEach(a -> out.add(a.publicJson()));
      Json.send(ctx, 200, out);
    }).onFailure(ctx::fail);
  }

  private void adminSearch(RoutingContext ctx) {
    accounts.search(ctx.queryParams().get("q"), 100).onSuccess(list -> {
      JsonArray out = new JsonArray();
      list.forEach(a -> out.add(a.toJson()));
      Json.send(ctx, 200, out);
    }).onFailure(ctx::fail);
  }

  private void grant(RoutingContext ctx) {
    Role role = Role.parse(JsonBody.string(JsonBody.object(ctx), "role"), "/role");
    accounts.grantRole(ctx.pathParam("id"), role)
        .compose(a -> audit.roleChanged(Actor.of(Authn.principal(ctx), ctx), "role.granted", a, role).map(a))
        .onSuccess(a -> Json.send(ctx, 200, a.toJson())).onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    Role role = Role.parse(ctx.pathParam("role"), "role");
    accounts.revokeRole(ctx.pathParam("id"), role)
        .compose(a -> audit.roleChanged(Actor.of(Authn.principal(ctx), ctx), "role.revoked", a, role).map(a))
        .onSuccess(a -> Json.send(ctx, 200, a.toJson())).onFailure(ctx::fail);
  }

  private void listTokens(RoutingContext ctx) {
    accounts.tokens(Authn.principal(ctx).accountId()).onSuccess(list -> {
      JsonArray out = new JsonArray();
      list.forEach(t -> out.add(t.toJson()));
      Json.send(ctx, 200, out);
    }).onFailure(ctx::fail);
  }

  private void createToken(RoutingContext ctx) {
    accounts.createToken(Authn.principal(ctx).accountId(), JsonBody.string(JsonBody.object(ctx), "name"))
        .onSuccess(t -> Json.send(ctx, 201, t.toJson())).onFailure(ctx::fail);
  }

  private void revokeToken(RoutingContext ctx) {
    accounts.revokeToken(Authn.principal(ctx).accountId(), ctx.pathParam("id"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }
}
