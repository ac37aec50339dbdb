package dev.parley.core.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a node joins a cluster ({@code cluster.*} settings): off by default (one process, embedded
 * defaults). On, the node binds Hazelcast's membership port {@link #getPort()} and the event bus on
 * {@link #getHost()}, and finds the others through the TCP/IP {@link #getMembers()} list (multicast
 * is never used).
 */
public final class ClusterOptions {

  public static final int DEFAULT_PORT = 5701;

  private boolean enabled;
  private String host = "127.0.0.1";
  private int port = DEFAULT_PORT;
  private int eventBusPort;
  private @Nullable String publicHost;
  private List<String> members = List.of();

  public ClusterOptions() {
  }

  public ClusterOptions(ClusterOptions other) {
    this.enabled = other.enabled;
    this.host = other.host;
    this.port = other.port;
    this.eventBusPort = other.eventBusPort;
    this.publicHost = other.publicHost;
    this.members = other.members;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public ClusterOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** The address this node binds for the cluster (membership and event bus). */
  public String getHost() {
    return host;
  }

  public ClusterOptions setHost(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    this.host = host.trim();
    return this;
  }

  /** Hazelcast's membership port; the members list names the others' ports. */
  public int getPort() {
    return port;
  }

  public ClusterOptions setPort(long port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
    this.port = (int) port;
    return this;
  }

  /** The event bus's TCP port; 0 picks a free one (the others learn it through Hazelcast). */
  public int getEventBusPort() {
    return eventBusPort;
  }

  public ClusterOptions setEventBusPort(long eventBusPort) {
    if (eventBusPort < 0 || eventBusPort > 65535) {
      throw new IllegalArgumentException("eventBusPort must be between 0 and 65535, got " + eventBusPort);
    }
    this.eventBusPort = (int) eventBusPort;
    return this;
  }

  /** The address other nodes reach this one at, when it differs from {@link #getHost()} (NAT, containers). */
  public Optional<String> getPublicHost() {
    return Optional.ofNullable(publicHost);
  }

  public ClusterOptions setPublicHost(@Nullable String publicHost) {
    this.publicHost = publicHost == null || publicHost.isBlank() ? null : publicHost.trim();
    return this;
  }

  /** The members to contact, {@code host:port} (or {@code host}, port {@value #DEFAULT_PORT}). */
  public List<String> getMembers() {
    return members;
  }

  public @Nullable String getMembersText() {
    return members.isEmpty() ? null : String.join(",", members);
  }

  public ClusterOptions setMembers(List<String> members) {
    List<String> out = new ArrayList<>();
    for (String m : members) {
      String t = m.trim();
      if (t.isEmpty()) {
        continue;
      }
      int colon = t.lastIndexOf(':');
      if (colon >= 0) {
        try {
          int p = Integer.parseInt(t.substring(colon + 1));
          if (p < 1 || p > 65535) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("members: '" + t + "' is not host:port");
        }
      }
      out.add(t);
    }
    this.members = List.copyOf(out);
    return this;
  }

  /** A comma-separated list, as flags and environment variables give it. */
  public ClusterOptions setMembers(@Nullable String text) {
    return setMembers(text == null ? List.of() : List.of(text.split(",")));
  }
}
