package dev.parley.server.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogType;

/**
 * Keeps what a failed browser test saw: a screenshot, the page source and the console log of
 * every open browser, under {@code target/browser-screenshots/}. It runs right after the test
 * method and before {@code @AfterEach} closes the browsers (a {@code TestWatcher} would come too
 * late for that). With {@code -Dparley.browser.screenshots=always} it keeps them for passing tests too.
 * {@link TestBrowsers} calls {@link #keep} itself; as an extension of its
 * own this class serves test classes that implement {@link Browsers}.
 */
final class BrowserArtifacts implements AfterTestExecutionCallback {

  /** Implemented by test classes: the browsers open right now, by a short name. */
  interface Browsers {
    Map<String, WebDriver> openBrowsers();
  }

  static Path directory() {
    return Path.of(System.getProperty("basedir", "."), "target", "browser-screenshots");
  }

  /** Removes what an earlier run kept for this test class, so that the folder shows this run only. */
  static void clear(Class<?> testClass) {
    Path dir = directory();
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().startsWith(testClass.getSimpleName() + ".")) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      System.err.println("cannot clear " + dir + ": " + e);
    }
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getTestInstance().orElse(null) instanceof Browsers browsers) {
      keep(context, browsers.openBrowsers());
    }
  }

  /** Keeps what {@code browsers} show, if the test of {@code context} failed (or always, if so told). */
  static void keep(ExtensionContext context, Map<String, WebDriver> browsers) {
    boolean failed = context.getExecutionException().isPresent();
    boolean always = "always".equals(System.getProperty("parley.browser.screenshots"));
    if (!failed && !always) {
      return;
    }
    String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    String prefix = test + (failed ? "-FAILED" : "");
    Path dir = directory();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      System.err.println("cannot create " + dir + ": " + e);
      return;
    }
    for (Map.Entry<String, WebDriver> e : browsers.entrySet()) {
      save(dir, prefix + "-" + e.getKey(), e.getValue());
    }
    if (failed) {
      System.err.println("browser test failed; screenshots and page sources are in " + dir.toAbsolutePath());
    }
  }

  private static void save(Path dir, String name, WebDriver driver) {
    try {
      Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(png, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (RuntimeException | IOException ex) {
      System.err.println("no screenshot of " + name + ": " + ex);
    }
    try {
      String html = "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource();
      Files.writeString(dir.resolve(name + ".html"), html, StandardCharsets.UTF_8);
    } catch (RuntimeException | IOException ex) {
      System.err.println("no page source of " + name + ": " + ex);
    }
    try {
      String log = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .map(entry -> entry.getLevel() + " " + entry.getMessage())
          .collect(Collectors.joining("\n"));
      Files.writeString(dir.resolve(name + ".console.txt"), log, StandardCharsets.UTF_8);
    } catch (RuntimeException | IOException ex) {
      // console logs are a bonus; not every driver offers them
    }
  }
}
