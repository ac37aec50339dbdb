package dev.parley.samples.business;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Volta Energy: the customer sends a photo of the meter; the bot acknowledges it with the time the
 * photo came and asks for the reading; then it offers the conversation to the care team (handover
 * {@code offer}), and an agent confirms the reading against the photo in the inbox.
 */
final class EnergyBot extends Bot {

  static final Profile PROFILE = new Profile("volta_energy", "Volta Energy", "utilities",
      "Electricity and gas. Send your meter reading as a photo; our team confirms it.");
  static final String SUBMIT = "Submit meter reading";
  private static final Pattern READING = Pattern.compile("\\b([0-9]{3,7}(?:[.,][0-9])?)\\b");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC, 'd MMM")
      .withZone(ZoneOffset.UTC);

  /** Conversations whose meter photo came and whose reading the bot waits for. */
  private final Map<String, String> photoAt = new ConcurrentHashMap<>();

  EnergyBot(BusinessApiClient api) {
    super(api);
  }

  @Override
  Profile profile() {
    return PROFILE;
  }

  @Override
  JsonObject greeting() {
    return quickReplies("Hi, this is Volta Energy's assistant. To submit your meter reading, send us a photo "
        + "of your meter (tap below, or attach one).", SUBMIT, "Talk to a person");
  }

  @Override
  void onText(String conversationId, String text, JsonObject message) {
    if (is(text, SUBMIT)) {
      send(conversationId, new JsonObject().put("interactive", new JsonObject().put("type", "card")
          .put("card", new JsonObject().put("title", "Your meter reading")
              .put("body", "Take a photo of the meter's display, with the meter number visible.")
              .put("actions", new JsonArray().add(new JsonObject().put("type", "request_file").put("id", "meter_photo")
                  .put("label", "Send meter photo").put("accept", "image/*"))))));
      return;
    }
    if (is(text, "Talk to a person")) {
      say(conversationId, "Of course, one of our team will take over here.");
      handOver(conversationId, "request_agent");
      return;
    }
    Matcher m = READING.matcher(text);
    String at = photoAt.get(conversationId);
    if (at != null && m.find()) {
      photoAt.remove(conversationId);
      say(conversationId, "Thanks! We noted " + m.group(1) + " kWh from your photo of " + at
          + ". A colleague will check it against the photo and confirm here.");
      handOver(conversationId, "offer");
      return;
    }
    if (at != null) {
      say(conversationId, "Please type just the number on the meter's display, e.g. 04711.");
    } else {
      notUnderstood(conversationId);
    }
  }

  @Override
  void onFiles(String conversationId, JsonArray files, JsonObject message) {
    JsonObject file = files.getJsonObject(0);
    if (!file.getString("contentType", "").startsWith("image/")) {
      say(conversationId, "That is not a photo. Please send a photo of your meter.");
      return;
    }
    String created = message.getString("createdAt");
    String at = TIME.format(created == null ? Instant.now() : Instant.parse(created));
    photoAt.put(conversationId, at);
    say(conversationId, "Got your meter photo from " + at + ". What reading does the display show?");
  }
}
