package dev.parley.core.accounts;

import dev.parley.core.accounts.AccountService.SignedIn;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** HTTP routes for sign-up, sign-in, sessions, people search, roles and API tokens. */
public final class AccountsApi implements RouteSet {

  private final AccountService accounts;
  private final Authn authn;
  private final RoleAudit audit;

  public AccountsApi(AccountService accounts, Authn authn, RoleAudit audit) {
    this.accounts = accounts;
    this.authn = authn;
    this.audit = audit;
  }

  @Override
  public void mountPublic(Router api) {
    api.post("/auth/signup").handler(Respond.json(this::signUp));
    api.post("/auth/signin").handler(Respond.json(this::signIn));
    api.post("/setup/admin").handler(Respond.json(this::setUpAdmin));
  }

  @Override
  public void mount(Router api) {
    api.get("/session").handler(Respond.json(this::session));
    api.post("/auth/signout").handler(Respond.json(this::signOut));
    api.get("/accounts").handler(Respond.json(this::search));

    api.route("/admin/*").handler(Authn.role(Role.ADMIN));
    api.get("/admin/accounts").handler(Respond.json(this::adminSearch));
    api.post("/admin/accounts/:id/roles").handler(Respond.json(this::grant));
    api.delete("/admin/accounts/:id/roles/:role").handler(Respond.json(this::revoke));

    api.route("/tokens*").handler(Authn.role(Role.DEVELOPER));
    api.get("/tokens").handler(Respond.json(this::listTokens));
    api.post("/tokens").handler(Respond.json(this::createToken));
    api.delete("/tokens/:id").handler(Respond.json(this::revokeToken));
  }

  private Future<Answer> signUp(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return accounts.signUp(JsonBody.string(body, "username"), JsonBody.string(body, "displayName"),
        JsonBody.string(body, "password"), authn.clientAddress(ctx.request()))
        .compose(signedIn -> described(ctx, signedIn))
        .map(signedIn -> signedIn(ctx, 201, signedIn));
  }

  private Future<Answer> signIn(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    Cookie device = ctx.request().getCookie(DeviceCookies.COOKIE);
    // An account with two-factor sign-in: without "code", the right password answers {twoFactorRequired: true}.
    String code = JsonBody.optionalString(body, "code").orElse(null);
    return accounts.signIn(JsonBody.string(body, "username"), JsonBody.string(body, "password"), code,
        authn.clientAddress(ctx.request()), Optional.ofNullable(device).map(Cookie::getValue))
        .compose(signedIn -> described(ctx, signedIn))
        .map(signedIn -> signedIn(ctx, 200, signedIn))
        .recover(f -> f instanceof TwoFactorRequired
            ? Future.succeededFuture(Answer.ok(new JsonObject().put("twoFactorRequired", true)))
            : Future.failedFuture(f));
  }

  private Future<Answer> setUpAdmin(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    return accounts.setUpAdmin(JsonBody.string(body, "token"), JsonBody.string(body, "username"),
        JsonBody.string(body, "displayName"), JsonBody.string(body, "password"))
        .map(signedIn -> signedIn(ctx, 201, signedIn));
  }

  /** Records the new session's device for the list of sessions. */
  private Future<SignedIn> described(RoutingContext ctx, SignedIn signedIn) {
    return accounts.describeSession(signedIn, ctx.request().getHeader("User-Agent")).map(signedIn);
  }

  private Answer signedIn(RoutingContext ctx, int status, SignedIn signedIn) {
    authn.setCookie(ctx, signedIn.sessionToken());
    authn.setDeviceCookie(ctx, signedIn.deviceCookie());
    return Answer.of(status, new JsonObject().put("account", signedIn.account().toJson())
        .put("csrfToken", signedIn.csrfToken()));
  }

  private Future<JsonObject> session(RoutingContext ctx) {
    Principal p = Authn.principal(ctx);
    return Future.succeededFuture(new JsonObject().put("account", p.account().toJson())
        .put("csrfToken", p.csrf().orElse(null)));
  }

  private Future<Void> signOut(RoutingContext ctx) {
    return accounts.signOut(Authn.principal(ctx)).onSuccess(v -> authn.clearCookie(ctx));
  }

  private Future<JsonArray> search(RoutingContext ctx) {
    return accounts.search(ctx.queryParams().get("q"), 20).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(a -> out.add(a.publicJson()));
      return out;
    });
  }

  private Future<JsonArray> adminSearch(RoutingContext ctx) {
    return accounts.search(ctx.queryParams().get("q"), 100).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(a -> out.add(a.toJson()));
      return out;
    });
  }

  private Future<JsonObject> grant(RoutingContext ctx) {
    Role role = Role.parse(JsonBody.string(JsonBody.object(ctx), "role"), "/role");
    return accounts.grantRole(ctx.pathParam("id"), role)
        .compose(a -> audit.roleChanged(Actor.of(Authn.principal(ctx), ctx), "role.granted", a, role).map(a.toJson()));
  }

  private Future<JsonObject> revoke(RoutingContext ctx) {
    Role role = Role.parse(ctx.pathParam("role"), "role");
    return accounts.revokeRole(ctx.pathParam("id"), role)
        .compose(a -> audit.roleChanged(Actor.of(Authn.principal(ctx), ctx), "role.revoked", a, role).map(a.toJson()));
  }

  private Future<JsonArray> listTokens(RoutingContext ctx) {
    return accounts.tokens(Authn.principal(ctx).accountId()).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(t -> out.add(t.toJson()));
      return out;
    });
  }

  private Future<Answer> createToken(RoutingContext ctx) {
    return accounts.createToken(Authn.principal(ctx).accountId(), JsonBody.string(JsonBody.object(ctx), "name"))
        .map(t -> Answer.created(t.toJson()));
  }

  private Future<Void> revokeToken(RoutingContext ctx) {
    return accounts.revokeToken(Authn.principal(ctx).accountId(), ctx.pathParam("id"));
  }
}
