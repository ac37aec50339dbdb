package dev.parley.core.business.consent;

import dev.parley.core.accounts.Authn;
import dev.parley.core.accounts.Role;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.web.Answer;
import dev.parley.core.common.web.JsonBody;
import dev.parley.core.common.web.Respond;
import dev.parley.core.common.web.RouteSet;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Consent routes. A customer's own: the ledger ({@code GET /api/me/businesses}), their choices per
 * business, opting in and out, "Why am I getting this?". An admin's: the template review queue.
 * A business owner's (session): its templates and campaign counts. The Business API's template
 * and campaign routes are mounted by the Business API itself ({@link #mountBusinessApi}), behind
 * its key check.
 */
public final class ConsentApi implements RouteSet {

  private final Consents consents;
  private final Templates templates;
  private final CampaignStats campaigns;
  /** Succeeds when the account owns the business; "not found" otherwise. */
  private final BiFunction<String, String, Future<?>> owns;

  public ConsentApi(Consents consents, Templates templates, CampaignStats campaigns,
      BiFunction<String, String, Future<?>> owns) {
    this.consents = consents;
    this.templates = templates;
    this.campaigns = campaigns;
    this.owns = owns;
  }

  @Override
  public void mount(Router api) {
    api.get("/me/businesses").handler(Respond.json(ctx -> consents.ledger(me(ctx))));
    api.get("/me/businesses/:businessId/consents").handler(Respond.json(ctx -> consents.choices(me(ctx),
        ctx.pathParam("businessId"))));
    api.put("/me/businesses/:businessId/consents/:category").handler(Respond.json(ctx -> set(ctx, true)));
    api.delete("/me/businesses/:businessId/consents/:category").handler(Respond.json(ctx -> set(ctx, false)));
    api.post("/me/business-messages/:messageId/stop").handler(Respond.json(ctx -> consents.stop(me(ctx),
        ctx.pathParam("messageId"))));
    api.get("/me/business-messages/:messageId/why").handler(Respond.json(ctx -> consents.why(me(ctx),
        ctx.pathParam("messageId"))));

    api.get("/admin/business-templates").handler(Authn.role(Role.ADMIN)).handler(Respond.json(ctx -> templates
        .queue(Optional.ofNullable(ctx.request().getParam("status")).orElse("pending"))));
    api.post("/admin/business-templates/:templateId/review").handler(Authn.role(Role.ADMIN))
        .handler(Respond.json(this::review));

    api.get("/businesses/:businessId/templates").handler(Respond.json(ctx -> owned(ctx)
        .compose(id -> templates.ofBusiness(id)).map(ConsentApi::templateList)));
    api.get("/businesses/:businessId/campaigns").handler(Respond.json(ctx -> owned(ctx).compose(campaigns::of)));
  }

  /**
   * The Business API's routes (key-authenticated by the caller's {@code businessOf}): templates
   * listed, submitted and deleted; campaign counts.
   */
  public void mountBusinessApi(Router root, String base, Function<RoutingContext, String> businessOf,
      Handler<RoutingContext> jsonBody) {
    root.get(base + "/templates").handler(Respond.json(ctx -> templates.ofBusiness(businessOf.apply(ctx))
        .map(ConsentApi::templateList)));
    root.post(base + "/templates").handler(jsonBody).handler(Respond.json(ctx -> templates
        .create(businessOf.apply(ctx), JsonBody.object(ctx)).map(t -> Answer.created(t.toJson()))));
    root.delete(base + "/templates/:templateId").handler(Respond.json(ctx -> templates
        .delete(businessOf.apply(ctx), ctx.pathParam("templateId")).map(v -> Answer.of(204, null))));
    root.get(base + "/campaigns").handler(Respond.json(ctx -> campaigns.of(businessOf.apply(ctx))));
  }

  private Future<JsonObject> set(RoutingContext ctx, boolean optedIn) {
    Category category = Category.parse(ctx.pathParam("category"), "/category");
    String place = optedIn
        ? JsonBody.optionalString(JsonBody.object(ctx), "place").orElse("conversation")
        : Optional.ofNullable(ctx.request().getParam("place")).orElse("settings");
    return consents.set(me(ctx), ctx.pathParam("businessId"), category, optedIn, place);
  }

  private Future<JsonObject> review(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx);
    String decision = JsonBody.string(body, "decision");
    if (!decision.equals("approve") && !decision.equals("reject")) {
      throw PlatformException.invalid("/decision", "decision must be approve or reject");
    }
    return templates.review(me(ctx), ctx.pathParam("templateId"), decision.equals("approve"),
        body.getString("reasonCode"), JsonBody.optionalString(body, "reason").orElse(null))
        .map(Templates.Template::toJson);
  }

  private Future<String> owned(RoutingContext ctx) {
    String businessId = ctx.pathParam("businessId");
    return owns.apply(me(ctx), businessId).map(businessId);
  }

  private static JsonArray templateList(java.util.List<Templates.Template> list) {
    JsonArray out = new JsonArray();
    list.forEach(t -> out.add(t.toJson()));
    return out;
  }

  private static String me(RoutingContext ctx) {
    return Authn.principal(ctx).account().id();
  }
}
