package dev.parley.server.browser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;

/**
 * The browsers of one test, each with its own empty profile, registered on an instance field
 * ({@link BrowserServer#browsers()}). Before each test it skips the test when Chromium is missing
 * (fails it on CI); right after the test it keeps what the browsers saw if the test failed
 * ({@link BrowserArtifacts}); after the test it quits them and deletes their profiles.
 */
final class TestBrowsers implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {

  private final Chromium chromium;
  private final Supplier<String> baseUrl;
  private final Map<String, WebDriver> open = new LinkedHashMap<>();
  private final List<Path> profiles = new ArrayList<>();

  TestBrowsers(Chromium chromium, Supplier<String> baseUrl) {
    this.chromium = chromium;
    this.baseUrl = baseUrl;
  }

  /** A new desktop browser, named {@code name} in the failure artifacts. */
  WebDriver open(String name) {
    return open(name, Chromium.Form.DESKTOP);
  }

  /**
   * A new browser of {@code form}, named {@code name} in the failure artifacts, started with
   * {@code extraArguments} for Chromium if any.
   */
  WebDriver open(String name, Chromium.Form form, String... extraArguments) {
    Path profile = Chromium.newProfileDir();
    profiles.add(profile);
    WebDriver driver = chromium.start(form, profile, List.of(extraArguments));
    open.put(name, driver);
    return driver;
  }

  /** The messenger in a new desktop browser. */
  ChatPage chat(String name) {
    return chat(name, Chromium.Form.DESKTOP);
  }

  /** The messenger in a new browser of {@code form}. */
  ChatPage chat(String name, Chromium.Form form) {
    return new ChatPage(open(name, form), baseUrl.get());
  }

  /** The admin console in a new desktop browser. */
  AdminPage admin(String name) {
    return new AdminPage(open(name), baseUrl.get());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    chromium.require();
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    BrowserArtifacts.keep(context, open);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (WebDriver d : open.values()) {
      try {
        d.quit();
      } catch (RuntimeException e) {
        // already gone
      }
    }
    open.clear();
    profiles.forEach(Chromium::deleteTree);
    profiles.clear();
  }
}
