package dev.parley.samples.business;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One seed business's bot: what its webhooks bring ({@code conversation.started}, {@code
 * message.received}) turned into answers through the Business API. Answers of one conversation go
 * out one after another, in order (the API paces them at one a second). Quiet while a person of the
 * business holds the conversation (the webhook's {@code handover.state} says so, and a send then is
 * refused {@code care-agent-holds}).
 */
abstract class Bot {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Bot.class);

  /** The handle, name and directory category of a seed business. */
  record Profile(String handle, String name, String category, String description) {
  }

  protected final BusinessApiClient api;
  private final Map<String, Future<?>> queues = new ConcurrentHashMap<>();

  Bot(BusinessApiClient api) {
    this.api = api;
  }

  abstract Profile profile();

  /** Work before the first event (templates to register, say). */
  Future<Void> setUp() {
    return Future.succeededFuture();
  }

  /** The first answer in a conversation: what the business does, and quick replies that start each story. */
  abstract JsonObject greeting();

  /** A customer's text (a typed message, or the label of a button, quick reply or list row they pressed). */
  abstract void onText(String conversationId, String text, JsonObject message);

  /** A customer's files (a photo, a PDF), with their message. */
  void onFiles(String conversationId, JsonArray files, JsonObject message) {
    say(conversationId, "Thanks, we received your file.");
  }

  /** One verified event. */
  final void handle(JsonObject event) {
    JsonObject data = event.getJsonObject("data", new JsonObject());
    String conversationId = data.getString("conversationId");
    if (conversationId == null) {
      return;
    }
    JsonObject handover = data.getJsonObject("handover");
    if (handover != null && !"bot".equals(handover.getString("state", "bot"))) {
      return; // a person of the business has it (or is about to): the bot stays quiet
    }
    switch (event.getString("type", "")) {
      case "conversation.started" -> send(conversationId, greeting());
      case "message.received" -> {
        JsonObject message = data.getJsonObject("message", new JsonObject());
        JsonArray files = message.getJsonArray("attachments");
        if (files != null && !files.isEmpty()) {
          onFiles(conversationId, files, message);
        } else if (message.getString("text") != null && !message.getString("text").isBlank()) {
          String text = message.getString("text").strip();
          if (Keywords.isParleyKeyword(text)) {
            return; // STOP, HELP, AGENT…: Parley answers those itself
          }
          onText(conversationId, text, message);
        }
      }
      default -> {
        // button.pressed comes beside message.received (whose text is the label): handled there
      }
    }
  }

  /**
   * The answer to a text the bot does not understand: the greeting's choices again, under a line that
   * says so (the greeting's own words once in a conversation are enough).
   */
  final void notUnderstood(String conversationId) {
    JsonObject again = greeting();
    JsonObject interactive = again.getJsonObject("interactive");
    if (interactive != null && interactive.getString("text") != null) {
      interactive.put("text", "Sorry, I did not get that. Choose one of these:");
    }
    send(conversationId, again);
  }

  /** Sends a text. */
  final void say(String conversationId, String text) {
    send(conversationId, new JsonObject().put("text", text));
  }

  /** Sends one message body in turn after the conversation's earlier ones. */
  final Future<JsonObject> send(String conversationId, JsonObject body) {
    return then(conversationId, () -> api.post("/conversations/" + conversationId + "/messages", body));
  }

  /** Sends an interactive message whose pictures are drawn and uploaded first. */
  final Future<JsonObject> sendWithPictures(String conversationId, List<Pictures.Picture> pictures,
      java.util.function.Function<List<String>, JsonObject> interactive) {
    return then(conversationId, () -> {
      Future<List<String>> ids = Future.succeededFuture(new java.util.ArrayList<>());
      for (Pictures.Picture p : pictures) {
        ids = ids.compose(list -> api.upload(p.name(), "image/png", Buffer.buffer(p.png()))
            .map(a -> {
              list.add(a.getString("id"));
              return list;
            }));
      }
      return ids.compose(list -> api.post("/conversations/" + conversationId + "/messages", new JsonObject()
          .put("attachmentIds", new JsonArray(list)).put("interactive", interactive.apply(list))));
    });
  }

  /** Asks for a person of the business: {@code offer} (for an agent to confirm) or {@code request_agent}. */
  final Future<JsonObject> handOver(String conversationId, String action) {
    return then(conversationId, () -> api.post("/conversations/" + conversationId + "/handover",
        new JsonObject().put("action", action)));
  }

  private Future<JsonObject> then(String conversationId, java.util.function.Supplier<Future<JsonObject>> step) {
    Promise<JsonObject> done = Promise.promise();
    queues.compute(conversationId, (k, tail) -> {
      Future<?> before = tail == null ? Future.succeededFuture() : tail;
      Future<JsonObject> next = before.transform(x -> step.get()).onComplete(done)
          .onFailure(e -> LOG.info("sample bot {}: {}", profile().handle(), e.getMessage()));
      return next.transform(x -> Future.succeededFuture());
    });
    return done.future();
  }

  static JsonObject quickReplies(String text, String... labels) {
    JsonArray replies = new JsonArray();
    for (int i = 0; i < labels.length; i++) {
      replies.add(new JsonObject().put("id", "q" + i).put("label", labels[i]));
    }
    return new JsonObject().put("interactive", new JsonObject().put("type", "quick_replies").put("text", text)
        .put("replies", replies));
  }

  static JsonObject reply(String id, String label) {
    return new JsonObject().put("type", "reply").put("id", id).put("label", label);
  }

  static boolean is(String text, String label) {
    return text.equalsIgnoreCase(label);
  }
}
