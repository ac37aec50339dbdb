package dev.parley.core.accounts;

import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code POST /api/auth/forgot} (issue 17): public; always 202 with the same body whether or not an
 * account matched, had an e-mail address, or SMTP is configured (docs/api.md).
 */
public final class ForgotApi implements RouteSet {

  /** The one answer, whatever happened. */
  static final JsonObject ANSWER = new JsonObject().put("status", "accepted")
      .put("message", "If an account matches and has an e-mail address, a reset link is on its way.");

  private final PasswordForgotten forgotten;
  private final Authn authn;
  private final Optional<String> publicBaseUrl;

  public ForgotApi(PasswordForgotten forgotten, Authn authn, Optional<String> publicBaseUrl) {
    this.forgotten = forgotten;
    this.authn = authn;
    this.publicBaseUrl = publicBaseUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
  }

  @Override
  public void mountPublic(Router api) {
    api.post("/auth/forgot").handler(Respond.json(this::forgot));
  }

  private Future<Answer> forgot(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    // Without publicBaseUrl the link takes the request's origin (its Host): production sets publicBaseUrl.
    String base = publicBaseUrl.orElseGet(() -> ctx.request().scheme() + "://" + ctx.request().authority());
    return forgotten.request(optional(body, "username"), optional(body, "email"), authn.clientAddress(ctx.request()),
        base).map(counted -> Answer.of(202, ANSWER.copy()));
  }

  private static String optional(JsonObject body, String name) {
    return JsonBody.optionalString(body, name).orElse(null);
  }
}
