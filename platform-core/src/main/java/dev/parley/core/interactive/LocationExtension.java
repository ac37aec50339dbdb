package dev.parley.core.interactive;

import dev.parley.core.accounts.Account;
import dev.parley.core.chat.MessageExtension;
import dev.parley.core.common.PlatformException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Send body field {@code location: {latitude, longitude, accuracyMeters?, label?}}: a shared
 * place, stored as extras {@code location} (rounded to about 1 m) and shown as a map link. Anyone
 * may share one; the browser asks the person before it tells the page where they are.
 */
public final class LocationExtension implements MessageExtension {

  @Override
  public Set<String> fields() {
    return Set.of("location");
  }

  @Override
  public Future<JsonObject> extras(Account sender, String conversationId, JsonObject body) {
    if (!(body.getValue("location") instanceof JsonObject location)
        || !(location.getValue("latitude") instanceof Number lat)
        || !(location.getValue("longitude") instanceof Number lon)
        || Math.abs(lat.doubleValue()) > 90 || Math.abs(lon.doubleValue()) > 180
        || !Double.isFinite(lat.doubleValue()) || !Double.isFinite(lon.doubleValue())) {
      return Future.failedFuture(PlatformException.invalid("/location",
          "location must be {latitude: -90..90, longitude: -180..180, accuracyMeters?, label?}"));
    }
    JsonObject out = new JsonObject().put("latitude", round(lat.doubleValue())).put("longitude",
        round(lon.doubleValue()));
    if (location.getValue("accuracyMeters") instanceof Number accuracy && accuracy.doubleValue() >= 0) {
      out.put("accuracyMeters", Math.min(100_000, Math.round(accuracy.doubleValue())));
    }
    if (location.getValue("label") instanceof String label && !label.isBlank()) {
      if (label.length() > 200) {
        return Future
            .failedFuture(PlatformException.invalid("/location/label", "label must be at most 200 characters"));
      }
      out.put("label", label.strip());
    }
    return Future.succeededFuture(new JsonObject().put("location", out));
  }

  private static double round(double degrees) {
    return Math.round(degrees * 100_000d) / 100_000d;
  }
}
