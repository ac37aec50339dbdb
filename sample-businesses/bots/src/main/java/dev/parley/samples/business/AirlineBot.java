package dev.parley.samples.business;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Skyway Air: the customer's flight is overbooked; a list picker offers alternative flights, and
 * picking one (or replying with its number) rebooks the customer; the answer has a button that
 * opens the Airline mini-app at the chosen flight (its boarding pass).
 */
final class AirlineBot extends Bot {

  static final Profile PROFILE = new Profile("skyway_air", "Skyway Air", "travel",
      "Flights across Europe. Changes, rebooking and boarding passes in Parley.");
  static final String FLIGHT = "Show my flight change";
  static final String AIRLINE_APP = "airline";
  private static final Pattern FLIGHT_NUMBER = Pattern.compile("\\bSW\\s?([0-9]{3})\\b", Pattern.CASE_INSENSITIVE);
  /** The alternatives: number, departure time, seats and fare note. */
  private static final Map<String, String> ALTERNATIVES = Map.of(
      "SW103", "Departs 13:40 · arrives 15:55 · seats left",
      "SW105", "Departs 16:10 · arrives 18:25 · window seats",
      "SW107", "Departs 19:45 · arrives 22:00 · +€40 voucher");

  private final Map<String, String> rebooked = new ConcurrentHashMap<>();

  AirlineBot(BusinessApiClient api) {
    super(api);
  }

  @Override
  Profile profile() {
    return PROFILE;
  }

  @Override
  JsonObject greeting() {
    return quickReplies("Hello from Skyway Air. There is news about your booking.", FLIGHT);
  }

  @Override
  void onText(String conversationId, String text, JsonObject message) {
    if (is(text, FLIGHT)) {
      JsonArray rows = new JsonArray();
      for (String number : new String[] {"SW103", "SW105", "SW107"}) {
        rows.add(new JsonObject().put("id", number).put("title", "SW " + number.substring(2) + " Berlin–Lisbon")
            .put("description", ALTERNATIVES.get(number)));
      }
      send(conversationId, new JsonObject().put("interactive", new JsonObject().put("type", "list")
          .put("text", "Your flight SW 101 Berlin → Lisbon today at 10:05 is overbooked, and we could not keep your "
              + "seat. We are sorry. Pick another flight at no cost, or reply with its number:")
          .put("button", "Choose a flight")
          .put("sections", new JsonArray().add(new JsonObject().put("title", "Today").put("rows", rows)))));
      return;
    }
    Matcher m = FLIGHT_NUMBER.matcher(text);
    if (m.find() && ALTERNATIVES.containsKey("SW" + m.group(1))) {
      String number = "SW" + m.group(1).toUpperCase(Locale.ROOT);
      rebooked.put(conversationId, number);
      send(conversationId, new JsonObject().put("interactive", new JsonObject().put("type", "card")
          .put("card", new JsonObject().put("title", "Rebooked on SW " + number.substring(2))
              .put("body", "Berlin → Lisbon today. " + ALTERNATIVES.get(number) + ". Your new boarding pass is ready.")
              .put("actions", new JsonArray().add(new JsonObject().put("type", "open_app")
                  .put("label", "Open boarding pass").put("appId", AIRLINE_APP).put("start", number))))));
      return;
    }
    notUnderstood(conversationId);
  }
}
