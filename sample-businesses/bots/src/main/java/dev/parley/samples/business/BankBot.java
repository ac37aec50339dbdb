package dev.parley.samples.business;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * North Bank: a fraud alert as the utility template {@code fraud_alert} (when the customer opted in
 * to account updates), then the suspect charges as pictures with "It was me" / "Not me"; "Not me"
 * freezes the test card and asks for a person of the bank. A customer can also send a PDF statement
 * to dispute a charge, which goes to the team too.
 */
final class BankBot extends Bot {

  static final Profile PROFILE = new Profile("north_bank", "North Bank", "finance",
      "Your bank in Parley: card alerts, disputes and a person when you need one.");
  static final String FRAUD = "Show me the fraud alert";
  static final String DISPUTE = "Dispute a charge";
  static final String CARD = "•• 4242";
  private static final String TEMPLATE = "fraud_alert";

  private final Set<String> frozen = ConcurrentHashMap.newKeySet();
  private List<Pictures.Picture> charges = List.of();

  BankBot(BusinessApiClient api) {
    super(api);
  }

  @Override
  Profile profile() {
    return PROFILE;
  }

  @Override
  Future<Void> setUp() {
    JsonObject template = new JsonObject().put("name", TEMPLATE).put("language", "en").put("category", "utility")
        .put("body", "Security alert: we saw {{count}} card payments we are not sure about on your card ending "
            + "in 4242. Please tell us whether they were you.")
        .put("variables", new JsonArray().add(new JsonObject().put("name", "count").put("type", "number")));
    return api.vertx().executeBlocking(() -> List.of(
        Pictures.tile("charge-1.png", 0x8a1c1c, "€249.00", "TechStore Online · 02:14"),
        Pictures.tile("charge-2.png", 0x6b2a7a, "€89.99", "GameVault · 02:16")), false)
        .onSuccess(p -> charges = p)
        .compose(p -> api.post("/templates", template).<Void>mapEmpty()
            .recover(e -> Future.succeededFuture())); // 409 on a restart: it is registered already
  }

  @Override
  JsonObject greeting() {
    return quickReplies("Welcome to North Bank. I can show you a card alert, or help you dispute a charge "
        + "with your statement.", FRAUD, DISPUTE);
  }

  @Override
  void onText(String conversationId, String text, JsonObject message) {
    if (is(text, FRAUD)) {
      // The alert itself is a template (only sent to a customer who opted in to account updates);
      // the charges follow as a carousel, which the customer's answer opened the window for.
      send(conversationId, new JsonObject().put("template", new JsonObject().put("name", TEMPLATE)
          .put("variables", new JsonObject().put("count", 2))));
      sendWithPictures(conversationId, charges, ids -> new JsonObject().put("type", "carousel")
          .put("cards", new JsonArray()
              .add(charge(ids.get(0), "€249.00 at TechStore Online", "Today 02:14, card " + CARD, 1))
              .add(charge(ids.get(1), "€89.99 at GameVault", "Today 02:16, card " + CARD, 2))));
      return;
    }
    if (is(text, "It was me")) {
      say(conversationId, frozen.contains(conversationId)
          ? "Your card " + CARD + " stays frozen until our fraud team has spoken with you."
          : "Thanks for confirming. Your card " + CARD + " stays active.");
      return;
    }
    if (is(text, "Not me")) {
      frozen.add(conversationId);
      say(conversationId, "We froze your test card " + CARD + ": no new payments go through. A fraud specialist "
          + "will join this conversation.");
      handOver(conversationId, "request_agent");
      return;
    }
    if (is(text, DISPUTE)) {
      send(conversationId, new JsonObject().put("interactive", new JsonObject().put("type", "card")
          .put("card", new JsonObject().put("title", "Dispute a charge")
              .put("body", "Send us your statement as a PDF and tell us which charge you dispute.")
              .put("actions", new JsonArray().add(new JsonObject().put("type", "request_file")
                  .put("id", "statement").put("label", "Send statement (PDF)").put("accept", "application/pdf"))))));
      return;
    }
    notUnderstood(conversationId);
  }

  @Override
  void onFiles(String conversationId, JsonArray files, JsonObject message) {
    JsonObject file = files.getJsonObject(0);
    if (!"application/pdf".equals(file.getString("contentType"))) {
      say(conversationId, "Please send your statement as a PDF.");
      return;
    }
    say(conversationId, "We received your statement " + file.getString("name", "") + ". A colleague will look at "
        + "the charge you dispute and answer here.");
    handOver(conversationId, "offer");
  }

  private static JsonObject charge(String attachmentId, String title, String body, int n) {
    return new JsonObject().put("title", title).put("body", body)
        .put("media", new JsonObject().put("attachmentId", attachmentId).put("alt", "Receipt: " + title))
        .put("actions", new JsonArray().add(reply("was_me_" + n, "It was me")).add(reply("not_me_" + n, "Not me")));
  }
}
