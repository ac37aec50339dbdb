package dev.parley.samples.business;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Corner Shop: a cart reminder, the marketing template {@code cart_reminder} (sent only to a
 * customer who opted in to offers), then the cart as a carousel with pictures; each card's
 * "Checkout" opens the Shop mini-app at the product, whose Buy asks Parley for the payment: the
 * customer confirms it in Parley's own sheet and the ledger moves the money (never the business's
 * word).
 */
final class ShopBot extends Bot {

  static final Profile PROFILE = new Profile("corner_shop", "Corner Shop", "retail",
      "Shoes, bags and more. We remind you of your cart; you pay in Parley.");
  static final String CART = "Remind me of my cart";
  private static final String TEMPLATE = "cart_reminder";
  /** The Shop sample mini-app (sample-miniapps, folder search) and two products of its catalogue. */
  static final String SHOP_APP = "shop";

  private List<Pictures.Picture> products = List.of();

  ShopBot(BusinessApiClient api) {
    super(api);
  }

  @Override
  Profile profile() {
    return PROFILE;
  }

  @Override
  Future<Void> setUp() {
    JsonObject template = new JsonObject().put("name", TEMPLATE).put("language", "en").put("category", "marketing")
        .put("body", "You left {{count}} items in your cart. They are still waiting for you: check out in Parley.")
        .put("variables", new JsonArray().add(new JsonObject().put("name", "count").put("type", "number")));
    return api.vertx().executeBlocking(() -> List.of(
        Pictures.tile("running-shoes.png", 0xd9641e, "Running shoes", "Orrin Flow · €124.90"),
        Pictures.tile("trail-shoes.png", 0x1f4e8c, "Tessaly Flow", "Running shoes · €89.00")), false)
        .onSuccess(p -> products = p)
        .compose(p -> api.post("/templates", template).<Void>mapEmpty()
            .recover(e -> Future.succeededFuture()));
  }

  @Override
  JsonObject greeting() {
    return quickReplies("Hi from Corner Shop! Want to see what is waiting in your cart? (To get reminders "
        + "by yourself, allow our offers in this conversation's business settings.)", CART);
  }

  @Override
  void onText(String conversationId, String text, JsonObject message) {
    if (!is(text, CART)) {
      notUnderstood(conversationId);
      return;
    }
    send(conversationId, new JsonObject().put("template", new JsonObject().put("name", TEMPLATE)
        .put("variables", new JsonObject().put("count", 2))).put("campaign", "cart-reminder"));
    sendWithPictures(conversationId, products, ids -> new JsonObject().put("type", "carousel")
        .put("fallback",
            "Your cart: Orrin Flow Running Shoes €124.90, Tessaly Flow Running Shoes €89.00. Check out in the Shop app.")
        .put("cards", new JsonArray()
            .add(product(ids.get(0), "Orrin Flow Running Shoes", "€124.90 · orange, size 42", "p001"))
            .add(product(ids.get(1), "Tessaly Flow Running Shoes", "€89.00 · blue, size 42", "p002"))));
  }

  private static JsonObject product(String attachmentId, String title, String body, String productId) {
    return new JsonObject().put("title", title).put("body", body)
        .put("media", new JsonObject().put("attachmentId", attachmentId).put("alt", title))
        .put("actions", new JsonArray().add(new JsonObject().put("type", "open_app").put("label", "Checkout")
            .put("appId", SHOP_APP).put("start", productId)));
  }
}
