package dev.parley.core.accounts;

import java.util.Locale;

/** A short, human summary of a User-Agent header ("Firefox on Linux") for the list of sessions. */
final class Devices {

  private Devices() {
  }

  static String summary(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "Unknown device";
    }
    String ua = userAgent.toLowerCase(Locale.ROOT);
    String browser = ua.contains("edg/")
        ? "Edge"
        : ua.contains("opr/") || ua.contains("opera")
            ? "Opera"
            : ua.contains("firefox/")
                ? "Firefox"
                : ua.contains("chrome/") || ua.contains("chromium/")
                    ? "Chrome"
                    : ua.contains("safari/")
                        ? "Safari"
                        : ua.contains("curl/")
                            ? "curl"
                            : "Browser";
    String os = ua.contains("android")
        ? "Android"
        : ua.contains("iphone") || ua.contains("ipad")
            ? "iOS"
            : ua.contains("windows")
                ? "Windows"
                : ua.contains("mac os") || ua.contains("macintosh")
                    ? "macOS"
                    : ua.contains("cros")
                        ? "ChromeOS"
                        : ua.contains("linux")
                            ? "Linux"
                            : null;
    return os == null ? browser : browser + " on " + os;
  }
}
