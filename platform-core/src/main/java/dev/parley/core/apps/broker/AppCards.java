package dev.parley.core.apps.broker;

import static dev.parley.core.apps.broker.Arguments.id;
import static dev.parley.core.apps.broker.Arguments.object;
import static dev.parley.core.apps.broker.Arguments.string;

import dev.parley.core.chat.ChatService;
import dev.parley.core.chat.Message;
import dev.parley.runtime.CallContext;
import dev.parley.runtime.MiniAppException;
import dev.parley.runtime.Permission;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code parley.cards.post} and {@code parley.cards.update}: cards are checked data
 * ({@link CardFormat}), posted labelled with the app, and updated in place; what a call posted is
 * kept until the broker takes it for its answer.
 */
final class AppCards {

  private static final JsonObject CARD = object("a card: {title?, text?, image?, fields?: [{label, value}], "
      + "buttons?: [{id, label, type?, value?, url?, accept?}], files?: [{path | attachmentId, name?}], "
      + "interactive?: interactive content of the shared schema (GET /api/schemas/interactive), without media}");
  private static final JsonObject TEXT = string("a plain text, the short form of {card: {text}}");
  static final JsonObject VISIBILITY = Arguments.oneOf("who sees it: \"conversation\" (every member, the default) "
      + "or \"caller\" (only the person whose action made this call: an ephemeral message)", "conversation",
      "caller");

  private final ChatService chat;
  private final CallingApp apps;
  private final AppFiles files;
  private final Map<String, List<Message>> postedByRequest = new ConcurrentHashMap<>();

  AppCards(ChatService chat, CallingApp apps, AppFiles files) {
    this.chat = chat;
    this.apps = apps;
    this.files = files;
  }

  /** {@code cards.post} and {@code cards.update}, both with {@code cards.post}. */
  List<Capability> capabilities() {
    Requirement cards = Requirement.permission(Permission.CARDS_POST);
    return List.of(
        Capability.of("cards.post", cards, Arguments.of("Posts a card (or a text) into the conversation of the call.")
            .optional("card", CARD).optional("text", TEXT).optional("visibility", VISIBILITY).schema(),
            "{ messageId: string }", this::post),
        Capability.of("cards.update", cards, Arguments.of("Replaces a card this app posted in this conversation.")
            .required("messageId", id("the id cards.post returned")).optional("card", CARD).optional("text", TEXT)
            .schema(), "{ messageId: string }", this::update));
  }

  private Future<Object> post(CallContext context, JsonObject args) {
    return CallingApp.conversation(context).compose(c -> {
      JsonObject checked = CardFormat.card(args);
      return handled(checked, context).compose(v -> withFileUrls(checked, context, c))
          .compose(card -> apps.label(context)
              .compose(app -> ephemeral(args)
                  ? chat.ephemerals().post(app, c, List.of(context.userId()), card, CardFormat.summary(card))
                  : chat.postAppMessage(app, c, card, CardFormat.summary(card))))
          .compose(files::shown)
          .map(m -> {
            postedByRequest.computeIfAbsent(context.requestId(), k -> new CopyOnWriteArrayList<>()).add(m);
            return new JsonObject().put("messageId", m.id());
          });
    });
  }

  private Future<Object> update(CallContext context, JsonObject args) {
    return CallingApp.conversation(context).compose(c -> {
      JsonObject checked = CardFormat.card(args);
      String messageId = args.getString("messageId");
      return handled(checked, context).compose(v -> withFileUrls(checked, context, c))
          .compose(card -> chat.updateAppMessage(context.appId(), c, messageId, card, CardFormat.summary(card))
              // not a card of the conversation: perhaps an ephemeral one of this app (its viewers see the update)
              .recover(f -> chat.ephemerals().update(context.appId(), c, messageId, card, CardFormat.summary(card)))
              .recover(f -> Future.failedFuture(MiniAppException.refused("no card of this app with id " + messageId
                  + " in this conversation"))))
          .compose(files::shown)
          .map(m -> (Object) new JsonObject().put("messageId", m.id()));
    });
  }

  /** Whether a call's or a handler's answer asks for an ephemeral message ({@code visibility: "caller"}). */
  static boolean ephemeral(JsonObject args) {
    Object v = args.getValue("visibility");
    if (v == null || "conversation".equals(v)) {
      return false;
    }
    if ("caller".equals(v)) {
      return true;
    }
    throw MiniAppException.refused("visibility must be \"caller\" (an ephemeral message) or \"conversation\"");
  }

  /** What cards.post posted during one call, taken once (the broker answers the command with it). */
  List<Message> takePosted(String requestId) {
    List<Message> posted = postedByRequest.remove(requestId);
    return posted == null ? List.of() : List.copyOf(posted);
  }

  /** Refuses a card with a callback button (or an answerable interactive id) the calling version's manifest has no handler for. */
  private Future<Void> handled(JsonObject card, CallContext context) {
    if (!card.containsKey("buttons") && !card.containsKey("interactive")) {
      return Future.succeededFuture();
    }
    return apps.version(context).compose(v -> CardFormat.unhandledButton(card, v.manifest())
        .<Future<Void>>map(why -> Future.failedFuture(MiniAppException.refused(why)))
        .orElse(Future.succeededFuture()));
  }

  /**
   * A card whose image names a file of the app's bundle gets that file's URL in the calling
   * version; its files and request_file buttons are checked ({@link AppFiles#checkCard}).
   */
  private Future<JsonObject> withFileUrls(JsonObject card, CallContext context, String conversationId) {
    return apps.version(context).compose(v -> files.checkCard(CardFormat.withFileUrls(card, v.appId(), v.digest()), v,
        conversationId));
  }
}
