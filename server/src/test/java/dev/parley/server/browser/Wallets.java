package dev.parley.server.browser;

import dev.parley.core.ApiClient;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the money browser tests share: a user's balance from the API, and the wait for what a browser shows. */
final class Wallets {

  private Wallets() {
  }

  /** The user's EUR balance in minor units, from the API. */
  static long balance(ApiClient api, TestUser user) {
    return api.get("/api/wallet", user).json().getJsonArray("wallets", new JsonArray()).stream()
        .map(w -> (JsonObject) w).filter(w -> "EUR".equals(w.getString("currency")))
        .mapToLong(w -> w.getLong("balanceMinor", 0L)).sum();
  }

  /** Waits up to 20 s, polling every 50 ms, ignoring elements that are missing or went stale meanwhile. */
  static WebDriverWait wait(WebDriver driver) {
    WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
    w.ignoring(StaleElementReferenceException.class);
    w.ignoring(org.openqa.selenium.NoSuchElementException.class);
    return w;
  }
}
