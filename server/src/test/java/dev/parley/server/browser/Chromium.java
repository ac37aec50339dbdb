package dev.parley.server.browser;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium and chromedriver, found at fixed paths (overridable with the system
 * properties {@code parley.chromium} and {@code parley.chromedriver}). Both paths are handed to
 * Selenium explicitly, so Selenium Manager never downloads a browser or a driver.
 */
final class Chromium {

  static final String DEFAULT_BROWSER = "/usr/bin/chromium";
  static final String DEFAULT_DRIVER = "/usr/bin/chromedriver";

  /** How the window is shaped: a desktop, or a phone (mobile emulation, touch, narrow layout). */
  enum Form {
    DESKTOP, PHONE
  }

  private final Path browser;
  private final Path driver;
  private final String missing;

  private Chromium(Path browser, Path driver, String missing) {
    this.browser = browser;
    this.driver = driver;
    this.missing = missing;
  }

  /**
   * The installed Chromium, or why there is none: a missing browser skips the browser tests
   * (see {@link #require}), except on CI, where it fails them.
   */
  static Chromium find() {
    Path browser = Path.of(System.getProperty("parley.chromium", DEFAULT_BROWSER));
    Path driver = Path.of(System.getProperty("parley.chromedriver", DEFAULT_DRIVER));
    Optional<Path> missing = !Files.isExecutable(browser)
        ? Optional.of(browser)
        : !Files.isExecutable(driver) ? Optional.of(driver) : Optional.empty();
    if (missing.isPresent()) {
      return new Chromium(null, null, missing.get() + " not found (apt-get install chromium chromium-driver)");
    }
    // Also honoured by Selenium's own lookup: never resolve a driver through Selenium Manager.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, driver.toString());
    return new Chromium(browser, driver, null);
  }

  boolean available() {
    return missing == null;
  }

  /**
   * Skips the calling test with one line when Chromium is missing, or fails it when the
   * {@code CI} environment variable is set: CI installs Chromium, so a missing one is a fault there.
   */
  void require() {
    if (available()) {
      return;
    }
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci)) {
      fail("browser test failed on CI: " + missing);
    }
    abort("browser test skipped: " + missing);
  }

  /** A fresh headless browser with its own empty profile directory. */
  ChromeDriver start(Form form, Path profileDir) {
    return start(form, profileDir, List.of());
  }

  /**
   * A fresh headless browser with its own empty profile directory and {@code extraArguments} for
   * Chromium (such as {@code --autoplay-policy=no-user-gesture-required}).
   */
  ChromeDriver start(Form form, Path profileDir, List<String> extraArguments) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments(List.of(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--lang=en-US",
        "--user-data-dir=" + profileDir.toAbsolutePath()));
    options.addArguments(extraArguments);
    if (form == Form.PHONE) {
      options.setExperimentalOption("mobileEmulation",
          Map.of("deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 1.0, "touch", true)));
    } else {
      options.addArguments("--window-size=1280,860");
    }
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver.toFile())
        .usingAnyFreePort()
        .withLogOutput(System.err)
        .build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return chrome;
  }

  /** A new empty directory for a browser profile. */
  static Path newProfileDir() {
    try {
      return Files.createTempDirectory("parley-chromium-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a browser profile directory", e);
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temporary directory; leaving it behind is harmless
    }
  }
}
