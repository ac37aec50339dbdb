package dev.parley.core.accounts;

/**
 * The SMTP server that sends password-reset mail (issue 17). Mail is off while {@link #getHost()}
 * is empty: "forgot password" then answers as always but sends nothing.
 */
public final class SmtpOptions {

  public static final int DEFAULT_PORT = 587;

  private String host = "";
  private int port = DEFAULT_PORT;
  private String username = "";
  private String password = "";
  private String from = "";
  private boolean startTls = true;

  public SmtpOptions() {
  }

  public SmtpOptions(SmtpOptions other) {
    this.host = other.host;
    this.port = other.port;
    this.username = other.username;
    this.password = other.password;
    this.from = other.from;
    this.startTls = other.startTls;
  }

  /** Whether mail can be sent at all. */
  public boolean isEnabled() {
    return !host.isEmpty();
  }

  public String getHost() {
    return host;
  }

  public SmtpOptions setHost(String host) {
    this.host = host == null ? "" : host.trim();
    return this;
  }

  public int getPort() {
    return port;
  }

  public SmtpOptions setPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    this.port = port;
    return this;
  }

  public String getUsername() {
    return username;
  }

  /** Empty: the server takes mail without authentication. */
  public SmtpOptions setUsername(String username) {
    this.username = username == null ? "" : username;
    return this;
  }

  public String getPassword() {
    return password;
  }

  public SmtpOptions setPassword(String password) {
    this.password = password == null ? "" : password;
    return this;
  }

  public String getFrom() {
    return from;
  }

  /** The sender address; empty: {@code parley@<host>}. */
  public SmtpOptions setFrom(String from) {
    String f = from == null ? "" : from.trim();
    if (!f.isEmpty() && !Emails.valid(f.toLowerCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException("from must be an e-mail address, got " + f);
    }
    this.from = f;
    return this;
  }

  /** The sender address in effect. */
  String sender() {
    return from.isEmpty() ? "parley@" + host : from;
  }

  public boolean isStartTls() {
    return startTls;
  }

  /** Whether the connection must be upgraded with STARTTLS before anything is sent. */
  public SmtpOptions setStartTls(boolean startTls) {
    this.startTls = startTls;
    return this;
  }

  @Override
  public String toString() {
    return "SmtpOptions[host=" + host + ", port=" + port + ", from=" + from + ", startTls=" + startTls
        + ", username=" + (username.isEmpty() ? "" : "set") + "]";
  }
}
