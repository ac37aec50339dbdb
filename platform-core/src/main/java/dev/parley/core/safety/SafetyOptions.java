package dev.parley.core.safety;

/**
 * Safety settings: how many messages one account may send in a window (HTTP and live sends alike;
 * past it a send is refused with 429 {@code rate-limited} and {@code Retry-After}).
 */
public final class SafetyOptions {

  public static final int DEFAULT_SENDS_PER_WINDOW = 20;
  public static final int DEFAULT_SEND_WINDOW_SECONDS = 10;

  private int sendsPerWindow = DEFAULT_SENDS_PER_WINDOW;
  private int sendWindowSeconds = DEFAULT_SEND_WINDOW_SECONDS;

  public SafetyOptions() {
  }

  public SafetyOptions(SafetyOptions other) {
    this.sendsPerWindow = other.sendsPerWindow;
    this.sendWindowSeconds = other.sendWindowSeconds;
  }

  /** Messages one account may send per window (a burst of this many, then refilled over the window). */
  public int getSendsPerWindow() {
    return sendsPerWindow;
  }

  public SafetyOptions setSendsPerWindow(int sendsPerWindow) {
    if (sendsPerWindow < 1) {
      throw new IllegalArgumentException("sendsPerWindow must be at least 1");
    }
    this.sendsPerWindow = sendsPerWindow;
    return this;
  }

  /** The window of {@link #getSendsPerWindow()}, in seconds. */
  public int getSendWindowSeconds() {
    return sendWindowSeconds;
  }

  public SafetyOptions setSendWindowSeconds(int sendWindowSeconds) {
    if (sendWindowSeconds < 1) {
      throw new IllegalArgumentException("sendWindowSeconds must be at least 1");
    }
    this.sendWindowSeconds = sendWindowSeconds;
    return this;
  }
}
