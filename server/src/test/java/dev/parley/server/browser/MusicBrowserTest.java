package dev.parley.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ApiClient;
import dev.parley.core.Reply;
import dev.parley.core.TestUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Listening together with the music sample, in headless Chromium: two members open the player in
 * the same group, each in their own browser; a track one of them adds appears in both queues; one
 * presses Play and the other's audio plays; the now-playing card appears in the conversation; a
 * third member who opens the player later starts near the current position; one pauses and the
 * others' audio pauses. Every wait polls for the state with a deadline; nothing asserts a time.
 * The browsers may play without a gesture ({@code --autoplay-policy=no-user-gesture-required}), as
 * a member who tapped "join" would.
 */
class MusicBrowserTest {

  private static final String AUTOPLAY = "--autoplay-policy=no-user-gesture-required";
  /** How far apart two players may be when compared (reading both takes a moment too). */
  private static final double NEAR_SECONDS = 1.5;

  @RegisterExtension
  static final BrowserServer server = BrowserServer.parley().withAdmin()
      // *.localhost resolves to the loopback address in Chromium: the messenger is localhost, apps <id>.apps.localhost.
      .baseHost("localhost");

  @RegisterExtension
  final TestBrowsers browsers = server.browsers();

  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = server.api();
  }

  @Test
  void twoMembersListenTogether_aPauseByOnePausesTheOther_andALateJoinerStartsWhereTheyAre() {
    TestUser ann = api.signUp("ann");
    TestUser bob = api.signUp("bob");
    TestUser cid = api.signUp("cid");
    String group = api.group(ann, "Listening " + ann.username(), bob, cid).getString("id");
    Reply installed = api.post("/api/conversations/" + group + "/apps", ann, new JsonObject().put("appId", "music"));
    assertThat(installed.status()).as("the music sample is published at start: %s", installed).isBetween(200, 201);
    for (TestUser u : List.of(ann, bob, cid)) {
      Reply consent = api.post("/api/apps/music/consent", u, new JsonObject().put("permissions",
          new JsonArray().add("storage.conversation").add("cards.post").add("media.upload")));
      assertThat(consent.status()).as("%s", consent).isEqualTo(200);
    }

    WebDriver a = signedIn("ann", ann);
    WebDriver b = signedIn("bob", bob);
    WebDriver c = signedIn("cid", cid); // signed in now, opens the player later
    openPlayer(a, group);
    openPlayer(b, group);

    // Ann adds tracks (enough to outlast a slow machine): they reach Bob's queue through the broadcast.
    List<String> tracks = List.of("harbour-lights", "night-tram", "glass-rain");
    for (String track : tracks) {
      a.findElement(By.cssSelector("#catalogue li[data-track-id='" + track + "'] button")).click();
      int n = tracks.indexOf(track) + 1;
      wait(a).until(x -> x.findElements(By.cssSelector("#queue li")).size() == n);
    }
    wait(b).until(x -> x.findElements(By.cssSelector("#queue li")).size() == tracks.size());
    assertThat(b.findElement(By.id("now-title")).getText()).isEqualTo("Harbour Lights");

    // Ann presses Play: Bob's audio plays.
    a.findElement(By.id("play")).click();
    for (WebDriver d : List.of(a, b)) {
      wait(d).until(x -> playing(x) && currentTime(x) > 0.2);
    }

    // The now-playing card is in the conversation.
    b.switchTo().defaultContent();
    wait(b).until(x -> x.findElements(By.cssSelector("[data-testid=message-list] [data-testid=app-card]")).stream()
        .anyMatch(card -> card.getText().contains("Now playing: Harbour Lights")));
    b.switchTo().frame(b.findElement(By.cssSelector("[data-testid=app-frame]")));

    // Cid opens the player later: it starts where the others are, not at the start.
    openPlayer(c, group);
    wait(c).until(x -> playing(x) && currentTime(x) > 0.2);
    wait(c).until(x -> {
      double before = currentTime(a);
      double late = currentTime(x);
      double after = currentTime(a);
      return late >= before - NEAR_SECONDS && late <= after + NEAR_SECONDS;
    });

    // Bob pauses: Ann's and Cid's audio pause, at about the same place.
    long pressed = ((Number) script(b, "return Date.now();")).longValue();
    b.findElement(By.id("play")).click();
    for (WebDriver d : List.of(a, b, c)) {
      wait(d).until(x -> paused(x));
      wait(d).until(x -> "false".equals(x.findElement(By.tagName("body")).getAttribute("data-playing")));
    }
    // A figure, not an assertion: all browsers share this machine's clock.
    System.out.printf("MusicBrowserTest: Bob's pause reached Ann's page %d ms and Cid's %d ms after the click began"
        + " (WebDriver's click included)%n", appliedAt(a) - pressed, appliedAt(c) - pressed);
    double at = currentTime(b);
    for (WebDriver d : List.of(a, c)) {
      wait(d).until(x -> Math.abs(currentTime(x) - at) < NEAR_SECONDS);
    }
  }

  /** {@code user}, signed in to the messenger in a new browser that may play audio without a gesture. */
  private WebDriver signedIn(String name, TestUser user) {
    WebDriver driver = browsers.open(name, Chromium.Form.DESKTOP, AUTOPLAY);
    ChatPage page = new ChatPage(driver, server.baseUrl());
    page.signIn(user.username(), ApiClient.PASSWORD);
    page.awaitLive();
    return driver;
  }

  /** Opens the music page in the group by its deep link; leaves the driver inside its frame, ready. */
  private void openPlayer(WebDriver driver, String group) {
    ChatPage page = new ChatPage(driver, server.baseUrl());
    driver.get(server.baseUrl() + "/c/" + group + "?app=music");
    driver.switchTo().frame(page.visible("[data-testid=app-panel][data-app-id='music'] [data-testid=app-frame]"));
    wait(driver).until(d -> !"loading".equals(d.findElement(By.tagName("body")).getAttribute("data-status")));
    assertThat(driver.findElement(By.tagName("body")).getAttribute("data-status"))
        .as("the player started: %s", driver.findElement(By.id("error")).getText()).isEqualTo("ready");
    wait(driver).until(d -> !d.findElements(By.cssSelector("#catalogue li")).isEmpty());
  }

  /** When the page applied the last state it heard, on its own clock (epoch ms). */
  private static long appliedAt(WebDriver d) {
    return Long.parseLong(d.findElement(By.tagName("body")).getAttribute("data-applied-at"));
  }

  private static boolean playing(WebDriver d) {
    return Boolean.FALSE.equals(script(d, "return document.getElementById('audio').paused;"));
  }

  private static boolean paused(WebDriver d) {
    return Boolean.TRUE.equals(script(d, "return document.getElementById('audio').paused;"));
  }

  private static double currentTime(WebDriver d) {
    return ((Number) script(d, "return document.getElementById('audio').currentTime;")).doubleValue();
  }

  private static Object script(WebDriver d, String js) {
    return ((JavascriptExecutor) d).executeScript(js);
  }

  private static WebDriverWait wait(WebDriver driver) {
    WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
    w.ignoring(StaleElementReferenceException.class);
    w.ignoring(NoSuchElementException.class);
    return w;
  }
}
